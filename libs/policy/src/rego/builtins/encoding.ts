/** Encodings: base64, base64url, hex and URL query strings, with Go's strictness. */
import { RObject, RSet } from '../value.js';
import type { Value } from '../value.js';
import { builtinError, elements, obj, str, typeError } from './args.js';
import { defineBuiltins } from './registry.js';
import type { Builtin } from './registry.js';

const STD_PADDED = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const URL_PADDED = /^(?:[A-Za-z0-9_-]{4})*(?:[A-Za-z0-9_-]{2}==|[A-Za-z0-9_-]{3}=)?$/;
const URL_RAW = /^(?:[A-Za-z0-9_-]{4})*(?:[A-Za-z0-9_-]{2,3})?$/;

function toBase64(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64');
}

function utf8(bytes: Buffer): string {
  return bytes.toString('utf8');
}

function base64Decode(name: string, text: string, url: boolean): string {
  const valid = url ? URL_PADDED.test(text) || URL_RAW.test(text) : STD_PADDED.test(text);
  if (!valid) throw builtinError(name, 'illegal base64 data');
  return utf8(Buffer.from(text, url ? 'base64url' : 'base64'));
}

function hexDecode(text: string): string {
  if (!/^(?:[0-9a-fA-F]{2})*$/.test(text)) {
    throw builtinError('hex.decode', `invalid hex string: ${JSON.stringify(text)}`);
  }
  return utf8(Buffer.from(text, 'hex'));
}

/** Go's url.QueryEscape: only letters, digits and `-_.~` stay; a space becomes `+`. */
export function queryEscape(text: string): string {
  return [...Buffer.from(text, 'utf8')]
    .map((byte) => {
      const ch = String.fromCharCode(byte);
      if (/[A-Za-z0-9\-_.~]/.test(ch)) return ch;
      if (ch === ' ') return '+';
      return `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
    })
    .join('');
}

export function queryUnescape(name: string, text: string): string {
  if (/%(?![0-9a-fA-F]{2})/.test(text)) throw builtinError(name, 'invalid URL escape');
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i] as string;
    if (ch === '%') {
      bytes.push(parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else if (ch === '+') bytes.push(0x20);
    else bytes.push(...Buffer.from(ch, 'utf8'));
  }
  return utf8(Buffer.from(bytes));
}

/** `{"a": "1", "b": ["2", "3"]}` as `a=1&b=2&b=3`, keys sorted as Go's url.Values. */
function encodeObject(args: Value[]): string {
  const name = 'urlquery.encode_object';
  const query = obj(name, args, 0);
  const parts: string[] = [];
  for (const [key, value] of query.sortedPairs()) {
    if (typeof key !== 'string') throw typeError(name, 1, 'object with string keys', 'object');
    const values = typeof value === 'string' ? [value] : listOfStrings(name, value);
    for (const v of values) parts.push(`${queryEscape(key)}=${queryEscape(v)}`);
  }
  return parts.join('&');
}

function listOfStrings(name: string, value: Value): string[] {
  if (Array.isArray(value) || value instanceof RSet) {
    const items = elements(value);
    if (items.every((v) => typeof v === 'string')) return items as string[];
  }
  throw typeError(name, 1, 'object with string, array or set of string values', 'object');
}

function decodeObject(args: Value[]): RObject {
  const name = 'urlquery.decode_object';
  const out = new Map<string, string[]>();
  for (const part of str(name, args, 0).split('&')) {
    if (part === '') continue;
    const equalsAt = part.indexOf('=');
    const key = queryUnescape(name, equalsAt < 0 ? part : part.slice(0, equalsAt));
    const value = equalsAt < 0 ? '' : queryUnescape(name, part.slice(equalsAt + 1));
    out.set(key, [...(out.get(key) ?? []), value]);
  }
  return RObject.fromEntries(out);
}

function stringFn(name: string, fn: (text: string) => Value): Builtin {
  return { name, arity: 1, impl: (args) => fn(str(name, args, 0)) };
}

defineBuiltins([
  stringFn('base64.encode', toBase64),
  stringFn('base64.decode', (t) => base64Decode('base64.decode', t, false)),
  { name: 'base64.is_valid', arity: 1, impl: ([t]) => typeof t === 'string' && STD_PADDED.test(t) },
  stringFn('base64url.encode', (t) => toBase64(t).replaceAll('+', '-').replaceAll('/', '_')),
  stringFn('base64url.encode_no_pad', (t) => Buffer.from(t, 'utf8').toString('base64url')),
  stringFn('base64url.decode', (t) => base64Decode('base64url.decode', t, true)),
  stringFn('hex.encode', (t) => Buffer.from(t, 'utf8').toString('hex')),
  stringFn('hex.decode', hexDecode),
  stringFn('urlquery.encode', queryEscape),
  stringFn('urlquery.decode', (t) => queryUnescape('urlquery.decode', t)),
  { name: 'urlquery.encode_object', arity: 1, impl: encodeObject },
  { name: 'urlquery.decode_object', arity: 1, impl: decodeObject },
]);
