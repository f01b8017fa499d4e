import { describe, expect, it } from 'vitest';
import { ErrorCode, httpStatusByCode } from './error-codes.js';
import {
  AirlockError,
  ConfigError,
  InvalidInputError,
  UsageError,
  isAirlockError,
} from './errors.js';

describe('AirlockError', () => {
  it('keeps code, cause, context and hint', () => {
    const cause = new Error('disk full');
    const error = new AirlockError(ErrorCode.Internal, 'could not write', {
      cause,
      context: { path: '/tmp/x' },
      hint: 'free some space',
    });
    expect(error.code).toBe('internal');
    expect(error.cause).toBe(cause);
    expect(error.context).toEqual({ path: '/tmp/x' });
    expect(error.httpStatus).toBe(500);
    expect(error).toBeInstanceOf(Error);
  });

  it('serialises without the cause or an empty context', () => {
    const json = new AirlockError(ErrorCode.Usage, 'bad flag').toJSON();
    expect(json).toEqual({ name: 'AirlockError', code: 'usage', message: 'bad flag' });
  });

  it('names the field in input errors and maps to 400', () => {
    const error = new InvalidInputError('limits.timeoutMs', 'expected a positive integer, got -1');
    expect(error.message).toBe('limits.timeoutMs: expected a positive integer, got -1');
    expect(error.context.field).toBe('limits.timeoutMs');
    expect(error.httpStatus).toBe(400);
    expect(error.name).toBe('InvalidInputError');
  });

  it('names the key in config errors', () => {
    const error = new ConfigError('rules.no-eval', 'unknown level "loud"', { hint: 'use off' });
    expect(error.code).toBe(ErrorCode.InvalidConfig);
    expect(error.toJSON()).toMatchObject({ hint: 'use off', context: { key: 'rules.no-eval' } });
  });

  it('recognises its own errors only', () => {
    expect(isAirlockError(new UsageError('x'))).toBe(true);
    expect(isAirlockError(new Error('x'))).toBe(false);
    expect(isAirlockError({ code: 'usage' })).toBe(false);
  });

  it('has an HTTP status for every code in the registry', () => {
    for (const code of Object.values(ErrorCode)) {
      expect(httpStatusByCode[code]).toBeGreaterThanOrEqual(400);
    }
  });
});
