import { describe, expect, it } from 'vitest';
import type { Value } from '../value.js';
import { translateRe2 } from './regex-syntax.js';
import { builtinErrorOf, call, titled } from './test-support.js';

describe('regex builtins', () => {
  const valid: [string, Value[], Value][] = [
    ['regex.match', ['^[a-z]+\\[[0-9]+\\]$', 'foo[1]'], true],
    ['regex.match', ['^$', ''], true],
    // boundary: the empty pattern matches every string
    ['regex.match', ['', 'x'], true],
    ['regex.match', ['^$', 'something'], false],
    ['re_match', ['^a', 'abc'], true],
    // RE2 syntax that JavaScript spells differently
    ['regex.match', ['(?i)^ABC$', 'abc'], true],
    ['regex.match', ['(?s)^a.b$', 'a\nb'], true],
    ['regex.match', ['^a.b$', 'a\nb'], false],
    ['regex.match', ['\\Aabc\\z', 'abc'], true],
    ['regex.match', ['abc\\z', 'abc\n'], false],
    ['regex.match', ['^(?P<word>[[:alpha:]]+)$', 'Hello'], true],
    ['regex.match', ['^\\pL+$', 'héllo'], true],
    ['regex.match', ['^\\p{Greek}+$', 'αβγ'], true],
    ['regex.match', ['^a{2}$', 'aa'], true],
    // boundary: a brace that is not a repetition is a literal in RE2
    ['regex.match', ['^a{$', 'a{'], true],
    ['regex.match', ['^[]a]+$', ']a'], true],
    ['regex.match', ['^\\-\\#$', '-#'], true],
    ['regex.is_valid', ['^[a-z]+$'], true],
    ['regex.is_valid', ['$^[[['], false],
    // boundary: RE2 has no lookaround and no backreferences
    ['regex.is_valid', ['a(?=b)'], false],
    ['regex.is_valid', ['(a)\\1'], false],
    ['regex.is_valid', [1], false],
    ['regex.find_n', ['a.', 'paranormal', -1], ['ar', 'an', 'al']],
    ['regex.find_n', ['a.', 'paranormal', 2], ['ar', 'an']],
    ['regex.find_n', ['a.', 'paranormal', 0], []],
    // boundary: an empty match right after a match is skipped, as in Go
    ['regex.find_n', ['a*', 'baaac', -1], ['', 'aaa', '']],
    [
      'regex.find_all_string_submatch_n',
      ['a(x*)(y)?', 'axxb ay', -1],
      [
        ['axx', 'xx', ''],
        ['ay', '', 'y'],
      ],
    ],
    ['regex.split', ['^[a-z]+\\[[0-9]+\\]$', ''], ['']],
    ['regex.split', ['^[a-z]+', 'foobar baz'], ['', ' baz']],
    ['regex.split', ['[a-z]+$', 'foobar baz'], ['foobar ', '']],
    ['regex.split', ['^[a-z]+$', 'foobar baz'], ['foobar baz']],
    ['regex.split', ['^[a-z ]+$', 'foobar baz'], ['', '']],
    ['regex.split', ['a', 'banana'], ['b', 'n', 'n', '']],
    ['regex.split', ['z+', 'pizza'], ['pi', 'a']],
    ['regex.replace', ['-wy-wxxy-', 'w(x*)y', '0'], '-0-0-'],
    ['regex.replace', ['foo', '(foo)', '$1$1'], 'foofoo'],
    ['regex.replace', ['foo', '(?P<x>o)', '[${x}]'], 'f[o][o]'],
    // boundary: Go reads `$1x` as the group named `1x`, which does not exist
    ['regex.replace', ['foo', '(o)', '$1x'], 'f'],
    ['regex.replace', ['a', 'a', '$$'], '$'],
    ['regex.template_match', ['urn:foo:{.*}', 'urn:foo:bar:baz', '{', '}'], true],
    ['regex.template_match', ['urn:foo.bar:{[0-9]{2}}', 'urn:foo.bar:42', '{', '}'], false],
    ['regex.template_match', ['urn:foo.bar:<[0-9]{2}>', 'urn:foo.bar:42', '<', '>'], true],
  ];
  it.each(titled('%s(%a)', valid))('%s', (_, name, args, expected) => {
    expect(call(name, ...args)).toEqual(expected);
  });

  const invalid: [string, Value[], string, string][] = [
    // boundary: a bad pattern is a builtin error (undefined when not strict)
    [
      'regex.match',
      ['$^[[[', 'something'],
      'eval_builtin_error',
      'regex.match: error parsing regexp',
    ],
    [
      'regex.replace',
      ['foo', '[', '$1'],
      'eval_builtin_error',
      'regex.replace: error parsing regexp',
    ],
    [
      'regex.match',
      [1, 'a'],
      'eval_type_error',
      'regex.match: operand 1 must be string but got number',
    ],
    ['regex.find_n', ['a', 'a', 1.5], 'eval_type_error', 'operand 3 must be integer number'],
  ];
  it.each(titled('%s(%a) fails', invalid))('%s', (_, name, args, kind, message) => {
    const error = builtinErrorOf(() => call(name, ...args));
    expect(error.kind).toBe(kind);
    expect(error.message).toContain(message);
  });

  it('translates RE2 flags into RegExp flags', () => {
    expect(translateRe2('(?is)a')).toEqual({ source: 'a', flags: 'uis' });
    expect(() => translateRe2('(?U)a')).toThrow('ungreedy');
  });
});
