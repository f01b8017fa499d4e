/** Bitwise builtins on integers of any size (two's complement, as Go's big.Int). */
import { normalizeNumber } from '../value.js';
import type { Value } from '../value.js';
import { toBigInt } from './arith.js';
import { builtinError, int } from './args.js';
import { defineBuiltins } from './registry.js';
import type { Builtin } from './registry.js';

function bigint(name: string, args: Value[], index: number): bigint {
  return toBigInt(int(name, args, index)) ?? 0n;
}

function binary(name: string, op: (a: bigint, b: bigint) => bigint): Builtin {
  return {
    name,
    arity: 2,
    impl: (args) => normalizeNumber(op(bigint(name, args, 0), bigint(name, args, 1))),
  };
}

/** Shift counts are capped: a policy must not allocate a number of millions of bits. */
const MAX_SHIFT = 4096n;

function shift(name: string, left: boolean): Builtin {
  return binary(name, (a, b) => {
    if (b < 0n) throw builtinError(name, 'shift count must not be negative');
    if (b > MAX_SHIFT) throw builtinError(name, `shift count above ${MAX_SHIFT}`);
    return left ? a << b : a >> b;
  });
}

defineBuiltins([
  binary('bits.and', (a, b) => a & b),
  binary('bits.or', (a, b) => a | b),
  binary('bits.xor', (a, b) => a ^ b),
  {
    name: 'bits.negate',
    arity: 1,
    impl: (args) => normalizeNumber(~bigint('bits.negate', args, 0)),
  },
  shift('bits.lsh', true),
  shift('bits.rsh', false),
]);
