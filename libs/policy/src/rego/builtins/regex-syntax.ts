/**
 * Translates Go RE2 syntax into a JavaScript RegExp. Policies are written against OPA,
 * so a pattern means what RE2 says it means: leading `(?i)`-style flags, `(?P<name>…)`,
 * `\A`, `\z`, POSIX classes and `\pL` are rewritten; features RE2 lacks (lookaround,
 * backreferences) are rejected, as OPA rejects them.
 *
 * NOTE: JavaScript's engine backtracks where RE2 runs in linear time; regex-guard.ts
 * refuses exponential patterns and caps the subject's length.
 */
const POSIX_CLASSES: Record<string, string> = {
  alnum: '0-9A-Za-z',
  alpha: 'A-Za-z',
  ascii: '\\x00-\\x7F',
  blank: '\\t ',
  cntrl: '\\x00-\\x1F\\x7F',
  digit: '0-9',
  graph: '!-~',
  lower: 'a-z',
  print: ' -~',
  punct: '!-\\/:-@\\[-`{-~',
  space: '\\t\\n\\v\\f\\r ',
  upper: 'A-Z',
  word: '0-9A-Za-z_',
  xdigit: '0-9A-Fa-f',
};

const SYNTAX_CHARS = new Set('^$\\.*+?()[]{}|/'.split(''));
const CATEGORY = /^(?:L[ultmo]?|M[nce]?|N[dlo]?|P[cdseifo]?|S[mcko]?|Z[slp]?|C[cfson]?)$/;

export interface Translated {
  source: string;
  flags: string;
}

export class RegexSyntaxError extends Error {}

function leadingFlags(pattern: string): [string, string] {
  const match = /^\(\?([imsU]+)\)/.exec(pattern);
  if (!match) return ['', pattern];
  const flags = match[1] as string;
  if (flags.includes('U')) throw new RegexSyntaxError('ungreedy mode (?U) is not supported');
  return [flags, pattern.slice(match[0].length)];
}

function propertyEscape(name: string, negated: boolean): string {
  const body = CATEGORY.test(name) ? name : `Script=${name}`;
  return `${negated ? '\\P' : '\\p'}{${body}}`;
}

/** One escape sequence starting at `pattern[i]` (a backslash); returns [text, length]. */
function escape(pattern: string, i: number, inClass: boolean): [string, number] {
  const next = pattern[i + 1];
  if (next === undefined) throw new RegexSyntaxError('trailing backslash at end of expression');
  if (next === 'A') return ['(?<![\\s\\S])', 2];
  if (next === 'z') return ['(?![\\s\\S])', 2];
  if (next === 'p' || next === 'P') {
    const braced = /^\{(\^?)([A-Za-z_]+)\}/.exec(pattern.slice(i + 2));
    if (braced) {
      const negated = (next === 'P') !== (braced[1] === '^');
      return [propertyEscape(braced[2] as string, negated), 2 + braced[0].length];
    }
    const single = pattern[i + 2];
    if (single === undefined) throw new RegexSyntaxError('invalid character class range');
    return [propertyEscape(single, next === 'P'), 3];
  }
  if (/[1-9]/.test(next)) throw new RegexSyntaxError(`invalid escape sequence: \\${next}`);
  if (/[A-Za-z0-9]/.test(next)) return [`\\${next}`, 2];
  if (SYNTAX_CHARS.has(next) || (inClass && next === '-')) return [`\\${next}`, 2];
  return [next, 2];
}

function groupOpening(pattern: string, i: number): [string, number] {
  const rest = pattern.slice(i);
  const named = /^\(\?P?<([A-Za-z_][A-Za-z0-9_]*)>/.exec(rest);
  if (named) return [`(?<${named[1]}>`, named[0].length];
  if (rest.startsWith('(?:')) return ['(?:', 3];
  if (/^\(\?[=!]|^\(\?<[=!]/.test(rest)) {
    throw new RegexSyntaxError('invalid or unsupported Perl syntax: lookaround');
  }
  if (rest.startsWith('(?')) throw new RegexSyntaxError('invalid or unsupported Perl syntax: `(?`');
  return ['(', 1];
}

function posixClass(pattern: string, i: number): [string, number] | undefined {
  const match = /^\[:(\^?)([a-z]+):\]/.exec(pattern.slice(i));
  if (!match) return undefined;
  const ranges = POSIX_CLASSES[match[2] as string];
  if (ranges === undefined) throw new RegexSyntaxError('invalid character class range');
  if (match[1]) throw new RegexSyntaxError('negated POSIX classes are not supported');
  return [ranges, match[0].length];
}

export function translateRe2(pattern: string): Translated {
  const [flagText, body] = leadingFlags(pattern);
  let out = '';
  let inClass = false;
  let i = 0;
  while (i < body.length) {
    const ch = body[i] as string;
    let piece: [string, number];
    if (ch === '\\') {
      piece = escape(body, i, inClass);
    } else if (inClass) {
      if (ch === ']') inClass = false;
      piece = ch === '[' ? (posixClass(body, i) ?? ['\\[', 1]) : [ch, 1];
    } else if (ch === '[') {
      inClass = true;
      piece = openClass(body, i);
    } else if (ch === '(') {
      piece = groupOpening(body, i);
    } else if (ch === '{' || ch === '}') {
      piece = braces(body, i);
    } else {
      piece = [ch, 1];
    }
    out += piece[0];
    i += piece[1];
  }
  if (inClass) throw new RegexSyntaxError('missing closing ]');
  return { source: out, flags: `u${flagText.replace('U', '')}` };
}

/** `[`, `[^`, and a `]` right after them, which RE2 reads as a literal. */
function openClass(pattern: string, i: number): [string, number] {
  let text = '[';
  let length = 1;
  if (pattern[i + length] === '^') {
    text += '^';
    length += 1;
  }
  if (pattern[i + length] === ']') {
    text += '\\]';
    length += 1;
  }
  return [text, length];
}

/** A repetition `{n}`, `{n,}`, `{n,m}` stays; any other brace is a literal in RE2. */
function braces(pattern: string, i: number): [string, number] {
  const quantifier = /^\{\d+(?:,\d*)?\}/.exec(pattern.slice(i));
  if (quantifier) return [quantifier[0], quantifier[0].length];
  return [`\\${pattern[i] as string}`, 1];
}
