export { matchAllowList, normalizeHost, splitHostPort, type EgressTarget } from './allow-list.js';
export { EgressProxy } from './egress-proxy.js';
export {
  checkDestination,
  classifyAddress,
  createSsrfGuard,
  parseIpLiteral,
  systemResolver,
  type SsrfGuardOptions,
  type SsrfVerdict,
} from './ssrf-guard.js';
export {
  defaultEgressLimits,
  type EgressCredential,
  type EgressGrant,
  type EgressLimits,
  type EgressProxyOptions,
  type EgressResolver,
  type ResolvedAddress,
  type SecretSpec,
  type ServiceRoute,
} from './types.js';
