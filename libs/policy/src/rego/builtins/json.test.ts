import { describe, expect, it } from 'vitest';
import type { Value } from '../value.js';
import { builtinErrorOf, call, obj, pairs, set, show, titled } from './test-support.js';

describe('json.filter and json.remove', () => {
  const doc = obj({ a: { b: { c: 7, d: 8, x: 0 } }, e: 9 });
  const table: [string, Value, Value, Value][] = [
    ['json.filter', obj({}), set('a/b'), obj({})],
    [
      'json.filter',
      obj({ a: [{ b: 7, c: 8 }, { d: 9 }] }),
      set('a/0/b', 'a/1'),
      obj({ a: [{ b: 7 }, { d: 9 }] }),
    ],
    // boundary: string paths and segment arrays may be mixed
    ['json.filter', doc, set('a/b/d', ['a', 'b', 'c']), obj({ a: { b: { c: 7, d: 8 } } })],
    ['json.filter', doc, [], obj({})],
    // boundary: a path that stops early keeps the whole subtree
    ['json.filter', doc, ['a', 'a/b/c'], obj({ a: { b: { c: 7, d: 8, x: 0 } } })],
    ['json.filter', doc, ['missing/x'], obj({})],
    ['json.remove', doc, set('a/b/c'), obj({ a: { b: { d: 8, x: 0 } }, e: 9 })],
    ['json.remove', doc, set('a/b/c', 'e'), obj({ a: { b: { d: 8, x: 0 } } })],
    ['json.remove', obj({ a: { b: 7 }, c: 1 }), set('a', 'a/b'), obj({ c: 1 })],
    ['json.remove', obj({ a: 7 }), set(), obj({ a: 7 })],
    ['json.remove', obj({ a: { b: 7 }, c: 1 }), set('a', 'c'), obj({})],
    [
      'json.remove',
      obj({ a: [{ b: 7, c: 8 }, { d: 9 }] }),
      set('a/0/b', 'a/1'),
      obj({ a: [{ c: 8 }] }),
    ],
    ['json.remove', doc, set(['a', 'b', 'c'], ['e']), obj({ a: { b: { d: 8, x: 0 } } })],
    // boundary: "~1" in a string path is an escaped slash
    ['json.remove', obj({ 'a/b': 1, c: 2 }), ['a~1b'], obj({ c: 2 })],
  ];
  it.each(titled('%s(%s, %s)', table))('%s', (_, name, document, paths, expected) => {
    expect(show(call(name, document, paths))).toBe(show(expected));
  });

  const invalid: [string, Value, Value, string][] = [
    ['json.remove', 'foo', set('a/b/c'), 'json.remove: operand 1 must be object but got string'],
    ['json.remove', 22, set('a/b/c'), 'json.remove: operand 1 must be object but got number'],
    ['json.remove', ['a'], set('a'), 'json.remove: operand 1 must be object but got array'],
    [
      'json.remove',
      obj({}),
      22,
      'json.remove: operand 2 must be one of {set, array} but got number',
    ],
    [
      'json.remove',
      obj({}),
      set('a', obj({ x: 1 })),
      'json.remove: operand 2 must be one of {set, array} containing string paths or array of path segments but got object',
    ],
    [
      'json.filter',
      obj({}),
      ['a', obj({ x: 1 })],
      'json.filter: operand 2 must be one of {set, array} containing string paths or array of path segments but got object',
    ],
  ];
  it.each(titled('%s(%s, %s) is a type error', invalid))(
    '%s',
    (_, name, document, paths, message) => {
      const error = builtinErrorOf(() => call(name, document, paths));
      expect(error.kind).toBe('eval_type_error');
      expect(error.message).toBe(message);
    },
  );
});

describe('JSON text', () => {
  const marshal: [Value, string][] = [
    [[obj({ foo: set(3, 1, 2) })], '[{"foo":[1,2,3]}]'],
    [obj({ b: 1, a: [true, null, 1.5] }), '{"a":[true,null,1.5],"b":1}'],
    // boundary: integers beyond 2^53 are written with every digit
    [BigInt('18446744073709551617'), '18446744073709551617'],
    // boundary: Go escapes HTML-significant characters
    ['<a&b>', '"\\u003ca\\u0026b\\u003e"'],
    [pairs([1, 'x']), '{"1":"x"}'],
    [set(), '[]'],
  ];
  it.each(titled('json.marshal(%s)', marshal))('%s', (_, value, expected) => {
    expect(call('json.marshal', value)).toBe(expected);
  });

  it('marshals with options', () => {
    const value = obj({ a: [1, 2] });
    expect(call('json.marshal_with_options', value, obj({ pretty: true, indent: '  ' }))).toBe(
      '{\n  "a": [\n    1,\n    2\n  ]\n}',
    );
    expect(call('json.marshal_with_options', value, obj({ pretty: false }))).toBe('{"a":[1,2]}');
  });

  const unmarshal: [string, Value][] = [
    ['{"json": "ok", "n": [1, 2.5, -3e2]}', obj({ json: 'ok', n: [1, 2.5, -300] })],
    ['"\\u00e9"', 'é'],
    // boundary: a big integer survives the round trip exactly
    ['[18446744073709551617]', [BigInt('18446744073709551617')]],
    [' null ', null],
  ];
  it.each(titled('json.unmarshal(%s)', unmarshal))('%s', (_, text, expected) => {
    expect(show(call('json.unmarshal', text))).toBe(show(expected));
  });

  it('rejects malformed JSON', () => {
    for (const text of ['plainstring', '{', '{"a":1,}', '[1] 2', "{'a':1}", '01']) {
      expect(builtinErrorOf(() => call('json.unmarshal', text)).kind).toBe('eval_builtin_error');
      expect(call('json.is_valid', text)).toBe(false);
    }
    expect(call('json.is_valid', '{"json": "ok"}')).toBe(true);
    // boundary: a non-string is simply not valid JSON text
    expect(call('json.is_valid', 1)).toBe(false);
  });
});

describe('YAML', () => {
  it('round-trips values', () => {
    const text = call('yaml.marshal', [obj({ foo: set(1, 2, 3) })]) as string;
    expect(show(call('yaml.unmarshal', text))).toBe(show([obj({ foo: [1, 2, 3] })]));
  });

  const validity: [Value, boolean][] = [
    ['foo:\n  - qux: bar\n  - baz: 2', true],
    ['foo:\n  - qux: bar\n  - baz: {', false],
    ['{"json": "ok"}', true],
    ['  test:\ntest1: hello\n', false],
    // boundary: every document must parse, not only the first
    ['a: 1\n---\n\tb: 2\n', false],
    ['a: 1\n---\nb: 2\n', true],
    [1, false],
  ];
  it.each(titled('yaml.is_valid(%s) is %s', validity))('%s', (_, text, expected) => {
    expect(call('yaml.is_valid', text)).toBe(expected);
  });

  it('keeps big integers and rejects bad YAML', () => {
    expect(call('yaml.unmarshal', 'n: 18446744073709551617')).toEqual(
      obj({ n: BigInt('18446744073709551617') }),
    );
    expect(builtinErrorOf(() => call('yaml.unmarshal', 'a: {')).kind).toBe('eval_builtin_error');
  });
});
