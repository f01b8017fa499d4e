import { describe, expect, it } from 'vitest';
import { RegoError } from '../errors.js';
import type { Value } from '../value.js';
import { builtinErrorOf, call, titled } from './test-support.js';

describe('number builtins', () => {
  const valid: [string, Value[], Value][] = [
    ['numbers.range', [0, 0], [0]],
    ['numbers.range', [-2, 3], [-2, -1, 0, 1, 2, 3]],
    // boundary: a descending range counts down, both ends included
    ['numbers.range', [2, -3], [2, 1, 0, -1, -2, -3]],
    ['numbers.range', [5, 2], [5, 4, 3, 2]],
    ['numbers.range', [0, 1], [0, 1]],
    [
      'numbers.range',
      [BigInt('18446744073709551616'), BigInt('18446744073709551617')],
      [BigInt('18446744073709551616'), BigInt('18446744073709551617')],
    ],
    ['numbers.range_step', [0, 10, 3], [0, 3, 6, 9]],
    ['numbers.range_step', [10, 0, 5], [10, 5, 0]],
    ['abs', [-5], 5],
    ['abs', [-2.5], 2.5],
    // boundary: abs of the smallest int64 does not fit int64 but is exact here
    ['abs', [BigInt('-9223372036854775808')], BigInt('9223372036854775808')],
    ['round', [2.5], 3],
    // boundary: halves round away from zero, as Go's math.Round
    ['round', [-2.5], -3],
    ['round', [2.4], 2],
    ['round', [-5], -5],
    ['ceil', [1.01], 2],
    ['ceil', [-1.5], -1],
    ['floor', [1.5], 1],
    ['floor', [99.99999], 99],
    ['floor', [-1.001], -2],
    ['floor', [BigInt('18446744073709551617')], BigInt('18446744073709551617')],
  ];
  it.each(titled('%s(%a)', valid))('%s', (_, name, args, expected) => {
    expect(call(name, ...args)).toEqual(expected);
  });

  const invalid: [string, Value[], string, string][] = [
    [
      'numbers.range',
      [0.5, 2],
      'eval_type_error',
      'numbers.range: operand 1 must be integer number but got floating-point number',
    ],
    [
      'numbers.range',
      [0, 'a'],
      'eval_type_error',
      'numbers.range: operand 2 must be number but got string',
    ],
    [
      'numbers.range_step',
      [0, 10, 0],
      'eval_builtin_error',
      'numbers.range_step: step must be a positive integer',
    ],
    ['abs', ['x'], 'eval_type_error', 'abs: operand 1 must be number but got string'],
  ];
  it.each(titled('%s(%a) fails', invalid))('%s', (_, name, args, kind, message) => {
    const error = builtinErrorOf(() => call(name, ...args));
    expect(error.kind).toBe(kind);
    expect(error.message).toContain(message);
  });
});

describe('range size', () => {
  // boundary: 100,000 numbers are built; one more ends the evaluation instead of undefined
  it.each([
    ['numbers.range', [1, 100_000]],
    ['numbers.range_step', [0, 199_998, 2]],
  ])('%s(%j) builds the longest range allowed', (name, args) => {
    expect(call(name, ...args)).toHaveLength(100_000);
  });

  it.each([
    ['numbers.range', [0, 100_000]],
    ['numbers.range', [0, 1e12]],
    ['numbers.range_step', [0, 200_000, 2]],
  ])('%s(%j) aborts with eval_budget_error', (name, args) => {
    expect(() => call(name, ...args)).toThrow(RegoError);
    expect(() => call(name, ...args)).toThrow(`${name}: range of more than 100000 numbers`);
  });
});
