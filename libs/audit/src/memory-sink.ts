import type { AuditEvent, AuditSink } from '@airlock/core';
import type { AuditRecord } from './audit-event-schema.js';
import { emptyChainHead, type ChainHead } from './chain.js';
import { prepareRecord } from './prepare-record.js';
import { createRedactor, type RedactorOptions } from './redact.js';

/**
 * Keeps records in memory, checked, redacted and chained exactly as the file sink does, so
 * `verifyRecords` applies to them too. For tests and for applications that embed Airlock
 * and ship records themselves. `maxRecords` bounds memory: the oldest are dropped first.
 */
export class MemoryAuditSink implements AuditSink {
  readonly records: AuditRecord[] = [];
  private chainHead: ChainHead = emptyChainHead;
  private readonly redact: <T>(value: T) => T;
  private readonly maxRecords: number;

  constructor(options: RedactorOptions & { maxRecords?: number } = {}) {
    this.redact = createRedactor(options);
    this.maxRecords = options.maxRecords ?? Number.POSITIVE_INFINITY;
  }

  get head(): ChainHead {
    return this.chainHead;
  }

  record(event: AuditEvent): void {
    const { record } = prepareRecord(event, this.chainHead, this.redact);
    this.chainHead = { seq: record.seq, hash: record.hash };
    this.records.push(record);
    if (this.records.length > this.maxRecords) this.records.shift();
  }
}
