import { describe, expect, it } from 'vitest';
import type { Value } from '../value.js';
import { builtinErrorOf, call, obj, set, titled } from './test-support.js';

describe('type tests', () => {
  const samples: [Value, string][] = [
    [null, 'null'],
    [true, 'boolean'],
    [1.5, 'number'],
    // boundary: a bigint is a number like any other
    [BigInt('18446744073709551617'), 'number'],
    ['Hello', 'string'],
    [[1], 'array'],
    [set(1, 2, 3), 'set'],
    [obj({ foo: 1 }), 'object'],
  ];
  const tests = ['null', 'boolean', 'number', 'string', 'array', 'set', 'object'];
  it.each(titled('type_name(%s) is %s, and only that is_ test holds', samples))(
    '%s',
    (_, value, type) => {
      expect(call('type_name', value)).toBe(type);
      for (const t of tests) expect(call(`is_${t}`, value)).toBe(t === type);
    },
  );
});

describe('to_number', () => {
  const valid: [Value, Value][] = [
    [null, 0],
    [true, 1],
    [false, 0],
    [3.5, 3.5],
    ['3', 3],
    ['-2.5', -2.5],
    ['+7', 7],
    ['.5', 0.5],
    ['1e3', 1000],
    // boundary: a long integer string stays exact
    ['123456789012345678901234567890', BigInt('123456789012345678901234567890')],
  ];
  it.each(titled('to_number(%s) is %s', valid))('%s', (_, value, expected) => {
    expect(call('to_number', value)).toEqual(expected);
  });

  it('rejects text that is not a number', () => {
    const error = builtinErrorOf(() => call('to_number', 'broken'));
    expect(error.kind).toBe('eval_builtin_error');
    expect(error.message).toContain('invalid syntax');
  });

  // boundary: NaN and infinities are type errors, whatever their case or sign
  it.each(['nan', 'inf', '-inf', 'Infinity', '-Infinity', '-nan', '-NaN', 'iNf'])(
    'to_number(%s) is a type error',
    (text) => {
      expect(builtinErrorOf(() => call('to_number', text)).kind).toBe('eval_type_error');
    },
  );

  it('rejects composite values', () => {
    expect(builtinErrorOf(() => call('to_number', [1])).message).toBe(
      'to_number: operand 1 must be one of {null, boolean, number, string} but got array',
    );
  });
});
