import { ErrorCode } from '@airlock/core';
import { describe, expect, it } from 'vitest';
import { defaultSandboxLimits } from '../types.js';
import { envList, resolveLimits } from './limits.js';
import { resolveSandboxPath } from './paths.js';

describe('resolveLimits', () => {
  it('fills every default', () => {
    expect(resolveLimits()).toEqual(defaultSandboxLimits);
    expect(resolveLimits({ memoryMb: 256 })).toEqual({ ...defaultSandboxLimits, memoryMb: 256 });
  });

  const invalid: [string, Record<string, unknown>, string][] = [
    ['memory below what node needs to start', { memoryMb: 16 }, 'limits.memoryMb'],
    ['a fractional process count', { maxProcesses: 10.5 }, 'limits.maxProcesses'],
    ['no CPU at all', { cpus: 0 }, 'limits.cpus'],
    ['a string', { diskMb: '100' }, 'limits.diskMb'],
    ['an unknown limit', { gpus: 1 }, 'limits'],
    ['a lifetime too short to create in', { maxLifetimeMs: 10 }, 'limits.maxLifetimeMs'],
  ];
  it.each(invalid)('refuses %s, naming the field', (_why, limits, field) => {
    expect(() => resolveLimits(limits)).toThrow(
      expect.objectContaining({ code: ErrorCode.InvalidInput, context: { field } }),
    );
  });
});

describe('envList', () => {
  it('turns a record into KEY=value pairs', () => {
    expect(envList({ A: '1', B_2: 'x=y' }, 'env')).toEqual(['A=1', 'B_2=x=y']);
  });

  it.each([['1A'], ['A-B'], ['A B'], ['']])('refuses the name %j', (key) => {
    expect(() => envList({ [key]: 'x' }, 'env')).toThrow(
      expect.objectContaining({ context: { field: 'env' } }),
    );
  });
});

describe('resolveSandboxPath', () => {
  const valid: [string, string][] = [
    ['a.txt', '/workspace/a.txt'],
    ['./src/../b.txt', '/workspace/b.txt'],
    ['/workspace/x/', '/workspace/x'],
    ['/tmp/y', '/tmp/y'],
    // `..` that stays inside is harmless once normalised
    ['/tmp/a/../b', '/tmp/b'],
  ];
  it.each(valid)('%j is %j', (path, expected) => {
    expect(resolveSandboxPath(path, { allowRoot: false })).toBe(expected);
  });

  it('accepts a root folder only where asked (listing, not writing)', () => {
    expect(resolveSandboxPath('.', { allowRoot: true })).toBe('/workspace');
    expect(() => resolveSandboxPath('.', { allowRoot: false })).toThrow(/outside/);
  });

  it.each([['..'], ['../x'], ['/workspacex/a'], ['/etc/passwd'], ['/tmp/../etc'], ['a\0b'], ['']])(
    'refuses %j',
    (path) => {
      expect(() => resolveSandboxPath(path, { allowRoot: false })).toThrow(
        expect.objectContaining({ context: { field: 'path' } }),
      );
    },
  );
});
