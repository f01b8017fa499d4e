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
  createPinoLogger,
  silentLogger,
  type LogFields,
  type LogLevel,
  type Logger,
  type PinoLoggerOptions,
} from './logger.js';
export {
  languages,
  type Finding,
  type Language,
  type Severity,
  type SourcePosition,
} from './types.js';
