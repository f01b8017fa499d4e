import { RObject, RSet, stringify, type Value } from '@airlock/policy';

const bigMark = '\u0000bigint:';

function plain(value: unknown): unknown {
  if (value instanceof RSet) return value.sortedValues().map(plain);
  if (value instanceof RObject) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of value.sortedPairs()) {
      out[typeof k === 'string' ? k : stringify(k)] = plain(v);
    }
    return out;
  }
  if (Array.isArray(value)) return value.map(plain);
  if (typeof value === 'bigint') return `${bigMark}${value}`;
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
  }
  return value;
}

/**
 * Pretty JSON of Rego values and bindings: sets as sorted arrays, and integers beyond
 * 2^53 written with every digit (JSON.stringify alone would throw on a bigint).
 */
export function formatJson(value: Value | unknown): string {
  const text = JSON.stringify(plain(value), null, 2);
  return text.replace(/"\\u0000bigint:(-?\d+)"/g, '$1');
}
