/**
 * JSON text to and from Rego values, exact for integers of any size (JSON.parse would
 * round 2^64 + 1). Output matches Go's encoding/json as Open Policy Agent uses it: compact,
 * object keys sorted, sets as sorted arrays, and `<`, `>`, `&` escaped.
 */
import { RObject, RSet, formatNumber, isNumber, parseNumber, stringify } from '../value.js';
import type { Value } from '../value.js';

export class JsonSyntaxError extends Error {}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
// eslint-disable-next-line no-control-regex -- JSON forbids raw control characters in strings
const STRING = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y;
const SPACE = /[ \t\n\r]*/y;

class Reader {
  i = 0;
  constructor(readonly text: string) {}

  skip(): void {
    SPACE.lastIndex = this.i;
    SPACE.exec(this.text);
    this.i = SPACE.lastIndex;
  }

  fail(what: string): never {
    throw new JsonSyntaxError(`${what} at offset ${this.i}`);
  }

  token(re: RegExp): string | undefined {
    re.lastIndex = this.i;
    const match = re.exec(this.text);
    if (!match) return undefined;
    this.i = re.lastIndex;
    return match[0];
  }

  literal(word: string): boolean {
    if (!this.text.startsWith(word, this.i)) return false;
    this.i += word.length;
    return true;
  }
}

function readList<T>(r: Reader, close: string, item: () => T): T[] {
  const items: T[] = [];
  r.skip();
  if (r.literal(close)) return items;
  for (;;) {
    items.push(item());
    r.skip();
    if (r.literal(close)) return items;
    if (!r.literal(',')) r.fail(`expected , or ${close}`);
  }
}

function readValue(r: Reader): Value {
  r.skip();
  const ch = r.text[r.i];
  if (ch === '{') {
    r.i += 1;
    return RObject.fromEntries(readList(r, '}', () => readMember(r)));
  }
  if (ch === '[') {
    r.i += 1;
    return readList(r, ']', () => readValue(r));
  }
  if (ch === '"') return readString(r);
  if (r.literal('true')) return true;
  if (r.literal('false')) return false;
  if (r.literal('null')) return null;
  const number = r.token(NUMBER);
  if (number === undefined) r.fail('invalid character');
  return parseNumber(number);
}

function readString(r: Reader): string {
  const token = r.token(STRING);
  if (token === undefined) r.fail('invalid string');
  return JSON.parse(token) as string;
}

function readMember(r: Reader): [Value, Value] {
  r.skip();
  const key = readString(r);
  r.skip();
  if (!r.literal(':')) r.fail('expected :');
  return [key, readValue(r)];
}

/** Parses one JSON document; throws JsonSyntaxError on anything else. */
export function parseJSON(text: string): Value {
  const reader = new Reader(text);
  const value = readValue(reader);
  reader.skip();
  if (reader.i !== text.length) reader.fail('invalid character after top-level value');
  return value;
}

/** Go's json.Marshal string escaping, including its HTML-safe escapes. */
function quote(text: string): string {
  return JSON.stringify(text).replace(/[<>&\u2028\u2029]/g, (c) => {
    return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
}

function keyText(key: Value): string {
  return typeof key === 'string' ? key : stringify(key);
}

/** JSON text of a value; `indent` and `prefix` follow Go's MarshalIndent. */
export function marshalJSON(value: Value, indent = '', prefix = '', depth = 0): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return quote(value);
  if (typeof value === 'boolean') return String(value);
  if (isNumber(value)) return formatNumber(value);
  const inner = indent === '' ? '' : `\n${prefix}${indent.repeat(depth + 1)}`;
  const outer = indent === '' ? '' : `\n${prefix}${indent.repeat(depth)}`;
  const colon = indent === '' ? ':' : ': ';
  let items: string[];
  let brackets: [string, string];
  if (Array.isArray(value) || value instanceof RSet) {
    const list = Array.isArray(value) ? value : value.sortedValues();
    items = list.map((v) => marshalJSON(v, indent, prefix, depth + 1));
    brackets = ['[', ']'];
  } else {
    const pairs = value.pairs();
    const sorted = [...pairs].map(([k, v]) => [keyText(k), v] as const).sort(byKey);
    items = sorted.map(
      ([k, v]) => `${quote(k)}${colon}${marshalJSON(v, indent, prefix, depth + 1)}`,
    );
    brackets = ['{', '}'];
  }
  if (items.length === 0) return brackets.join('');
  return `${brackets[0]}${inner}${items.join(`,${inner}`)}${outer}${brackets[1]}`;
}

function byKey(a: readonly [string, Value], b: readonly [string, Value]): number {
  return a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0;
}
