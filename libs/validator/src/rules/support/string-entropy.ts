/** Shannon entropy of a string, in bits per character. */
export function shannonEntropyBits(text: string): number {
  if (text.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const char of text) counts.set(char, (counts.get(char) ?? 0) + 1);
  const length = [...text].length;
  let bits = 0;
  for (const count of counts.values()) {
    const p = count / length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

const placeholderPatterns = [
  /^<[^>]*>$/,
  // Bounded, so a crafted string of many `${` cannot make the scan quadratic.
  /\$\{[^}]{0,64}\}/,
  /\{\{[^}]{0,64}\}\}/,
  /^%[^%]+%$/,
  /^\[[^\]]*\]$/,
  /(.)\1{5}/,
  /your[-_ ]?|change[-_ ]?me|example|placeholder|redacted|dummy|sample|replace[-_ ]?me/i,
];

/**
 * Whether a value is a stand-in for a secret rather than one: `<your-token-here>`,
 * `${TOKEN}`, `{{ secret }}`, `%API_KEY%`, a run of one character (`xxxxxx`, `******`), or
 * words such as your, changeme, example, placeholder, redacted, dummy or sample.
 */
export function looksLikePlaceholder(text: string): boolean {
  return placeholderPatterns.some((pattern) => pattern.test(text));
}

/** A run that reads as a word: three letters or more with a vowel, or a short acronym. */
function isWordLike(run: string): boolean {
  if (run.length < 3) return false;
  return /[aeiouy]/i.test(run) || (/^[A-Z]+$/.test(run) && run.length <= 4);
}

/**
 * Whether a value reads as words rather than random characters: no digits, and at least
 * four fifths of its letters in word-like camel-case or separated runs
 * (`?NonExpressionParenEnd`, `?InterpolationInJSX`). Mixed-case random text splits into
 * short runs, and random key material almost always has a digit.
 *
 * NOTE: about 0.3% of random 16-character base62 strings are letters only and happen to
 * split into word-like runs; those are missed. Longer values are missed less often.
 */
export function looksLikeWords(text: string): boolean {
  if (/[0-9]/.test(text)) return false;
  const runs = text.match(/[A-Z]+(?![a-z])|[A-Z]?[a-z]+/g) ?? [];
  const letters = runs.reduce((sum, run) => sum + run.length, 0);
  const inWords = runs.reduce((sum, run) => sum + (isWordLike(run) ? run.length : 0), 0);
  return letters > 0 && inWords >= letters * 0.8;
}
