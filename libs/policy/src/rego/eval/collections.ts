/** Dereferencing and iterating collections, and building values at nested paths. */
import { RObject, RSet, equals, keyOf } from '../value.js';
import type { Value } from '../value.js';

/** `value[key]`, or undefined when the step does not exist. */
export function lookup(value: Value, key: Value): Value | undefined {
  if (Array.isArray(value)) {
    if (typeof key !== 'number' || !Number.isInteger(key)) return undefined;
    return key >= 0 && key < value.length ? value[key] : undefined;
  }
  if (value instanceof RObject) return value.get(key);
  if (value instanceof RSet) return value.has(key) ? key : undefined;
  return undefined;
}

/**
 * A step into base data: its documents come from JSON, so an integer step also finds the
 * key written as a string (`data.a[2]` reads `{"2": …}`), as OPA's storage paths do.
 */
export function lookupData(value: Value, key: Value): Value | undefined {
  const found = lookup(value, key);
  if (found !== undefined || typeof key !== 'number' || !(value instanceof RObject)) return found;
  return Number.isInteger(key) ? value.get(String(key)) : undefined;
}

/** Calls `each(key, value)` for every element; stops when it returns true. */
export function forEachEntry(value: Value, each: (key: Value, value: Value) => boolean): boolean {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i += 1) {
      if (each(i, value[i] as Value)) return true;
    }
    return false;
  }
  if (value instanceof RObject) {
    for (const [k, v] of value.pairs()) if (each(k, v)) return true;
    return false;
  }
  if (value instanceof RSet) {
    for (const v of value.values()) if (each(v, v)) return true;
  }
  return false;
}

export function isCollection(value: Value): boolean {
  return Array.isArray(value) || value instanceof RObject || value instanceof RSet;
}

/** A copy of `root` with `value` placed at `path`, creating objects on the way. */
export function setAtPath(root: Value | undefined, path: Value[], value: Value): Value {
  if (path.length === 0) return value;
  const [first, ...rest] = path as [Value, ...Value[]];
  const copy = new RObject();
  if (root instanceof RObject) for (const [k, v] of root.pairs()) copy.set(k, v);
  copy.set(first, setAtPath(copy.get(first), rest, value));
  return copy;
}

export function pathKey(path: Value[]): string {
  return keyOf(path);
}

export function sameValue(a: Value, b: Value): boolean {
  return equals(a, b);
}
