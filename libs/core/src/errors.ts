import { ErrorCode, httpStatusByCode } from './error-codes.js';

export interface AirlockErrorOptions {
  /** The error that caused this one, kept for logs and debugging. */
  cause?: unknown;
  /** Structured facts about the failure (field names, values, limits). Never secrets. */
  context?: Record<string, unknown>;
  /** What the caller should do to fix it, in one sentence. */
  hint?: string;
}

/**
 * The base of every error Airlock throws on purpose. Its `code` comes from the one
 * registry in `error-codes.ts`, so callers can match on it instead of on the message.
 */
export class AirlockError extends Error {
  override readonly name: string = 'AirlockError';
  readonly code: ErrorCode;
  readonly context: Record<string, unknown>;
  readonly hint: string | undefined;

  constructor(code: ErrorCode, message: string, options: AirlockErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.context = options.context ?? {};
    this.hint = options.hint;
  }

  get httpStatus(): number {
    return httpStatusByCode[this.code];
  }

  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      code: this.code,
      message: this.message,
      ...(this.hint === undefined ? {} : { hint: this.hint }),
      ...(Object.keys(this.context).length === 0 ? {} : { context: this.context }),
    };
  }
}

/** A value given by a caller is wrong; the message names the field and the fix. */
export class InvalidInputError extends AirlockError {
  override readonly name = 'InvalidInputError';

  constructor(field: string, problem: string, options: AirlockErrorOptions = {}) {
    super(ErrorCode.InvalidInput, `${field}: ${problem}`, {
      ...options,
      context: { field, ...options.context },
    });
  }
}

/** A configuration key is wrong; the message names the key and the fix. */
export class ConfigError extends AirlockError {
  override readonly name = 'ConfigError';

  constructor(key: string, problem: string, options: AirlockErrorOptions = {}) {
    super(ErrorCode.InvalidConfig, `${key}: ${problem}`, {
      ...options,
      context: { key, ...options.context },
    });
  }
}

/** A command-line invocation is malformed; the CLI exits with code 2. */
export class UsageError extends AirlockError {
  override readonly name = 'UsageError';

  constructor(message: string, options: AirlockErrorOptions = {}) {
    super(ErrorCode.Usage, message, options);
  }
}

export function isAirlockError(value: unknown): value is AirlockError {
  return value instanceof AirlockError;
}
