import type { Node } from '../ast.js';
import type { Rule } from '../rule.js';

const defaultMinLength = 200;
const defaultMinEscapeRun = 20;
/** The share of characters that must belong to the encoding's alphabet. */
const minAlphabetShare = 0.98;
/** Real base64 of real data uses most of its alphabet; `aaaa…` or `----` does not. */
const minDistinctBase64Chars = 16;

const escapeRun = /(?:\\x[0-9a-fA-F]{2}|\\u[0-9a-fA-F]{4}|\\u\{[0-9a-fA-F]{1,6}\})+/g;
const oneEscape = /\\x|\\u/g;
const mediaDataUrl = /^data:(?:image|font|audio|video)\/[\w.+-]+;base64,/i;

function share(text: string, alphabet: RegExp): number {
  return (text.match(alphabet)?.length ?? 0) / text.length;
}

/** 'base64' or 'hex' when a long string is almost entirely that encoding, else undefined. */
export function encodingOf(text: string, minLength: number): 'base64' | 'hex' | undefined {
  // Line breaks are allowed: base64 is often wrapped at 64 or 76 characters.
  const compact = text.replace(/[\r\n]/g, '');
  if (compact.length < minLength || mediaDataUrl.test(compact)) return undefined;
  if (/^https?:\/\//i.test(compact)) return undefined;
  const hasDigit = /\d/.test(compact);
  if (hasDigit && /[a-f]/i.test(compact) && share(compact, /[0-9a-f]/gi) >= minAlphabetShare) {
    return 'hex';
  }
  const mixed = hasDigit && /[A-Z]/.test(compact) && /[a-z]/.test(compact);
  if (!mixed || new Set(compact).size < minDistinctBase64Chars) return undefined;
  return share(compact, /[A-Za-z0-9+/=_-]/g) >= minAlphabetShare ? 'base64' : undefined;
}

/** The longest run of consecutive `\xHH` / `\uHHHH` escapes in raw source text. */
export function longestEscapeRun(raw: string): number {
  let longest = 0;
  for (const match of raw.matchAll(escapeRun)) {
    longest = Math.max(longest, match[0].match(oneEscape)?.length ?? 0);
  }
  return longest;
}

function numberOption(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : fallback;
}

const why =
  'encoded text hides what the code carries from review. Keep code and data ' +
  'readable in the source, or fetch data through a capability.';

/**
 * Warns about string literals that are long blobs of base64 or hex, or long runs of
 * `\x..` / `\u....` escapes in the source: both are how payloads are smuggled past review.
 * Options: `minLength` (characters, default 200) and `minEscapeRun` (default 20).
 * NOTE: an escaped backslash before `x41` (`\\x41`) is counted as an escape.
 */
export const noLongEncodedLiterals: Rule = {
  meta: {
    id: 'no-long-encoded-literals',
    severity: 'warning',
    category: 'obfuscation',
    description: 'Long base64 or hex string literals, or long runs of \\x / \\u escapes.',
    options: { minLength: 'positive-number', minEscapeRun: 'positive-number' },
  },
  create(context) {
    const minLength = numberOption(context.options.minLength, defaultMinLength);
    const minEscapeRun = numberOption(context.options.minEscapeRun, defaultMinEscapeRun);
    const check = (node: Node, text: string, raw: string): void => {
      const run = longestEscapeRun(raw);
      const encoding = run >= minEscapeRun ? undefined : encodingOf(text, minLength);
      if (run < minEscapeRun && encoding === undefined) return;
      const found = encoding
        ? `a ${text.length}-character string that is almost entirely ${encoding}`
        : `a string with ${run} escape sequences in a row`;
      context.report({
        node,
        message: `Found ${found}: ${why}`,
      });
    };

    return {
      Literal(node) {
        if (typeof node.value !== 'string') return;
        check(node, node.value, typeof node.raw === 'string' ? node.raw : '');
      },
      TemplateElement(node) {
        const value = node.value as { raw: string; cooked?: string | null };
        check(node, value.cooked ?? value.raw, value.raw);
      },
    };
  },
};
