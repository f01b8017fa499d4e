// The executor core.
export {
  IsolateExecutor,
  type IsolateExecutorOptions,
  type IsolateExecutorStats,
} from './executor.js';
export { transpile, type TranspileResult } from './transpile.js';
export {
  defaultIsolateLimits,
  type CallContext,
  type Capability,
  type ExecutionRequest,
  type ExecutionResult,
  type ExecutionStatus,
  type ExecutionUsage,
  type IsolateLimits,
  type Json,
  type LogEntry,
} from './types.js';

// --- Capabilities (written by the capabilities engineer; add exports below this line) ---
