/**
 * What the pipeline tells the audit log about each request. Executors and the egress
 * proxy never import the audit library; they and the pipeline write to an `AuditSink`
 * handed to them, so the sink can be a hash-chained file, a database or a test's array.
 */

/** How a request ended: an execution status, or refused before any decision was made. */
export type AuditOutcome =
  | 'ok'
  | 'error'
  | 'timeout'
  | 'memory'
  | 'crashed'
  | 'denied'
  /** The request itself was malformed (InvalidInputError); nothing was decided or run. */
  | 'invalid'
  /** Airlock failed while handling it (a bug or an executor that was not running). */
  | 'failed'
  /** An egress request that the proxy let through. */
  | 'allowed'
  /** An egress request that the proxy refused. */
  | 'refused';

/**
 * What an audit event is about. `audit` is the log's own bookkeeping, such as the repair
 * of a torn last line after a crash. `request` is an API request that ran nothing: one the
 * gateway refused before the pipeline (401, 403, 413, 429, malformed JSON), a validation,
 * or a lookup.
 */
export type AuditKind =
  'execution' | 'decision' | 'egress' | 'sandbox' | 'policy' | 'audit' | 'request';

/** One request a sandbox made through the egress proxy. No query string, no headers. */
export interface AuditEgress {
  /** `forward` (plain HTTP through the proxy), `connect` (a tunnel) or `service`. */
  route: 'forward' | 'connect' | 'service';
  method: string;
  host: string;
  port: number;
  /** The path without its query string; absent for tunnels. */
  path?: string;
  /** The status the sandbox got (the proxy's own for refusals). */
  status: number;
  bytesIn: number;
  bytesOut: number;
  /** The rule that decided: an allow-list pattern, `ssrf:private`, `rate-limit`, … */
  rule: string;
}

/** The decision as the audit log keeps it; absent when no decision was reached. */
export interface AuditDecisionSummary {
  allow: boolean;
  executor: string;
  reasons: string[];
  capabilities: string[];
  limits: Record<string, number>;
}

export interface AuditUsage {
  cpuMs: number;
  wallMs: number;
  heapBytes: number;
  capabilityCalls: Record<string, number>;
}

export interface AuditEvent {
  /** Unique per event. */
  id: string;
  /** ISO 8601, UTC. */
  time: string;
  kind: AuditKind;
  tenant: string;
  user?: string;
  agent?: string;
  /** Present for everything tied to one execution. */
  executionId?: string;
  /** SHA-256 of the code's UTF-8 text, hex; the code itself is stored by hash, not here. */
  codeHash?: string;
  outcome: AuditOutcome;
  decision?: AuditDecisionSummary;
  usage?: AuditUsage;
  egress?: AuditEgress;
  durationMs: number;
  /** Facts that fit no field above (for `audit` events: what was repaired). Redacted. */
  detail?: Record<string, unknown>;
}

/** Where audit events go. A sink that cannot record an event throws or rejects. */
export interface AuditSink {
  record(event: AuditEvent): void | Promise<void>;
}
