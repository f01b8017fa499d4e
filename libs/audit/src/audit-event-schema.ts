import type { AuditEvent } from '@airlock/core';
import { z } from 'zod';

const sha256Hex = /^[0-9a-f]{64}$/;

export const auditKinds = [
  'execution',
  'decision',
  'egress',
  'sandbox',
  'policy',
  'audit',
  'request',
] as const;

export const auditOutcomes = [
  'ok',
  'error',
  'timeout',
  'memory',
  'crashed',
  'denied',
  'invalid',
  'failed',
  'allowed',
  'refused',
] as const;

const decisionSchema = z.object({
  allow: z.boolean(),
  executor: z.string(),
  reasons: z.array(z.string()),
  capabilities: z.array(z.string()),
  limits: z.record(z.string(), z.number()),
});

const usageSchema = z.object({
  cpuMs: z.number().nonnegative(),
  wallMs: z.number().nonnegative(),
  heapBytes: z.number().nonnegative(),
  capabilityCalls: z.record(z.string(), z.number().int().nonnegative()),
});

const egressSchema = z.object({
  route: z.enum(['forward', 'connect', 'service']),
  method: z.string(),
  host: z.string(),
  port: z.number().int().min(0).max(65_535),
  path: z.string().optional(),
  status: z.number().int(),
  bytesIn: z.number().int().nonnegative(),
  bytesOut: z.number().int().nonnegative(),
  rule: z.string(),
});

/** One audit event as `@airlock/core` defines it; unknown keys are dropped. */
export const auditEventSchema = z.object({
  id: z.string().min(1),
  time: z.iso.datetime({ offset: true }),
  kind: z.enum(auditKinds),
  tenant: z.string().min(1),
  user: z.string().optional(),
  agent: z.string().optional(),
  executionId: z.string().optional(),
  codeHash: z.string().regex(sha256Hex, 'a SHA-256 in lower-case hex').optional(),
  outcome: z.enum(auditOutcomes),
  decision: decisionSchema.optional(),
  usage: usageSchema.optional(),
  egress: egressSchema.optional(),
  durationMs: z.number().nonnegative(),
  detail: z.record(z.string(), z.unknown()).optional(),
});

/** What is stored on each line: the event plus its place in the chain. */
export interface AuditRecord extends AuditEvent {
  /** 1 for the first record ever written to this log; +1 per record, across files. */
  seq: number;
  /** The previous record's `hash`; `genesisHash` for seq 1. */
  prevHash: string;
  /** SHA-256 (hex) of the canonical JSON of this record without `hash`. */
  hash: string;
}

// Compile-time check that the schema and core's type agree in both directions.
type Parsed = z.infer<typeof auditEventSchema>;
const toCore = (event: Parsed): AuditEvent => event;
const fromCore = (event: AuditEvent): Parsed => event;
void toCore;
void fromCore;
