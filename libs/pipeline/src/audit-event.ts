import { createHash, randomUUID } from 'node:crypto';
import type { AuditEvent, AuditOutcome, Finding } from '@airlock/core';
import type { PipelineResult } from './result.js';

export interface AuditFacts {
  raw: unknown;
  executionId: string;
  startedMs: number;
  result: PipelineResult | undefined;
  /** Set when the run threw instead of answering. */
  failure: unknown;
  invalid: boolean;
}

/** SHA-256 of the code's UTF-8 text, hex. */
export function codeHash(code: string): string {
  return createHash('sha256').update(code, 'utf8').digest('hex');
}

/** How many findings one rule raised, at which severity: no messages, no code. */
export interface FindingCount {
  ruleId: string;
  severity: Finding['severity'];
  count: number;
}

/** The validator's findings counted by rule, in first-seen order. */
export function countFindings(findings: readonly Finding[]): FindingCount[] {
  const counts = new Map<string, FindingCount>();
  for (const { ruleId, severity } of findings) {
    const key = `${ruleId}\u0000${severity}`;
    const seen = counts.get(key);
    if (seen === undefined) counts.set(key, { ruleId, severity, count: 1 });
    else seen.count += 1;
  }
  return [...counts.values()];
}

/** The code a raw request carried, when it carried a string. */
export function codeOf(raw: unknown): string | undefined {
  return field(raw, 'code');
}

function field(raw: unknown, name: string): string | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const value = (raw as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : undefined;
}

export function outcomeOf(facts: AuditFacts): AuditOutcome {
  if (facts.result !== undefined) return facts.result.status;
  return facts.invalid ? 'invalid' : 'failed';
}

/**
 * The audit event of one run, from whatever is known when it ends: a malformed request
 * still has its (possibly empty) tenant and the hash of whatever code it carried.
 */
export function auditEventFor(facts: AuditFacts): AuditEvent {
  const { raw, result } = facts;
  const user = field(raw, 'user');
  const agent = field(raw, 'agent');
  const event: AuditEvent = {
    id: randomUUID(),
    time: new Date().toISOString(),
    kind: 'execution',
    tenant: field(raw, 'tenant') ?? '',
    ...(user === undefined ? {} : { user }),
    ...(agent === undefined ? {} : { agent }),
    executionId: facts.executionId,
    codeHash: codeHash(field(raw, 'code') ?? ''),
    outcome: outcomeOf(facts),
    durationMs: Math.round(performance.now() - facts.startedMs),
  };
  if (result !== undefined) {
    const { allow, executor, reasons, capabilities, limits } = result.decision;
    event.decision = { allow, executor, reasons, capabilities, limits };
    event.usage = result.usage;
    if (result.findings.length > 0) {
      event.detail = { findings: countFindings(result.findings) };
    }
  }
  return event;
}
