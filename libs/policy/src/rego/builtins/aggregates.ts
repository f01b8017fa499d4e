/** Aggregates over collections: count, sum, product, max, min, sort. */
import { RSet, compare, isNumber, typeName } from '../value.js';
import type { RNumber, Value } from '../value.js';
import { add, multiply } from './arith.js';
import { elements, expectType, typeError } from './args.js';
import { defineBuiltins } from './registry.js';

function collection(name: string, args: Value[]): Value[] {
  return elements(expectType(name, args, 0, ['set', 'array']) as Value[] | RSet);
}

function numbers(name: string, args: Value[]): RNumber[] {
  const value = expectType(name, args, 0, ['set', 'array']);
  const members = elements(value as Value[] | RSet);
  for (const member of members) {
    if (!isNumber(member)) {
      const kind = typeName(value);
      throw typeError(name, 1, `${kind} of numbers`, `${kind} containing ${typeName(member)}`);
    }
  }
  return members as RNumber[];
}

function count(args: Value[]): number {
  const value = expectType('count', args, 0, ['array', 'object', 'set', 'string']);
  if (typeof value === 'string') return [...value].length;
  if (Array.isArray(value)) return value.length;
  return (value as { size: number }).size;
}

function extreme(name: string, pick: (order: number) => boolean) {
  return (args: Value[]): Value | undefined => {
    let best: Value | undefined;
    for (const value of collection(name, args)) {
      if (best === undefined || pick(compare(value, best))) best = value;
    }
    return best;
  };
}

defineBuiltins([
  { name: 'count', arity: 1, impl: count },
  { name: 'sum', arity: 1, impl: (args) => numbers('sum', args).reduce(add, 0) },
  { name: 'product', arity: 1, impl: (args) => numbers('product', args).reduce(multiply, 1) },
  { name: 'max', arity: 1, impl: extreme('max', (c) => c > 0) },
  { name: 'min', arity: 1, impl: extreme('min', (c) => c < 0) },
  { name: 'sort', arity: 1, impl: (args) => [...collection('sort', args)].sort(compare) },
]);
