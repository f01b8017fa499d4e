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
export {
  EgressBinding,
  FetchFailure,
  builtinCapabilityNames,
  createFetchCapability,
  createKvCapability,
  createLogCapability,
  createSqlCapability,
  defineCapability,
  type CapabilityLogLevel,
  type CapabilitySpec,
  type FetchCapabilityOptions,
  type FetchCredential,
  type FetchCredentialIssuer,
  type FetchGrant,
  type FetchResponse,
  type FetchRoute,
  type KvCapability,
  type KvCapabilityOptions,
  type LogCapabilityOptions,
  type MethodSpec,
  type SqlCapability,
  type SqlCapabilityOptions,
  type SqlResult,
} from './capabilities/index.js';
