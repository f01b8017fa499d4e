/**
 * The operations the constant folder (fold.ts) knows, applied to values it has already
 * folded. Each is re-implemented here on plain strings, numbers and arrays: nothing from
 * the checked code is ever run. Anything not listed gives undefined ("unknown").
 */
export type FoldValue = string | number | FoldValue[];

/** Numeric binary operators; `+` on a string is concatenation and handled by the caller. */
export const numericOperators: Record<string, (a: number, b: number) => number> = {
  '+': (a, b) => a + b,
  '-': (a, b) => a - b,
  '*': (a, b) => a * b,
  '/': (a, b) => a / b,
  '%': (a, b) => a % b,
  '**': (a, b) => a ** b,
  '<<': (a, b) => a << b,
};

const decoders: Record<string, (text: string) => string> = {
  atob: (text) => atob(text),
  decodeURIComponent: (text) => decodeURIComponent(text),
  decodeURI: (text) => decodeURI(text),
  unescape: (text) => unescape(text),
};

/** Globals that decode text: the usual way to hide a name or code from a reader. */
export const decoderNames: ReadonlySet<string> = new Set(Object.keys(decoders));

/** Statics that build a string from character codes, the other way to hide one. */
export const charCodePaths: ReadonlySet<string> = new Set([
  'String.fromCharCode',
  'String.fromCodePoint',
]);

/** `atob(x)` and the URI decoders; malformed input is unknown, not an exception. */
export function decode(name: string, args: FoldValue[]): string | undefined {
  const [text] = args;
  if (typeof text !== 'string') return undefined;
  try {
    return decoders[name]?.(text);
  } catch {
    return undefined;
  }
}

/** `String.fromCharCode`, `String.fromCodePoint` and `Math.pow` on folded arguments. */
export function staticCall(path: string, args: FoldValue[]): FoldValue | undefined {
  if (!args.every((arg) => typeof arg === 'number')) return undefined;
  const numbers = args as number[];
  try {
    if (path === 'String.fromCharCode') return String.fromCharCode(...numbers);
    if (path === 'String.fromCodePoint') return String.fromCodePoint(...numbers);
  } catch {
    return undefined;
  }
  const [base, exponent] = numbers;
  if (path === 'Math.pow' && base !== undefined && exponent !== undefined) return base ** exponent;
  return undefined;
}

const bufferEncodings = new Set(['base64', 'base64url', 'hex', 'utf8', 'utf-8', 'latin1']);
const textEncodings = new Set(['utf8', 'utf-8', 'latin1', 'binary', 'ascii']);

/** `Buffer.from(data, encoding).toString(target)`, for the encodings that decode text. */
export function bufferToString(
  data: FoldValue | undefined,
  encoding: FoldValue = 'utf8',
  target: FoldValue = 'utf8',
): string | undefined {
  if (typeof data !== 'string' || typeof encoding !== 'string' || typeof target !== 'string') {
    return undefined;
  }
  if (!bufferEncodings.has(encoding) || !textEncodings.has(target)) return undefined;
  return Buffer.from(data, encoding as BufferEncoding).toString(target as BufferEncoding);
}

/** A method call on a folded receiver: array `reverse`/`join`, or a string method. */
export function methodCall(receiver: FoldValue, method: string, args: FoldValue[]) {
  return Array.isArray(receiver)
    ? arrayMethod(receiver, method, args)
    : stringMethod(String(receiver), method, args);
}

function arrayMethod(items: FoldValue[], method: string, args: FoldValue[]) {
  if (method === 'reverse') return [...items].reverse();
  if (method === 'join') {
    const [separator = ','] = args;
    if (typeof separator !== 'string' || items.some(Array.isArray)) return undefined;
    return items.join(separator);
  }
  return undefined;
}

function stringMethod(text: string, method: string, args: FoldValue[]): FoldValue | undefined {
  const strings = args.every((arg) => typeof arg === 'string') ? (args as string[]) : undefined;
  const numbers = args.every((arg) => typeof arg === 'number') ? (args as number[]) : undefined;
  switch (method) {
    case 'toString':
      return args.length === 0 ? text : undefined;
    case 'trim':
      return text.trim();
    case 'toLowerCase':
      return text.toLowerCase();
    case 'toUpperCase':
      return text.toUpperCase();
    case 'concat':
      return strings ? text.concat(...strings) : undefined;
    case 'split':
      return strings?.length === 1 ? text.split(strings[0] as string) : undefined;
    case 'slice':
    case 'substring':
      return numbers && numbers.length <= 2 ? text[method](numbers[0] ?? 0, numbers[1]) : undefined;
    case 'replace':
      return strings?.length === 2
        ? text.replace(strings[0] as string, strings[1] as string)
        : undefined;
    default:
      return undefined;
  }
}
