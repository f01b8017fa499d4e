export type {
  AuditDecisionSummary,
  AuditEgress,
  AuditEvent,
  AuditKind,
  AuditOutcome,
  AuditSink,
  AuditUsage,
} from './audit.js';
export { ErrorCode, httpStatusByCode } from './error-codes.js';
export {
  AirlockError,
  ConfigError,
  InvalidInputError,
  UsageError,
  isAirlockError,
  type AirlockErrorOptions,
} from './errors.js';
export {
  createPinoInstance,
  createPinoLogger,
  loggerFromPino,
  silentLogger,
  type LogFields,
  type LogLevel,
  type Logger,
  type PinoLike,
  type PinoLoggerOptions,
} from './logger.js';
export {
  languages,
  type Finding,
  type Language,
  type Severity,
  type SourcePosition,
} from './types.js';
export { LruCache, deepFreeze } from './lru-cache.js';
