import { describe, expect, it } from 'vitest';
import type { Value } from '../value.js';
import { builtinErrorOf, call, titled } from './test-support.js';

describe('glob.match', () => {
  const table: [string, Value, string, boolean][] = [
    ['*:github:com', [':'], 'api:github:com', true],
    ['*.github.com', ['.'], 'api.not-github.com', false],
    ['[abc]at', [], 'fat', false],
    ['[!abc]at', [], 'fat', true],
    ['[!abc]at', [], 'cat', false],
    ['[a-c]at', [], 'bat', true],
    ['[!a-c]at', [], 'bat', false],
    ['?at', ['f'], 'fat', false],
    ['{cat,bat,[fr]at}', [], 'cat', true],
    ['{cat,bat,[fr]at}', [], 'rat', true],
    ['{cat,bat,[fr]at}', [], 'at', false],
    // boundary: an empty delimiter list means ".", null means no delimiter at all
    ['*', [], 'foo.bar', false],
    ['*', null, 'foo.bar', true],
    ['foo*', null, 'foo.bar', true],
    ['?', null, '', false],
    ['[!0-9]', null, '', false],
    ['a/*/b', null, 'a/b', false],
    ['a/*/b', null, 'a/x/b', true],
    ['a/**/b', null, 'a/b', false],
    ['a/**/b', null, 'a//b', true],
    // boundary: ** crosses delimiters but is not a globstar that may vanish with its slash
    ['**/x', null, 'x', false],
    ['**.com', ['.'], 'api.github.com', true],
    ['{**/,}x', null, 'x', true],
    ['***', ['.'], '', true],
    ['*?*', ['.', '/'], 'api.github.com', false],
    ['*?*', ['.', '/'], 'abc', true],
    ['*', ['.', '/'], 'a/b', false],
    ['\\*', null, '*', true],
    ['\\*', null, 'a', false],
    ['a-b.c', ['-'], 'a-b.c', true],
    ['[-a]x', null, '-x', true],
    ['{a,{b,c}d}', null, 'cd', true],
  ];
  it.each(titled('glob.match(%s, %s, %s) is %s', table))(
    '%s',
    (_, pattern, delimiters, text, expected) => {
      expect(call('glob.match', pattern, delimiters, text)).toBe(expected);
    },
  );

  it('rejects a pattern that is not closed', () => {
    const error = builtinErrorOf(() => call('glob.match', '[ab', null, 'a'));
    expect(error.kind).toBe('eval_builtin_error');
    expect(builtinErrorOf(() => call('glob.match', '{a,b', null, 'a')).kind).toBe(
      'eval_builtin_error',
    );
  });

  it('checks operand types', () => {
    const error = builtinErrorOf(() => call('glob.match', '*', 'x', 'a'));
    expect(error.message).toBe('glob.match: operand 2 must be one of {array, null} but got string');
  });

  it('quotes meta characters', () => {
    expect(call('glob.quote_meta', '*.github.com')).toBe('\\*.github.com');
  });
});
