import type { ContainerCodeExecutor, SandboxService } from '@airlock/container';
import type { Decider } from '@airlock/policy';
import type { Validator } from '@airlock/validator';
import type { ApiKeyRing, Caller } from './api-keys.js';
import type { GatewayConfig } from './config/schema.js';
import type { ContainerEgress } from './container-egress.js';
import type { Lifecycle } from './lifecycle.js';
import type { GatewayMetrics } from './metrics.js';
import type { RequestFacts } from './request-audit.js';
import type { Runtime } from './runtime.js';
import type { TenantLimiter } from './tenant-limiter.js';

/** What the routes share: one of each per gateway. */
export interface GatewayContext {
  config: GatewayConfig;
  keys: ApiKeyRing;
  limiter: TenantLimiter;
  metrics: GatewayMetrics;
  runtime: Runtime;
  decider: Decider;
  validator: Validator;
  lifecycle: Lifecycle;
  /** The container executor, when `container.enabled`; sandbox routes answer 503 without it. */
  sandboxes: SandboxService | undefined;
  /** Proxy credentials for sandboxes the policy grants hosts; with `sandboxes`. */
  sandboxEgress: ContainerEgress | undefined;
  /** Runs executions the policy sends to containers, in one-off sandboxes of `sandboxes`. */
  containers: ContainerCodeExecutor | undefined;
  /** Destroys every sandbox, then stops the egress proxy of sandboxes. */
  stopContainers(): Promise<void>;
  /** Where callers reach the gateway, for preview URLs: `server.publicUrl`, else its address. */
  publicUrl: string;
  /** Writes a `request` audit event; a failure is logged, the answer still goes out. */
  auditRequest(facts: RequestFacts): Promise<void>;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the authentication hook on every `/v1` route. */
    caller: Caller | undefined;
    /** Set when the pipeline already audited this request, so it is not audited twice. */
    audited: boolean;
    /** The tenant the request named, once known. */
    tenant: string | undefined;
  }
}
