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
  | 'failed';

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
  kind: 'execution';
  tenant: string;
  user?: string;
  agent?: string;
  executionId: string;
  /** SHA-256 of the code's UTF-8 text, hex; the code itself is stored by hash, not here. */
  codeHash: string;
  outcome: AuditOutcome;
  decision?: AuditDecisionSummary;
  usage?: AuditUsage;
  durationMs: number;
}

/** Where audit events go. A sink that cannot record an event throws or rejects. */
export interface AuditSink {
  record(event: AuditEvent): void | Promise<void>;
}
