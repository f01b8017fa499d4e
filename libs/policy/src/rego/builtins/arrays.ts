/** Array builtins: concat, slice, reverse, flatten. */
import type { Value } from '../value.js';
import { arr, smallInt } from './args.js';
import { defineBuiltins } from './registry.js';

/** Go-style clamped slice: bounds are pulled into range, and an empty range gives []. */
function slice(args: Value[]): Value[] {
  const list = arr('array.slice', args, 0);
  const start = Math.max(0, smallInt('array.slice', args, 1));
  const stop = Math.min(list.length, smallInt('array.slice', args, 2));
  return start >= stop ? [] : list.slice(start, stop);
}

/** One level only: nested arrays inside the elements stay as they are. */
function flatten(args: Value[]): Value[] {
  return arr('array.flatten', args, 0).flatMap((item) => (Array.isArray(item) ? item : [item]));
}

defineBuiltins([
  {
    name: 'array.concat',
    arity: 2,
    impl: (args) => [...arr('array.concat', args, 0), ...arr('array.concat', args, 1)],
  },
  { name: 'array.slice', arity: 3, impl: slice },
  { name: 'array.reverse', arity: 1, impl: (args) => [...arr('array.reverse', args, 0)].reverse() },
  { name: 'array.flatten', arity: 1, impl: flatten },
]);
