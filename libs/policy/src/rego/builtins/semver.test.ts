import { describe, expect, it } from 'vitest';
import type { Value } from '../value.js';
import { builtinErrorOf, call, titled } from './test-support.js';

describe('semver', () => {
  const validity: [Value, boolean][] = [
    ['1.0.0', true],
    ['0.0.0', true],
    ['1.2.3-alpha.1+build.5', true],
    ['1.0.0-0A.is.legal', true],
    // boundary: leading zeros and missing parts are not SemVer
    ['01.0.0', false],
    ['1.0.0-01', false],
    ['1.0', false],
    ['v1.0.0', false],
    ['1.0.0-', false],
    [1, false],
  ];
  it.each(titled('semver.is_valid(%s) is %s', validity))('%s', (_, text, expected) => {
    expect(call('semver.is_valid', text)).toBe(expected);
  });

  // The precedence chain from the SemVer specification, each lower than the next.
  const chain = [
    '1.0.0-alpha',
    '1.0.0-alpha.1',
    '1.0.0-alpha.beta',
    '1.0.0-beta',
    '1.0.0-beta.2',
    '1.0.0-beta.11',
    '1.0.0-rc.1',
    '1.0.0',
    '1.0.1',
    '1.2.0',
    '1.10.0',
    '2.0.0',
  ];
  it.each(chain.slice(1).map((v, i) => [chain[i] as string, v]))('%s < %s', (lower, higher) => {
    expect(call('semver.compare', lower, higher)).toBe(-1);
    expect(call('semver.compare', higher, lower)).toBe(1);
  });

  it('ignores build metadata and compares big numbers exactly', () => {
    expect(call('semver.compare', '1.0.0+a', '1.0.0+b')).toBe(0);
    // boundary: version numbers beyond 2^53 still compare exactly
    expect(call('semver.compare', '1.0.9007199254740993', '1.0.9007199254740992')).toBe(1);
  });

  it('rejects invalid versions', () => {
    const error = builtinErrorOf(() => call('semver.compare', '1.0', '1.0.0'));
    expect(error.kind).toBe('eval_builtin_error');
    expect(error.message).toBe('semver.compare: operand 1: string "1.0" is not a valid SemVer');
  });
});
