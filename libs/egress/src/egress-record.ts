/**
 * One request's audit event and log line. Only the fields below leave the proxy: no query
 * string, no headers, no body, so neither a secret nor a sandbox's credential reaches the log.
 */
import { randomUUID } from 'node:crypto';
import type { AuditEgress, AuditSink, Logger } from '@airlock/core';

export interface EgressRecordContext {
  audit?: AuditSink;
  logger: Logger;
}

/** What is known about a request as it goes; `finish` writes it once. */
export class EgressRecord {
  tenant = 'unknown';
  executionId: string | undefined;
  route: AuditEgress['route'] = 'forward';
  host = '';
  port = 0;
  path: string | undefined;
  bytesIn = 0;
  bytesOut = 0;
  private readonly startedMs = performance.now();
  private finished = false;

  constructor(
    private readonly context: EgressRecordContext,
    readonly method: string,
  ) {}

  /** Records the event and logs one line; later calls do nothing. */
  finish(outcome: 'allowed' | 'refused', status: number, rule: string): void {
    if (this.finished) return;
    this.finished = true;
    const durationMs = Math.round((performance.now() - this.startedMs) * 1000) / 1000;
    const egress: AuditEgress = {
      route: this.route,
      method: this.method,
      host: this.host,
      port: this.port,
      ...(this.path === undefined ? {} : { path: this.path }),
      status,
      bytesIn: this.bytesIn,
      bytesOut: this.bytesOut,
      rule,
    };
    this.context.logger.info(
      {
        event: 'egress',
        tenant: this.tenant,
        executionId: this.executionId,
        outcome,
        ...egress,
        durationMs,
      },
      'egress request',
    );
    this.write(outcome, egress, durationMs);
  }

  private write(outcome: 'allowed' | 'refused', egress: AuditEgress, durationMs: number): void {
    const { audit, logger } = this.context;
    if (!audit) return;
    const event = {
      id: randomUUID(),
      time: new Date().toISOString(),
      kind: 'egress' as const,
      tenant: this.tenant,
      ...(this.executionId === undefined ? {} : { executionId: this.executionId }),
      outcome,
      egress,
      durationMs,
    };
    try {
      Promise.resolve(audit.record(event)).catch((error: unknown) =>
        logAuditFailure(logger, error),
      );
    } catch (error) {
      logAuditFailure(logger, error);
    }
  }
}

function logAuditFailure(logger: Logger, error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  logger.error({ event: 'egress-audit-failed', error: message }, 'audit sink refused an event');
}

/** The path of a request target without its query string or fragment. */
export function pathWithoutQuery(target: string): string {
  const end = target.search(/[?#]/);
  return end === -1 ? target : target.slice(0, end);
}
