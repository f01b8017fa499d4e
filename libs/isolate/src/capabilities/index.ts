export {
  buildCapability,
  builtinCapabilityNames,
  defineCapability,
  type CapabilitySpec,
  type MethodSpec,
} from './define.js';
export {
  EgressBinding,
  type FetchCredential,
  type FetchCredentialIssuer,
  type FetchGrant,
  type FetchRoute,
} from './fetch-binding.js';
export { FetchFailure, type FetchResponse } from './fetch-request.js';
export { createFetchCapability, type FetchCapabilityOptions } from './fetch.js';
export { createKvCapability, type KvCapability, type KvCapabilityOptions } from './kv.js';
export { createLogCapability, type CapabilityLogLevel, type LogCapabilityOptions } from './log.js';
export {
  createSqlCapability,
  type SqlCapability,
  type SqlCapabilityOptions,
  type SqlResult,
} from './sql.js';
