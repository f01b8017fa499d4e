/** `intersection` and `union` of a set of sets. */
import { RSet, typeName } from '../value.js';
import type { Value } from '../value.js';
import { set, typeError } from './args.js';
import { defineBuiltins } from './registry.js';

function members(name: string, args: Value[]): RSet[] {
  return set(name, args, 0)
    .values()
    .map((item) => {
      if (item instanceof RSet) return item;
      throw typeError(name, 1, 'set of sets', `set containing ${typeName(item)}`);
    });
}

function intersection(args: Value[]): RSet {
  const [first, ...rest] = members('intersection', args);
  if (!first) return new RSet();
  return RSet.of(first.values().filter((v) => rest.every((s) => s.has(v))));
}

defineBuiltins([
  { name: 'intersection', arity: 1, impl: intersection },
  {
    name: 'union',
    arity: 1,
    impl: (args) => RSet.of(members('union', args).flatMap((s) => s.values())),
  },
]);
