import { describe, expect, it } from 'vitest';
import type { Value } from '../value.js';
import { builtinErrorOf, call, obj, pairs, set, show, titled } from './test-support.js';

describe('object builtins', () => {
  const nested = obj({ a: { b: 'c' }, list: [{ x: 1 }] });
  const valid: [string, Value[], Value][] = [
    ['object.get', [nested, 'a', true], obj({ b: 'c' })],
    ['object.get', [nested, 'b', true], true],
    // boundary: an array key is a path, through objects and array indexes
    ['object.get', [nested, ['a', 'b'], 'd'], 'c'],
    ['object.get', [nested, ['list', 0, 'x'], 'd'], 1],
    ['object.get', [nested, ['list', 1, 'x'], 'd'], 'd'],
    ['object.get', [nested, ['a', 'b', 'c'], 'd'], 'd'],
    ['object.get', [nested, [], 'd'], nested],
    ['object.get', [obj({ s: set('x') }), ['s', 'x'], 'd'], 'x'],
    ['object.get', [obj({ s: set('x') }), ['s', 'y'], 'd'], 'd'],
    ['object.get', [pairs([1, 'one']), 1, null], 'one'],
    // boundary: a key holding null is present, so the default is not used
    ['object.get', [obj({ a: null }), 'a', 5], null],
    ['object.keys', [obj({ a: 1, b: 2 })], set('a', 'b')],
    ['object.remove', [obj({ a: 1, b: { c: 3 } }), set('a')], obj({ b: { c: 3 } })],
    ['object.remove', [obj({ a: 1, b: { c: 3 }, d: 4 }), set('b', 'd')], obj({ a: 1 })],
    ['object.remove', [obj({ a: 1, b: { c: 3 }, d: 4 }), obj({ b: 1, d: '' })], obj({ a: 1 })],
    ['object.remove', [obj({}), set('a', 'b')], obj({})],
    ['object.remove', [obj({ a: 1 }), ['z']], obj({ a: 1 })],
    ['object.filter', [obj({ a: { b: { c: 7 } }, e: 9 }), set('a')], obj({ a: { b: { c: 7 } } })],
    ['object.filter', [obj({ a: 1, b: 2, c: 3, e: 9 }), ['a', 'e']], obj({ a: 1, e: 9 })],
    ['object.filter', [obj({ a: 7 }), []], obj({})],
    ['object.filter', [obj({ a: 7 }), obj({})], obj({})],
    ['object.union', [obj({}), obj({})], obj({})],
    ['object.union', [obj({ a: 1 }), obj({ b: 2 })], obj({ a: 1, b: 2 })],
    [
      'object.union',
      [obj({ b: 2 }), obj({ a: { b: { c: 1 } } })],
      obj({ a: { b: { c: 1 } }, b: 2 }),
    ],
    // boundary: on conflict the right operand wins, objects merge recursively
    ['object.union', [obj({ a: 1 }), obj({ a: 2 })], obj({ a: 2 })],
    ['object.union', [obj({ a: { x: 1 } }), obj({ a: { y: 2 } })], obj({ a: { x: 1, y: 2 } })],
    [
      'object.union',
      [obj({ a: 1 }), obj({ a: { b: { c: 1 } }, d: 7 })],
      obj({ a: { b: { c: 1 } }, d: 7 }),
    ],
    ['object.union_n', [[obj({ a: 1 }), obj({ b: 2 }), obj({ a: 3 })]], obj({ a: 3, b: 2 })],
    ['object.union_n', [[]], obj({})],
  ];
  it.each(titled('%s(%a)', valid))('%s', (_, name, args, expected) => {
    expect(show(call(name, ...args))).toBe(show(expected));
  });

  const invalid: [string, Value[], string][] = [
    [
      'object.union',
      [obj({ a: 1 }), [1, 2, 3]],
      'object.union: operand 2 must be object but got array',
    ],
    ['object.remove', [123, set('a')], 'object.remove: operand 1 must be object but got number'],
    ['object.remove', [null, set('a')], 'object.remove: operand 1 must be object but got null'],
    [
      'object.remove',
      [obj({ a: 1 }), 'foo'],
      'object.remove: operand 2 must be one of {object, set, array} but got string',
    ],
    ['object.filter', [['a'], set('a')], 'object.filter: operand 1 must be object but got array'],
    [
      'object.filter',
      [obj({ a: 1 }), true],
      'object.filter: operand 2 must be one of {object, set, array} but got boolean',
    ],
    ['object.get', ['x', 'a', 1], 'object.get: operand 1 must be object but got string'],
    [
      'object.union_n',
      [[obj({}), 1]],
      'object.union_n: operand 1 must be array of objects but got array containing number',
    ],
  ];
  it.each(titled('%s(%a) is a type error', invalid))('%s', (_, name, args, message) => {
    const error = builtinErrorOf(() => call(name, ...args));
    expect(error.kind).toBe('eval_type_error');
    expect(error.message).toBe(message);
  });
});

describe('object.subset', () => {
  const A = obj({ a: 5, b: 7, c: 15, nested: { x: 10, y: 15, z: 20 } });
  const table: [Value, Value, boolean][] = [
    [obj({ a: 5, b: 7, c: 15 }), obj({ a: 5 }), true],
    [obj({ a: 5 }), obj({ a: 5, b: 7, c: 15 }), false],
    [obj({ a: 5, b: 7 }), obj({ a: 5, b: 10 }), false],
    [A, obj({ a: 5, nested: { x: 10, y: 15, z: 20 } }), true],
    [A, obj({ a: 5, nested: { x: 10, y: 15 } }), true],
    // boundary: inside objects, sets and arrays compare as subsets too
    [
      obj({ n: { s: set(1, 2, 3, 4), arr: [6, 7, 8, 9] } }),
      obj({ n: { s: set(4, 1), arr: [6, 7] } }),
      true,
    ],
    [set(1, 2, 3), set(3, 2), true],
    [set(3, 2), set(1, 2, 3), false],
    [set(1, 2, 3, set('a', 'b', 'c')), set(3, 2, set('a', 'b', 'c')), true],
    // boundary: set members are compared by equality, not by recursive subset
    [set(1, 2, 3, set('a', 'b', 'c')), set(3, 2, set('a', 'b')), false],
    [[1, 2, 3, 4, 5, 6], [3, 4, 5], true],
    [[1, 2, 3, 4, 5, 6], [1, 2, 3, 4, 5, 6], true],
    // boundary: an array must appear contiguously and in order
    [[1, 2, 3, 4, 5, 6], [4, 5, 6, 8], false],
    [[1, 2, 3, 4, 5, 6], [1, 3], false],
    [[1, 2, 3], [], true],
    [[1, 2, 3, 4, 5, 6], set(4, 3, 2), true],
    [[1, 2, 3, 4, 5, 6], set(9, 8, 7), false],
  ];
  it.each(titled('object.subset(%s, %s) is %s', table))('%s', (_, sup, sub, expected) => {
    expect(call('object.subset', sup, sub)).toBe(expected);
  });

  it('rejects a set super with an array sub, and scalars', () => {
    const error = builtinErrorOf(() => call('object.subset', set(1), [1]));
    expect(error.message).toBe('object.subset: operand 2 must be set but got array');
    expect(builtinErrorOf(() => call('object.subset', 1, 1)).message).toBe(
      'object.subset: operand 1 must be one of {object, set, array} but got number',
    );
  });
});
