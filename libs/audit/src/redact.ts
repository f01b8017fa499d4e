/**
 * Threat model: an audit log is read by more people than the secrets it mentions were meant
 * for, and it is kept for years. Redaction removes secret values the operator names and
 * anything shaped like a credential before a record is hashed and written. It cannot know
 * a secret it was not told about that has no recognisable shape; that is the proxy's job.
 */

export const redactedMark = '[redacted]';

/** Keys (lower case, `-` and `_` removed) whose values are always replaced. */
const credentialKeys = new Set([
  'authorization',
  'proxyauthorization',
  'cookie',
  'setcookie',
  'password',
  'passwd',
  'secret',
  'token',
  'apikey',
  'privatekey',
]);

/** Keys ending like these are credentials too: `client_secret`, `accessToken`, `db-password`. */
const credentialSuffixes = ['secret', 'token', 'password', 'apikey', 'privatekey'];

/** Credential shapes inside free text. Each keeps a harmless prefix where it has one. */
const credentialPatterns: ReadonlyArray<readonly [RegExp, string]> = [
  [
    /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)/g,
    redactedMark,
  ],
  [/\b(Bearer|Basic|Token)\s+[A-Za-z0-9\-._~+/]{8,}=*/gi, `$1 ${redactedMark}`],
  [/\beyJ[A-Za-z0-9_-]{4,}\.eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}/g, redactedMark],
  [/\bsk-[A-Za-z0-9_-]{16,}/g, redactedMark],
  [/\b(?:gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{30,})/g, redactedMark],
  [/\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g, redactedMark],
  [/\bxox[abposr]-[A-Za-z0-9-]{10,}/g, redactedMark],
  [
    /\b(password|passwd|secret|token|api[_-]?key|access[_-]?key)(["']?\s*[=:]\s*["']?)[^\s"'&,;]{4,}/gi,
    `$1$2${redactedMark}`,
  ],
];

/** A cheap test that skips the patterns for strings that cannot contain any of them. */
const mayHoldCredential =
  /BEGIN|bearer|basic|token|eyJ|sk-|gh[pousr]_|github_pat_|AKIA|ASIA|xox|passw|secret|key/i;

export interface RedactorOptions {
  /**
   * Exact secret values to remove wherever they appear, inside any string. Values shorter
   * than 4 characters are ignored: scrubbing them would shred ordinary text.
   */
  secrets?: readonly string[];
}

/** Answers for keys seen before: records repeat the same few keys millions of times. */
const credentialKeyCache = new Map<string, boolean>();
const credentialKeyCacheSize = 10_000;

/** True when a member named `key` holds a credential whatever its value looks like. */
export function isCredentialKey(key: string): boolean {
  const cached = credentialKeyCache.get(key);
  if (cached !== undefined) return cached;
  const normal = key.toLowerCase().replace(/[-_]/g, '');
  const answer =
    credentialKeys.has(normal) || credentialSuffixes.some((suffix) => normal.endsWith(suffix));
  if (credentialKeyCache.size < credentialKeyCacheSize) credentialKeyCache.set(key, answer);
  return answer;
}

function ownValue(value: unknown): PropertyDescriptor {
  return { value, enumerable: true, writable: true, configurable: true };
}

/**
 * Builds a function that returns a redacted deep copy of a JSON-like value: credential
 * keys' values become `[redacted]`, and every string has secret values and credential
 * shapes replaced. The input is never modified.
 *
 * NOTE: a credential with no known shape, under an innocent key, passes unless the
 * operator lists its value in `secrets`.
 */
export function createRedactor(options: RedactorOptions = {}): <T>(value: T) => T {
  const secrets = [...new Set(options.secrets ?? [])]
    .filter((secret) => secret.length >= 4)
    .sort((a, b) => b.length - a.length);

  const text = (value: string): string => {
    let out = value;
    for (const secret of secrets) {
      if (out.includes(secret)) out = out.split(secret).join(redactedMark);
    }
    if (!mayHoldCredential.test(out)) return out;
    for (const [pattern, replacement] of credentialPatterns)
      out = out.replace(pattern, replacement);
    return out;
  };

  const walk = (value: unknown): unknown => {
    if (typeof value === 'string') return text(value);
    if (value === null || typeof value !== 'object') return value;
    if (Array.isArray(value)) return value.map(walk);
    const copy: Record<string, unknown> = {};
    for (const key of Object.keys(value)) {
      const member = (value as Record<string, unknown>)[key];
      const clean = isCredentialKey(key) && member !== undefined ? redactedMark : walk(member);
      // defineProperty keeps a `__proto__` key a plain own key instead of a prototype.
      if (key === '__proto__') Object.defineProperty(copy, key, ownValue(clean));
      else copy[key] = clean;
    }
    return copy;
  };

  return <T>(value: T): T => walk(value) as T;
}
