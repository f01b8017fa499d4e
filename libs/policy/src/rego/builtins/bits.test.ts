import { describe, expect, it } from 'vitest';
import type { Value } from '../value.js';
import { builtinErrorOf, call, titled } from './test-support.js';

describe('bits builtins', () => {
  const table: [string, Value[], Value][] = [
    ['bits.and', [12, 10], 8],
    ['bits.or', [12, 10], 14],
    ['bits.xor', [12, 10], 6],
    ['bits.negate', [5], -6],
    ['bits.lsh', [1, 3], 8],
    ['bits.rsh', [-16, 2], -4],
    // boundary: shifting past 2^53 stays exact
    ['bits.lsh', [1, 64], BigInt('18446744073709551616')],
    ['bits.and', [BigInt('18446744073709551617'), 1], 1],
  ];
  it.each(titled('%s(%a)', table))('%s', (_, name, args, expected) => {
    expect(call(name, ...args)).toEqual(expected);
  });

  const invalid: [string, Value[], string][] = [
    [
      'bits.and',
      [1.5, 1],
      'bits.and: operand 1 must be integer number but got floating-point number',
    ],
    ['bits.lsh', [1, -1], 'bits.lsh: shift count must not be negative'],
    // boundary: huge shifts are refused rather than building enormous numbers
    ['bits.lsh', [1, 1_000_000], 'bits.lsh: shift count above 4096'],
  ];
  it.each(titled('%s(%a) fails', invalid))('%s', (_, name, args, message) => {
    expect(builtinErrorOf(() => call(name, ...args)).message).toBe(message);
  });
});
