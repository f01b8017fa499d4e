import { describe, expect, it } from 'vitest';
import type { Value } from '../value.js';
import { builtinErrorOf, call, obj, set, titled } from './test-support.js';

const big = (text: string): bigint => BigInt(text);

describe('arithmetic operators', () => {
  const valid: [string, Value[], Value][] = [
    ['plus', [2, 3], 5],
    ['plus', [1.5, 2.5], 4],
    ['plus', [1, 2.5], 3.5],
    // boundary: the sum leaves the safe-integer range, so it must become an exact bigint
    ['plus', [2 ** 53, 1], big('9007199254740993')],
    ['plus', [big('18446744073709551617'), 1], big('18446744073709551618')],
    ['plus', [big('9223372036854775807'), 1], big('9223372036854775808')],
    // boundary: an integral float beyond 2^53 is read from its decimal text (1e30 is 10^30)
    ['plus', [1e30, 1], big('1000000000000000000000000000001')],
    // boundary: a bigint result that fits again comes back as a number
    ['plus', [big('-9007199254740993'), big('9007199254740993')], 0],
    ['minus', [big('18446744073709551617'), 1], big('18446744073709551616')],
    ['minus', [big('-18446744073709551617'), 1], big('-18446744073709551618')],
    ['minus', [-2147483648, 1], -2147483649],
    ['mul', [2147483647, 2147483647], big('4611686014132420609')],
    ['mul', [-2147483648, -2147483648], big('4611686018427387904')],
    ['mul', [2.5, 2], 5],
    ['div', [6, 3], 2],
    ['div', [-6, 3], -2],
    // boundary: integer division that is not exact gives a float, as OPA's 3/2 = 1.5
    ['div', [3, 2], 1.5],
    ['div', [1, 4], 0.25],
    ['div', [0, 5], 0],
    ['div', [big('36893488147419103234'), 2], big('18446744073709551617')],
    ['rem', [-17, 5], -2],
    ['rem', [17, -5], 2],
    // boundary: an integral float is accepted by modulo
    ['rem', [4.0, 3], 1],
    ['rem', [10, big('18446744073709551616')], 10],
    ['rem', [big('18446744073709551617'), big('18446744073709551616')], 1],
  ];
  it.each(titled('%s(%a)', valid))('%s', (_, name, args, expected) => {
    expect(call(name, ...args)).toEqual(expected);
  });

  const invalid: [string, Value[], string, string][] = [
    ['div', [1, 0], 'eval_builtin_error', 'div: divide by zero'],
    ['div', [1, 0.0], 'eval_builtin_error', 'divide by zero'],
    ['rem', [1.1, 1], 'eval_builtin_error', 'rem: modulo on floating-point number'],
    ['rem', [1, 0], 'eval_builtin_error', 'rem: modulo by zero'],
    ['plus', ['a', 1], 'eval_type_error', 'plus: operand 1 must be number but got string'],
    ['mul', [1, null], 'eval_type_error', 'mul: operand 2 must be number but got null'],
    // boundary: the left operand of minus decides between number and set
    ['minus', [set(1), 1], 'eval_type_error', 'minus: operand 2 must be set but got number'],
    ['minus', [1, set(1)], 'eval_type_error', 'minus: operand 2 must be number but got set'],
    ['minus', ['a', 1], 'eval_type_error', 'operand 1 must be one of {number, set} but got string'],
    ['and', [[1], set(1)], 'eval_type_error', 'and: operand 1 must be set but got array'],
  ];
  it.each(titled('%s(%a) fails', invalid))('%s', (_, name, args, kind, message) => {
    const error = builtinErrorOf(() => call(name, ...args));
    expect(error.kind).toBe(kind);
    expect(error.message).toContain(message);
  });
});

describe('set operators', () => {
  it('minus is set difference, and/or are intersection/union', () => {
    expect(call('minus', set(1, 2, 'c'), set('c', 1))).toEqual(set(2));
    expect(call('and', set(1, 2, 3), set(2, 3, 4))).toEqual(set(2, 3));
    expect(call('or', set(3, 1, 2), set(3, 4))).toEqual(set(1, 2, 3, 4));
  });
});

describe('comparison operators', () => {
  const table: [string, Value, Value, boolean][] = [
    ['equal', 1, 1.0, true],
    ['equal', big('28857836529306024611913'), big('28857836529306024611912'), false],
    ['neq', big('28857836529306024611913'), big('28857836529306024611912'), true],
    ['lt', 3, 3.5, true],
    ['lt', -2.5, -2.25, true],
    ['gt', 0, -0.001, true],
    // boundary: any two values compare, by type first (null < boolean < number < string)
    ['lt', null, false, true],
    ['lt', 1, 'a', true],
    ['lte', 'a', 'a', true],
    ['gte', [1, 2], [1], true],
    ['gt', set(1), obj({ a: 1 }), true],
    ['equal', obj({ a: [1, 2] }), obj({ a: [1, 2.0] }), true],
  ];
  it.each(titled('%s(%s, %s) is %s', table))('%s', (_, name, a, b, expected) => {
    expect(call(name, a, b)).toBe(expected);
  });
});

describe('membership', () => {
  const member2: [Value, Value, boolean][] = [
    [1, set(1), true],
    [1, [1], true],
    [1, obj({ foo: 1 }), true],
    [obj({ foo: { baz: 2000 } }), [obj({ foo: { baz: 2000 } })], true],
    [1, set(2), false],
    [1, [2], false],
    // boundary: a key is not a member, only a value is
    ['foo', obj({ foo: 2 }), false],
    // boundary: a non-collection gives false, never undefined
    [1, 'foo', false],
    ['foo', 1, false],
  ];
  it.each(titled('internal.member_2(%s, %s) is %s', member2))('%s', (_, x, coll, expected) => {
    expect(call('internal.member_2', x, coll)).toBe(expected);
  });

  const member3: [Value, Value, Value, boolean][] = [
    ['foo', 1, obj({ foo: 1 }), true],
    [1, 'two', ['one', 'two', 'three'], true],
    [0, 'two', ['one', 'two'], false],
    // boundary: an index past the end, or a non-integer index, is simply not a member
    [5, 'two', ['one', 'two'], false],
    [0.5, 'one', ['one'], false],
    ['bar', 2, obj({ foo: 2 }), false],
    [1, 'foo', 1, false],
    // boundary: sets have no keys, so the two-operand form never matches them
    [1, 1, set(1), false],
  ];
  it.each(titled('internal.member_3(%s, %s, %s) is %s', member3))(
    '%s',
    (_, k, v, coll, expected) => {
      expect(call('internal.member_3', k, v, coll)).toBe(expected);
    },
  );
});
