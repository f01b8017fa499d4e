import { pino, type Logger as PinoLogger, type LoggerOptions } from 'pino';

export type LogFields = Record<string, unknown>;

/**
 * What every library logs through. It is passed in, never imported as a global, so a
 * test can hand in `silentLogger` and an app decides where logs go.
 */
export interface Logger {
  debug(fields: LogFields, message?: string): void;
  info(fields: LogFields, message?: string): void;
  warn(fields: LogFields, message?: string): void;
  error(fields: LogFields, message?: string): void;
  /** A logger that adds `bindings` (for example `{ tenant, executionId }`) to every line. */
  child(bindings: LogFields): Logger;
}

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

export interface PinoLoggerOptions {
  /** Lowest level written. Default `info`. */
  level?: LogLevel;
  /** Field paths whose values are replaced by `[redacted]`, such as `req.headers.authorization`. */
  redact?: string[];
  /** Where lines go. Default: standard error, so standard output stays for results. */
  destination?: NodeJS.WritableStream;
}

const defaultRedactions = ['*.authorization', '*.password', '*.secret', '*.token', 'secret'];

/** The part of a pino logger (or a web framework's per-request child) that `Logger` needs. */
export interface PinoLike {
  debug(fields: LogFields, message?: string): void;
  info(fields: LogFields, message?: string): void;
  warn(fields: LogFields, message?: string): void;
  error(fields: LogFields, message?: string): void;
  child(bindings: LogFields): PinoLike;
}

/** A `Logger` over a pino instance, such as the per-request child a web framework hands out. */
export function loggerFromPino(base: PinoLike): Logger {
  return {
    debug: (fields, message) => base.debug(fields, message),
    info: (fields, message) => base.info(fields, message),
    warn: (fields, message) => base.warn(fields, message),
    error: (fields, message) => base.error(fields, message),
    child: (bindings) => loggerFromPino(base.child(bindings)),
  };
}

/** The pino instance behind `createPinoLogger`, for hosts that need pino itself. */
export function createPinoInstance(options: PinoLoggerOptions = {}): PinoLogger {
  const pinoOptions: LoggerOptions = {
    level: options.level ?? 'info',
    redact: { paths: [...defaultRedactions, ...(options.redact ?? [])], censor: '[redacted]' },
    base: undefined,
  };
  const destination = options.destination ?? process.stderr;
  return pino(pinoOptions, destination as pino.DestinationStream);
}

/** A structured JSON logger backed by pino. */
export function createPinoLogger(options: PinoLoggerOptions = {}): Logger {
  return loggerFromPino(createPinoInstance(options));
}

const noop = (): void => undefined;

/** Drops everything. For tests and for embedding where the host does not want logs. */
export const silentLogger: Logger = {
  debug: noop,
  info: noop,
  warn: noop,
  error: noop,
  child: () => silentLogger,
};
