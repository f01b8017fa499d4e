/**
 * The builtins behind Rego's infix operators: arithmetic, set algebra, comparison and the
 * `in` membership test. Comparison is defined on every pair of values (Rego's total order).
 */
import { RObject, RSet, compare, equals, isNumber, typeName } from '../value.js';
import type { RNumber, Value } from '../value.js';
import { add, divide, multiply, remainder, subtract } from './arith.js';
import { num, set, typeError } from './args.js';
import { defineBuiltins } from './registry.js';
import type { Builtin } from './registry.js';

function arithmetic(name: string, op: (a: RNumber, b: RNumber) => RNumber): Builtin {
  return { name, arity: 2, impl: (args) => op(num(name, args, 0), num(name, args, 1)) };
}

/** `-` is numeric subtraction or set difference; the left operand decides which. */
function minus(args: Value[]): Value {
  const left = args[0] ?? null;
  if (left instanceof RSet) {
    const right = set('minus', args, 1);
    return RSet.of(left.values().filter((v) => !right.has(v)));
  }
  if (isNumber(left)) {
    return subtract(left, num('minus', args, 1));
  }
  throw typeError('minus', 1, 'one of {number, set}', typeName(left));
}

function intersect(a: RSet, b: RSet): RSet {
  return RSet.of(a.values().filter((v) => b.has(v)));
}

function unite(a: RSet, b: RSet): RSet {
  return RSet.of([...a.values(), ...b.values()]);
}

function setOp(name: string, op: (a: RSet, b: RSet) => RSet): Builtin {
  return { name, arity: 2, impl: (args) => op(set(name, args, 0), set(name, args, 1)) };
}

function comparison(name: string, test: (order: number) => boolean): Builtin {
  return {
    name,
    arity: 2,
    impl: ([a = null, b = null]) => test(compare(a, b)),
  };
}

/** `x in coll`: an element of an array or set, or a value of an object; false otherwise. */
export function isMember(x: Value, collection: Value): boolean {
  if (Array.isArray(collection)) return collection.some((v) => equals(v, x));
  if (collection instanceof RSet) return collection.has(x);
  if (collection instanceof RObject) return collection.values().some((v) => equals(v, x));
  return false;
}

/** `k, v in coll`: `coll[k]` exists and equals `v`; false otherwise. */
export function isMemberAt(key: Value, value: Value, collection: Value): boolean {
  if (Array.isArray(collection)) {
    if (typeof key !== 'number' || !Number.isInteger(key)) return false;
    const item = collection[key];
    return item !== undefined && equals(item, value);
  }
  if (collection instanceof RObject) {
    const item = collection.get(key);
    return item !== undefined && equals(item, value);
  }
  return false;
}

defineBuiltins([
  arithmetic('plus', add),
  { name: 'minus', arity: 2, impl: minus },
  arithmetic('mul', multiply),
  arithmetic('div', (a, b) => divide('div', a, b)),
  arithmetic('rem', (a, b) => remainder('rem', a, b)),
  setOp('and', intersect),
  setOp('or', unite),
  { name: 'equal', arity: 2, impl: ([a = null, b = null]) => equals(a, b) },
  { name: 'neq', arity: 2, impl: ([a = null, b = null]) => !equals(a, b) },
  comparison('lt', (c) => c < 0),
  comparison('lte', (c) => c <= 0),
  comparison('gt', (c) => c > 0),
  comparison('gte', (c) => c >= 0),
  { name: 'internal.member_2', arity: 2, impl: ([x = null, c = null]) => isMember(x, c) },
  {
    name: 'internal.member_3',
    arity: 3,
    impl: ([k = null, v = null, c = null]) => isMemberAt(k, v, c),
  },
]);
