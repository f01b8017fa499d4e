import { describe, expect, it } from 'vitest';
import type { Value } from '../value.js';
import { builtinErrorOf, call, obj, set, titled } from './test-support.js';

describe('aggregates', () => {
  const valid: [string, Value, Value | undefined][] = [
    ['count', [1, 2, 3, 4], 4],
    ['count', set(1, 2), 2],
    ['count', obj({ v1: 'hello', v2: 'goodbye' }), 2],
    // boundary: strings count code points, not UTF-16 units
    ['count', 'a😀', 2],
    ['sum', set(1, 2, 3, 4), 10],
    ['sum', [], 0],
    ['sum', [1.5, 2.5], 4],
    ['sum', [1, 2.5], 3.5],
    // boundary: the elements fit 64 bits but the sum does not
    ['sum', [BigInt('9223372036854775807'), 1], BigInt('9223372036854775808')],
    ['sum', set(BigInt('9223372036854775807'), 1, 2), BigInt('9223372036854775810')],
    ['sum', [BigInt('-9223372036854775808'), -1], BigInt('-9223372036854775809')],
    ['product', set(1, 2, 3, 4), 24],
    ['product', [BigInt('18446744073709551617'), 2], BigInt('36893488147419103234')],
    ['product', [1.5, 2], 3],
    ['max', set(1, 2, 3, 4), 4],
    ['min', [3, 2, 1, 4, 6, -7, 10], -7],
    ['max', ['a', 1, null], 'a'],
    // boundary: max and min of an empty collection are undefined
    ['max', [], undefined],
    ['min', set(), undefined],
    ['sort', [4, 3, 2, 1], [1, 2, 3, 4]],
    ['sort', set('b', 'a', 1), [1, 'a', 'b']],
  ];
  it.each(titled('%s(%s)', valid))('%s', (_, name, arg, expected) => {
    expect(call(name, arg)).toEqual(expected);
  });

  const invalid: [string, Value, string][] = [
    ['count', 1, 'count: operand 1 must be one of {array, object, set, string} but got number'],
    ['sum', 'abc', 'sum: operand 1 must be one of {set, array} but got string'],
    ['sum', [1, 'a'], 'sum: operand 1 must be array of numbers but got array containing string'],
    [
      'product',
      set('a'),
      'product: operand 1 must be set of numbers but got set containing string',
    ],
    ['max', obj({}), 'max: operand 1 must be one of {set, array} but got object'],
    ['sort', null, 'sort: operand 1 must be one of {set, array} but got null'],
  ];
  it.each(titled('%s(%s) is a type error', invalid))('%s', (_, name, arg, message) => {
    const error = builtinErrorOf(() => call(name, arg));
    expect(error.kind).toBe('eval_type_error');
    expect(error.message).toBe(message);
  });
});
