import { describe, expect, it } from 'vitest';
import type { Value } from '../value.js';
import { builtinErrorOf, call, obj, set, show, titled } from './test-support.js';

describe('array builtins', () => {
  const valid: [string, Value[], Value][] = [
    [
      'array.concat',
      [
        [1, 2],
        [3, 4],
      ],
      [1, 2, 3, 4],
    ],
    ['array.concat', [[], []], []],
    ['array.slice', [[1, 2, 3, 4, 5], 1, 3], [2, 3]],
    ['array.slice', [[1, 2, 3], 0, 0], []],
    // boundary: out-of-range bounds are clamped, never an error
    ['array.slice', [[1, 2, 3, 4, 5], -4, -1], []],
    ['array.slice', [[1, 2, 3], -1, 10], [1, 2, 3]],
    ['array.slice', [[1, 2, 3], 2, 1], []],
    ['array.reverse', [[1, 'a', null]], [null, 'a', 1]],
    ['array.reverse', [[]], []],
    ['array.flatten', [[]], []],
    ['array.flatten', [[[1, 2], [3, 4], [5]]], [1, 2, 3, 4, 5]],
    // boundary: only one level is flattened
    ['array.flatten', [[[[1], [2, 3, []]], [[4, 5]]]], [[1], [2, 3, []], [4, 5]]],
    [
      'array.flatten',
      [[[1, 2], 'string', [3, obj({ a: 'b' })], 4.5, [6, [7, 8]]]],
      [1, 2, 'string', 3, obj({ a: 'b' }), 4.5, 6, [7, 8]],
    ],
  ];
  it.each(titled('%s(%a)', valid))('%s', (_, name, args, expected) => {
    expect(show(call(name, ...args))).toBe(show(expected));
  });

  const invalid: [string, Value[], string][] = [
    [
      'array.concat',
      [obj({ v1: 'hello' }), [3, 4]],
      'array.concat: operand 1 must be array but got object',
    ],
    [
      'array.concat',
      [[1, 2], obj({ v1: 'hello' })],
      'array.concat: operand 2 must be array but got object',
    ],
    ['array.flatten', [42], 'array.flatten: operand 1 must be array but got number'],
    [
      'array.slice',
      [[1], 0.5, 1],
      'array.slice: operand 2 must be integer number but got floating-point number',
    ],
    ['array.reverse', [set(1)], 'array.reverse: operand 1 must be array but got set'],
  ];
  it.each(titled('%s(%a) is a type error', invalid))('%s', (_, name, args, message) => {
    const error = builtinErrorOf(() => call(name, ...args));
    expect(error.kind).toBe('eval_type_error');
    expect(error.message).toBe(message);
  });
});

describe('set builtins', () => {
  const table: [string, Value, Value][] = [
    ['intersection', set(set(), set(1, 2)), set()],
    ['intersection', set(set(1, 2, 3), set(2, 3, 4), set(4, 5, 6)), set()],
    [
      'intersection',
      set(set('a', 'b', 'c', 'd'), set('b', 'c', 'd'), set('c', 'd'), set('d')),
      set('d'),
    ],
    // boundary: the intersection of no sets is the empty set
    ['intersection', set(), set()],
    ['union', set(set(1, 2), set(2, 3)), set(1, 2, 3)],
    ['union', set(), set()],
  ];
  it.each(titled('%s(%s)', table))('%s', (_, name, arg, expected) => {
    expect(show(call(name, arg))).toBe(show(expected));
  });

  it('requires a set of sets', () => {
    expect(builtinErrorOf(() => call('union', set(1))).message).toBe(
      'union: operand 1 must be set of sets but got set containing number',
    );
    expect(builtinErrorOf(() => call('intersection', [set()])).message).toBe(
      'intersection: operand 1 must be set but got array',
    );
  });
});
