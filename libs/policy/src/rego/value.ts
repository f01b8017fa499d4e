/**
 * Rego values. Scalars are JavaScript primitives; integers beyond 2^53 are `bigint` so no
 * integer silently loses precision, and the rare decimal a float would misstate (`1e400`,
 * `0.1234567890123456789`) is a `Decimal`; arrays are JavaScript arrays; objects and sets
 * are the classes below, keyed by a canonical string so any value can be a key or member.
 *
 * Values are immutable once built: evaluation shares them freely.
 */
import { Decimal, MAX_INTEGER_DIGITS, compareExact, partsOf, textParts } from './decimal.js';

export { Decimal };
export type RNumber = number | bigint | Decimal;
export type Value = null | boolean | RNumber | string | Value[] | RObject | RSet;

const MAX_SAFE = 9_007_199_254_740_991;

/** The canonical key of a value: equal values (1 and 1.0 included) have equal keys. */
export function keyOf(value: Value): string {
  switch (typeof value) {
    case 'string':
      return `s${value}`;
    case 'number':
      if (value > MAX_SAFE || value < -MAX_SAFE) return largeFloatKey(value);
      return `n${Object.is(value, -0) ? 0 : value}`;
    case 'bigint':
      return bigintKey(value);
    case 'boolean':
      return value ? 'b1' : 'b0';
    default:
      if (value === null) return 'z';
      if (Array.isArray(value)) return `a[${value.map(keyOf).join(',')}]`;
      return value.canonicalKey();
  }
}

/** A float beyond 2^53 keys as the integer its shortest text shows, as a bigint would. */
function largeFloatKey(value: number): string {
  if (!Number.isFinite(value)) return `n${value}`;
  const { coefficient, exponent } = partsOf(value);
  return bigintKey(coefficient * 10n ** BigInt(exponent));
}

/** An integer too long to be a bigint elsewhere keys as the Decimal it equals would. */
function bigintKey(value: bigint): string {
  const text = value.toString();
  if (text.length <= MAX_INTEGER_DIGITS) return `n${text}`;
  const digits = text.replace(/0+$/, '');
  return `n${digits}e${text.length - digits.length}`;
}

export class RObject {
  private readonly entries = new Map<string, [Value, Value]>();
  private cachedKey: string | undefined;

  static fromEntries(pairs: Iterable<readonly [Value, Value]>): RObject {
    const object = new RObject();
    for (const [k, v] of pairs) object.entries.set(keyOf(k), [k, v]);
    return object;
  }

  /** Mutation is for builders only: call it before the object is shared. */
  set(key: Value, value: Value): void {
    this.entries.set(keyOf(key), [key, value]);
    this.cachedKey = undefined;
  }

  get(key: Value): Value | undefined {
    return this.entries.get(keyOf(key))?.[1];
  }

  getString(key: string): Value | undefined {
    return this.entries.get(`s${key}`)?.[1];
  }

  has(key: Value): boolean {
    return this.entries.has(keyOf(key));
  }

  get size(): number {
    return this.entries.size;
  }

  keys(): Value[] {
    return [...this.entries.values()].map(([k]) => k);
  }

  values(): Value[] {
    return [...this.entries.values()].map(([, v]) => v);
  }

  pairs(): IterableIterator<[Value, Value]> {
    return this.entries.values();
  }

  /** Entries sorted by key in Rego's order, for output and comparison. */
  sortedPairs(): [Value, Value][] {
    return [...this.entries.values()].sort((a, b) => compare(a[0], b[0]));
  }

  canonicalKey(): string {
    this.cachedKey ??= `o{${this.sortedPairs()
      .map(([k, v]) => `${keyOf(k)}:${keyOf(v)}`)
      .join(',')}}`;
    return this.cachedKey;
  }
}

export class RSet {
  private readonly members = new Map<string, Value>();
  private cachedKey: string | undefined;

  static of(values: Iterable<Value>): RSet {
    const set = new RSet();
    for (const v of values) set.members.set(keyOf(v), v);
    return set;
  }

  /** Mutation is for builders only: call it before the set is shared. */
  add(value: Value): void {
    this.members.set(keyOf(value), value);
    this.cachedKey = undefined;
  }

  has(value: Value): boolean {
    return this.members.has(keyOf(value));
  }

  get size(): number {
    return this.members.size;
  }

  values(): Value[] {
    return [...this.members.values()];
  }

  sortedValues(): Value[] {
    return this.values().sort(compare);
  }

  canonicalKey(): string {
    this.cachedKey ??= `t{${this.sortedValues().map(keyOf).join(',')}}`;
    return this.cachedKey;
  }
}

export type TypeName = 'null' | 'boolean' | 'number' | 'string' | 'array' | 'object' | 'set';

export function typeName(value: Value): TypeName {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return 'boolean';
    case 'number':
    case 'bigint':
      return 'number';
    case 'string':
      return 'string';
    default:
      if (Array.isArray(value)) return 'array';
      if (value instanceof RObject) return 'object';
      return value instanceof RSet ? 'set' : 'number';
  }
}

const typeOrder: Record<TypeName, number> = {
  null: 0,
  boolean: 1,
  number: 2,
  string: 3,
  array: 4,
  object: 5,
  set: 6,
};

export function compareNumbers(a: RNumber, b: RNumber): number {
  if (typeof a === 'number' && typeof b === 'number') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'bigint' && typeof b === 'bigint') return a < b ? -1 : a > b ? 1 : 0;
  // Mixed forms: a float counts as its shortest text, so 1e23 equals 10^23 as written.
  return compareExact(a, b);
}

function compareSequences(a: Value[], b: Value[]): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i += 1) {
    const c = compare(a[i] as Value, b[i] as Value);
    if (c !== 0) return c;
  }
  return a.length - b.length;
}

/** Rego's total order: null < booleans < numbers < strings < arrays < objects < sets. */
export function compare(a: Value, b: Value): number {
  const ta = typeName(a);
  const tb = typeName(b);
  if (ta !== tb) return typeOrder[ta] - typeOrder[tb];
  switch (ta) {
    case 'null':
      return 0;
    case 'boolean':
      return a === b ? 0 : a ? 1 : -1;
    case 'number':
      return compareNumbers(a as RNumber, b as RNumber);
    case 'string':
      return a === b ? 0 : (a as string) < (b as string) ? -1 : 1;
    case 'array':
      return compareSequences(a as Value[], b as Value[]);
    case 'set':
      return compareSequences((a as RSet).sortedValues(), (b as RSet).sortedValues());
    default: {
      const pa = (a as RObject).sortedPairs();
      const pb = (b as RObject).sortedPairs();
      const length = Math.min(pa.length, pb.length);
      for (let i = 0; i < length; i += 1) {
        const [ka, va] = pa[i] as [Value, Value];
        const [kb, vb] = pb[i] as [Value, Value];
        const c = compare(ka, kb) || compare(va, vb);
        if (c !== 0) return c;
      }
      return pa.length - pb.length;
    }
  }
}

export function equals(a: Value, b: Value): boolean {
  if (a === b) return true;
  const ta = typeof a;
  if (ta === 'string' || ta === 'boolean' || a === null || b === null) return false;
  return keyOf(a) === keyOf(b);
}

/**
 * A number literal's text as a Rego number: a float when its shortest text shows the
 * literal's value (`0.1`, `3.50`, `1e23`), a bigint for longer integers, and a Decimal
 * only where a float would lose the value (`1e-400`, `0.1234567890123456789`).
 */
export function parseNumber(text: string): RNumber {
  if (/^-?\d+$/.test(text)) {
    const n = Number(text);
    return Number.isSafeInteger(n) ? n : BigInt(text);
  }
  const float = Number(text);
  if (String(float) === text || showsFewDigits(float, text) || sameDecimal(float, text)) {
    return float;
  }
  return Decimal.parse(text) ?? float;
}

const MIN_NORMAL_FLOAT = 2.2250738585072014e-308;

/** Any decimal of at most 15 significant digits survives a normal float's round trip. */
function showsFewDigits(float: number, text: string): boolean {
  const magnitude = Math.abs(float);
  if (!(magnitude >= MIN_NORMAL_FLOAT && magnitude < Infinity)) return false;
  let digits = 0;
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (code === 101 || code === 69) break; // e, E
    if (code >= 48 && code <= 57) digits += 1;
  }
  return digits <= 15;
}

function sameDecimal(float: number, text: string): boolean {
  if (!Number.isFinite(float)) return false;
  const shown = textParts(String(float));
  const written = textParts(text);
  return shown?.coefficient === written?.coefficient && shown?.exponent === written?.exponent;
}

export function isNumber(value: Value): value is RNumber {
  return typeof value === 'number' || typeof value === 'bigint' || value instanceof Decimal;
}

/** Brings a bigint back to a number when it fits exactly. */
export function normalizeNumber(n: RNumber): RNumber {
  if (
    typeof n === 'bigint' &&
    n >= BigInt(Number.MIN_SAFE_INTEGER) &&
    n <= BigInt(Number.MAX_SAFE_INTEGER)
  ) {
    return Number(n);
  }
  return n;
}

export function isInteger(n: RNumber): boolean {
  return typeof n === 'bigint' || Number.isInteger(n);
}

/** Converts parsed JSON (or YAML) into a Rego value: objects become RObject. */
export function fromJSON(json: unknown): Value {
  if (json === null || json === undefined) return null;
  switch (typeof json) {
    case 'string':
    case 'boolean':
      return json;
    case 'number':
      return json;
    case 'bigint':
      return normalizeNumber(json);
    case 'object':
      if (Array.isArray(json)) return json.map(fromJSON);
      if (json instanceof RObject || json instanceof RSet || json instanceof Decimal) return json;
      return RObject.fromEntries(
        Object.entries(json as Record<string, unknown>).map(([k, v]) => [k, fromJSON(v)]),
      );
    default:
      throw new TypeError(`cannot convert a ${typeof json} to a Rego value`);
  }
}

/** The JSON text of a number as Rego prints it: integral floats without a fraction. */
export function formatNumber(n: RNumber): string {
  if (typeof n !== 'number') return n.toString();
  if (Number.isInteger(n) && Math.abs(n) < 1e21) return n.toFixed(0);
  return String(n);
}

/**
 * Converts a value to plain JSON data: sets become sorted arrays, object keys are sorted
 * (non-string keys as their JSON text), bigints become numbers only when exact, else
 * their decimal string is kept through `bigintAs`; a Decimal likewise.
 *
 * NOTE: with `bigintAs: 'number'` a Decimal becomes the nearest float, so `1e400` turns
 * into Infinity (which JSON.stringify writes as null); ask for strings to keep it.
 */
export function toJSON(value: Value, bigintAs: 'number' | 'string' = 'number'): unknown {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return bigintAs === 'string' ? value.toString() : Number(value);
  if (Array.isArray(value)) return value.map((v) => toJSON(v, bigintAs));
  if (value instanceof RSet) return value.sortedValues().map((v) => toJSON(v, bigintAs));
  if (value instanceof Decimal) return bigintAs === 'string' ? value.toString() : value.toFloat();
  const out: Record<string, unknown> = {};
  for (const [k, v] of value.sortedPairs()) {
    out[typeof k === 'string' ? k : stringify(k)] = toJSON(v, bigintAs);
  }
  return out;
}

/** Rego's JSON-like text of a value, as `sprintf("%v")` and error messages show it. */
export function stringify(value: Value): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'bigint') return formatNumber(value);
  if (typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[${value.map(stringify).join(', ')}]`;
  if (value instanceof RSet) {
    return value.size === 0 ? 'set()' : `{${value.sortedValues().map(stringify).join(', ')}}`;
  }
  if (value instanceof Decimal) return value.toString();
  return `{${value
    .sortedPairs()
    .map(([k, v]) => `${stringify(k)}: ${stringify(v)}`)
    .join(', ')}}`;
}
