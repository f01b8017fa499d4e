import { describe, expect, it } from 'vitest';
import type { Value } from '../value.js';
import { builtinErrorOf, call, obj, set, titled } from './test-support.js';

describe('string builtins', () => {
  const valid: [string, Value[], Value | undefined][] = [
    ['concat', ['/', ['', 'foo', 'bar', '0', 'baz']], '/foo/bar/0/baz'],
    ['concat', [',', set('2', '1', '3')], '1,2,3'],
    ['contains', ['abcdefgh', 'defg'], true],
    ['contains', ['abc', 'x'], false],
    ['startswith', ['abcdefgh', 'abcd'], true],
    ['endswith', ['abcdefgh', 'fgh'], true],
    // boundary: format_int drops the fraction before formatting
    ['format_int', [15.5, 16], 'f'],
    ['format_int', [3.1, 10], '3'],
    ['format_int', [-15, 2], '-1111'],
    ['format_int', [BigInt('18446744073709551617'), 16], '10000000000000001'],
    ['indexof', ['μx', 'x'], 1],
    ['indexof', ['μ', 'μμ'], -1],
    ['indexof', ['skön var våren', 'vår'], 9],
    // boundary: positions count code points, so an emoji is one position
    ['indexof', ['🍧🍨🧁🍰🍮', '🍮'], 4],
    ['indexof_n', ['dogcatdogcat', 'cat'], [3, 9]],
    ['indexof_n', ['😇😀😇😀😇😀', '😀'], [1, 3, 5]],
    ['indexof_n', ['dogcat', 'rabbit'], []],
    ['lower', ['AbCdEf'], 'abcdef'],
    ['upper', ['AbCdEf'], 'ABCDEF'],
    ['replace', ['foo.bar.baz', '.', ','], 'foo,bar,baz'],
    ['replace', ['foo...bar', '..', ',,'], 'foo,,.bar'],
    ['strings.replace_n', [obj({ a: '1', b: '2' }), 'abcab'], '12c12'],
    // boundary: the earliest key wins where two patterns start at the same place
    ['strings.replace_n', [obj({ ab: 'X', a: 'Y' }), 'abc'], 'Ybc'],
    ['split', ['foo.bar.baz', '.'], ['foo', 'bar', 'baz']],
    ['split', ['', '.'], ['']],
    // boundary: an empty separator splits into characters; empty text gives no parts
    ['split', ['test', ''], ['t', 'e', 's', 't']],
    ['split', ['', ''], []],
    ['strings.split_n', ['a.b.c.d', '.', 2], ['a', 'b']],
    ['strings.split_n', ['a.b.c.d', '.', 10], ['a', 'b', 'c', 'd']],
    ['strings.split_n', ['a.b.c.d', '.', 0], []],
    // boundary: a negative count takes parts from the end
    ['strings.split_n', ['a.b.c.d', '.', -2], ['c', 'd']],
    ['strings.split_n', ['a.b.c.d', '.', -10], ['a', 'b', 'c', 'd']],
    ['strings.split_n', ['abc', '', -2], ['b', 'c']],
    ['strings.split_n', ['', '.', 2], ['']],
    ['substring', ['abcdefgh', 2, -1], 'cdefgh'],
    ['substring', ['aåäö', 2, -1], 'äö'],
    ['substring', ['abcdefghåäö', 2, 10000], 'cdefghåäö'],
    // boundary: an offset past the end gives the empty string
    ['substring', ['åäö', 4, -1], ''],
    ['substring', ['abcdef', 1, 2], 'bc'],
    ['trim', ['...foo.bar...', '.o'], 'foo.bar'],
    ['trim', ['', '.'], ''],
    ['trim_left', ['..a..', '.'], 'a..'],
    ['trim_right', ['..a..', '.'], '..a'],
    ['trim_prefix', ['¡¡¡foo, bar!!!', '¡¡¡foo'], ', bar!!!'],
    ['trim_suffix', ['¡¡¡foo, bar!!!', ', bar!!!'], '¡¡¡foo'],
    ['trim_suffix', ['¡¡¡foo, bar!!!', ', foo!!!'], '¡¡¡foo, bar!!!'],
    ['trim_space', ['  \t a b \n'], 'a b'],
    ['strings.reverse', ['a😀b'], 'b😀a'],
    ['strings.count', ['cheese', 'e'], 3],
    ['strings.count', ['11111', '11'], 2],
    // boundary: the empty string occurs once more than there are characters
    ['strings.count', ['dummy', ''], 6],
    ['strings.count', ['', ''], 1],
    [
      'strings.any_prefix_match',
      [
        ['a/b/c', 'e/f/g'],
        ['d/', 'e/f/g'],
      ],
      true,
    ],
    ['strings.any_prefix_match', ['a/b/c', 'g/'], false],
    ['strings.any_prefix_match', [set('a/b/c'), set('a/')], true],
    // boundary: the empty prefix matches everything; no strings match nothing
    ['strings.any_prefix_match', [['a'], ['z/', '']], true],
    ['strings.any_prefix_match', [[], ['a']], false],
    [
      'strings.any_suffix_match',
      [
        ['a/b/c', 'a/b/d'],
        ['/c', '/a'],
      ],
      true,
    ],
    ['strings.any_suffix_match', [['aa/bb/cc'], ['b/c']], false],
  ];
  it.each(titled('%s(%a)', valid))('%s', (_, name, args, expected) => {
    expect(call(name, ...args)).toEqual(expected);
  });

  const invalid: [string, Value[], string][] = [
    [
      'strings.split_n',
      ['a.b.c', '.', 1.5],
      'strings.split_n: operand 3 must be integer number but got floating-point number',
    ],
    [
      'strings.any_prefix_match',
      [[1, 2], ['f/']],
      'strings.any_prefix_match: operand 1 must be array of strings but got array containing number',
    ],
    [
      'strings.any_prefix_match',
      [1, ['f/']],
      'strings.any_prefix_match: operand 1 must be one of {string, set, array} but got number',
    ],
    [
      'strings.any_suffix_match',
      [['a'], [1]],
      'strings.any_suffix_match: operand 2 must be array of strings but got array containing number',
    ],
    [
      'strings.any_suffix_match',
      [['a'], 1],
      'strings.any_suffix_match: operand 2 must be one of {string, set, array} but got number',
    ],
    ['concat', ['/', 'ab'], 'concat: operand 2 must be one of {set, array} but got string'],
    [
      'concat',
      ['/', [1]],
      'concat: operand 2 must be array of strings but got array containing number',
    ],
    ['upper', [1], 'upper: operand 1 must be string but got number'],
    ['format_int', [1, 3], 'format_int: operand 2 must be one of {2, 8, 10, 16} but got 3'],
  ];
  it('fails on a negative offset or an empty search string', () => {
    const cases: [string, Value[], string][] = [
      ['substring', ['abc', -1, 1], 'substring: negative offset'],
      // boundary: there is no position of the empty string to report
      ['indexof', ['abc', ''], 'indexof: empty search character'],
      ['indexof_n', ['abc', ''], 'indexof_n: empty search character'],
    ];
    for (const [name, args, message] of cases) {
      const error = builtinErrorOf(() => call(name, ...args));
      expect(error.kind).toBe('eval_builtin_error');
      expect(error.message).toBe(message);
    }
    const error = builtinErrorOf(() => call('strings.replace_n', obj({ a: 1 }), 'a'));
    expect(error.message).toBe(
      'strings.replace_n: operand 1 non-string value found in pattern object',
    );
  });

  it.each(titled('%s(%a) is a type error', invalid))('%s', (_, name, args, message) => {
    const error = builtinErrorOf(() => call(name, ...args));
    expect(error.kind).toBe('eval_type_error');
    expect(error.message).toContain(message);
  });
});
