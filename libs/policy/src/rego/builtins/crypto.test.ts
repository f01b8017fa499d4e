import { describe, expect, it } from 'vitest';
import type { Value } from '../value.js';
import { builtinErrorOf, call, titled } from './test-support.js';

describe('crypto builtins', () => {
  const table: [string, Value[], Value][] = [
    ['crypto.md5', ['abc'], '900150983cd24fb0d6963f7d28e17f72'],
    ['crypto.sha1', ['abc'], 'a9993e364706816aba3e25717850c26c9cd0d89d'],
    ['crypto.sha256', ['abc'], 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'],
    // boundary: the empty string has a digest too
    ['crypto.sha256', [''], 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
    [
      'crypto.hmac.sha256',
      ['The quick brown fox jumps over the lazy dog', 'key'],
      'f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8',
    ],
    ['crypto.hmac.equal', ['abc', 'abc'], true],
    ['crypto.hmac.equal', ['abc', 'abd'], false],
    // boundary: different lengths are unequal, not an error
    ['crypto.hmac.equal', ['abc', 'ab'], false],
  ];
  it.each(titled('%s(%a)', table))('%s', (_, name, args, expected) => {
    expect(call(name, ...args)).toBe(expected);
  });

  it('needs strings', () => {
    expect(builtinErrorOf(() => call('crypto.sha256', 1)).message).toBe(
      'crypto.sha256: operand 1 must be string but got number',
    );
  });
});
