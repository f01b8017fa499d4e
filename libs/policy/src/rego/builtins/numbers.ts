/** Number builtins: numbers.range, numbers.range_step, abs, ceil, floor, round. */
import type { RNumber, Value } from '../value.js';
import { absolute, add, ceilOf, floorOf, roundHalfAway, toBigInt } from './arith.js';
import { RegoError } from '../errors.js';
import { builtinError, int, num } from './args.js';
import { defineBuiltins } from './registry.js';
import type { Builtin } from './registry.js';

/**
 * A range is built in memory, in one evaluation step the time budget cannot interrupt
 * (10,000,000 numbers took 1.5 s), and its bounds may come from the request. So it is
 * capped at MAX_RANGE elements (about 15 ms), and a longer one ends the evaluation, as
 * an exhausted budget does, rather than reading as undefined.
 */
export const MAX_RANGE = 100_000n;

function range(name: string, from: RNumber, to: RNumber, step: bigint): Value[] {
  const a = toBigInt(from) ?? 0n;
  const b = toBigInt(to) ?? 0n;
  const span = a <= b ? b - a : a - b;
  if (span / step + 1n > MAX_RANGE) {
    throw new RegoError('eval_budget_error', `${name}: range of more than ${MAX_RANGE} numbers`);
  }
  const out: Value[] = [];
  const direction = a <= b ? step : -step;
  let current: RNumber = from;
  for (let i = 0n; i <= span / step; i += 1n) {
    out.push(current);
    current = add(current, typeof current === 'bigint' ? direction : Number(direction));
  }
  return out;
}

function unary(name: string, op: (n: RNumber) => RNumber): Builtin {
  return { name, arity: 1, impl: (args) => op(num(name, args, 0)) };
}

defineBuiltins([
  {
    name: 'numbers.range',
    arity: 2,
    impl: (args) =>
      range('numbers.range', int('numbers.range', args, 0), int('numbers.range', args, 1), 1n),
  },
  {
    name: 'numbers.range_step',
    arity: 3,
    impl: (args) => {
      const name = 'numbers.range_step';
      const step = toBigInt(int(name, args, 2)) ?? 0n;
      if (step <= 0n) throw builtinError(name, 'step must be a positive integer');
      return range(name, int(name, args, 0), int(name, args, 1), step);
    },
  },
  unary('abs', absolute),
  unary('ceil', ceilOf),
  unary('floor', floorOf),
  unary('round', roundHalfAway),
]);
