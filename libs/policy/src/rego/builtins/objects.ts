/** Object builtins: get, keys, remove, filter, union, union_n, subset. */
import { RObject, RSet, equals, typeName } from '../value.js';
import type { Value } from '../value.js';
import { arr, elements, expectType, obj, typeError } from './args.js';
import { defineBuiltins } from './registry.js';

/** One step of an object.get path: object keys, array indexes, set members. */
function step(value: Value, segment: Value): Value | undefined {
  if (value instanceof RObject) return value.get(segment);
  if (value instanceof RSet) return value.has(segment) ? segment : undefined;
  if (Array.isArray(value) && typeof segment === 'number' && Number.isInteger(segment)) {
    return value[segment];
  }
  return undefined;
}

function get(args: Value[]): Value {
  const object = obj('object.get', args, 0);
  const key = args[1] ?? null;
  const fallback = args[2] ?? null;
  const path = Array.isArray(key) ? key : [key];
  let value: Value | undefined = object;
  for (const segment of path) {
    value = step(value, segment);
    if (value === undefined) return fallback;
  }
  return value;
}

/** The keys named by operand 2 of remove and filter: an object's keys, or the members. */
function keySet(name: string, args: Value[]): RSet {
  const keys = expectType(name, args, 1, ['object', 'set', 'array']);
  if (keys instanceof RObject) return RSet.of(keys.keys());
  return RSet.of(elements(keys as Value[] | RSet));
}

function selectKeys(name: string, args: Value[], keep: boolean): RObject {
  const object = obj(name, args, 0);
  const keys = keySet(name, args);
  return RObject.fromEntries([...object.pairs()].filter(([k]) => keys.has(k) === keep));
}

/** Merges b into a; where both hold objects under one key, merges those too. */
export function union(a: RObject, b: RObject): RObject {
  const out = RObject.fromEntries(a.pairs());
  for (const [key, value] of b.pairs()) {
    const existing = out.get(key);
    const merged =
      existing instanceof RObject && value instanceof RObject ? union(existing, value) : value;
    out.set(key, merged);
  }
  return out;
}

function unionN(args: Value[]): RObject {
  const list = arr('object.union_n', args, 0);
  return list.reduce<RObject>((acc, item) => {
    if (!(item instanceof RObject)) {
      throw typeError(
        'object.union_n',
        1,
        'array of objects',
        `array containing ${typeName(item)}`,
      );
    }
    return union(acc, item);
  }, new RObject());
}

function containsRun(haystack: Value[], needle: Value[]): boolean {
  if (needle.length === 0) return true;
  for (let start = 0; start + needle.length <= haystack.length; start += 1) {
    if (needle.every((v, i) => equals(haystack[start + i] as Value, v))) return true;
  }
  return false;
}

/**
 * Objects: every key of sub is in super with a value that is, recursively, a subset.
 * Sets: every member of sub is in super. Arrays: sub appears contiguously in super.
 * Array super, set sub: every member of sub is in the array. Anything else: equality.
 */
export function isSubset(sup: Value, sub: Value): boolean {
  if (sup instanceof RObject && sub instanceof RObject) {
    return [...sub.pairs()].every(([k, v]) => {
      const have = sup.get(k);
      return have !== undefined && isSubset(have, v);
    });
  }
  if (sup instanceof RSet && sub instanceof RSet) return sub.values().every((v) => sup.has(v));
  if (Array.isArray(sup) && Array.isArray(sub)) return containsRun(sup, sub);
  if (Array.isArray(sup) && sub instanceof RSet) {
    return sub.values().every((v) => sup.some((item) => equals(item, v)));
  }
  return equals(sup, sub);
}

function subset(args: Value[]): boolean {
  const sup = expectType('object.subset', args, 0, ['object', 'set', 'array']);
  const sub = expectType('object.subset', args, 1, ['object', 'set', 'array']);
  const kinds = `${typeName(sup)}/${typeName(sub)}`;
  const allowed = ['object/object', 'set/set', 'array/array', 'array/set'];
  if (!allowed.includes(kinds)) {
    const expected = typeName(sup) === 'array' ? 'one of {array, set}' : typeName(sup);
    throw typeError('object.subset', 2, expected, typeName(sub));
  }
  return isSubset(sup, sub);
}

defineBuiltins([
  { name: 'object.get', arity: 3, impl: get },
  { name: 'object.keys', arity: 1, impl: (args) => RSet.of(obj('object.keys', args, 0).keys()) },
  { name: 'object.remove', arity: 2, impl: (args) => selectKeys('object.remove', args, false) },
  { name: 'object.filter', arity: 2, impl: (args) => selectKeys('object.filter', args, true) },
  {
    name: 'object.union',
    arity: 2,
    impl: (args) => union(obj('object.union', args, 0), obj('object.union', args, 1)),
  },
  { name: 'object.union_n', arity: 1, impl: unionN },
  { name: 'object.subset', arity: 2, impl: subset },
]);
