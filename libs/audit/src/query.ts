import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { AuditKind, AuditOutcome } from '@airlock/core';
import type { AuditRecord } from './audit-event-schema.js';
import { listAuditFiles } from './audit-files.js';

export interface AuditQuery {
  tenant?: string;
  /** Records at or after this time. */
  since?: Date;
  /** Records before this time. */
  until?: Date;
  kind?: AuditKind;
  outcome?: AuditOutcome;
  executionId?: string;
  /** Stop after this many matches. Default: no limit. */
  limit?: number;
}

/** Every parseable record in `file`, in order. Lines that are not JSON are skipped. */
export async function* readAuditFile(file: string): AsyncGenerator<AuditRecord> {
  const lines = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
  try {
    for await (const text of lines) {
      let record: AuditRecord;
      try {
        record = JSON.parse(text) as AuditRecord;
      } catch {
        continue;
      }
      if (record !== null && typeof record === 'object') yield record;
    }
  } finally {
    lines.close();
  }
}

function matcher(query: AuditQuery): (record: AuditRecord) => boolean {
  const sinceMs = query.since?.getTime();
  const untilMs = query.until?.getTime();
  return (record) => {
    if (query.tenant !== undefined && record.tenant !== query.tenant) return false;
    if (query.kind !== undefined && record.kind !== query.kind) return false;
    if (query.outcome !== undefined && record.outcome !== query.outcome) return false;
    if (query.executionId !== undefined && record.executionId !== query.executionId) return false;
    if (sinceMs === undefined && untilMs === undefined) return true;
    const timeMs = Date.parse(record.time);
    if (sinceMs !== undefined && !(timeMs >= sinceMs)) return false;
    return untilMs === undefined || timeMs < untilMs;
  };
}

/**
 * The records in the audit folder `dir` that match every given filter, oldest first,
 * streamed file by file so a large log is never held in memory.
 *
 * NOTE: a query reads every file; there is no index by time or tenant.
 */
export async function* queryAudit(
  dir: string,
  query: AuditQuery = {},
): AsyncGenerator<AuditRecord> {
  const matches = matcher(query);
  const limit = query.limit ?? Number.POSITIVE_INFINITY;
  if (limit <= 0) return;
  let found = 0;
  for (const file of await listAuditFiles(dir)) {
    for await (const record of readAuditFile(file)) {
      if (!matches(record)) continue;
      yield record;
      found += 1;
      if (found >= limit) return;
    }
  }
}

/** The last `count` records of one file, oldest first. */
async function lastRecords(file: string, count: number): Promise<AuditRecord[]> {
  const kept: AuditRecord[] = [];
  for await (const record of readAuditFile(file)) {
    kept.push(record);
    // Trim in bulk now and then, so a long file costs one pass, not a shift per line.
    if (kept.length >= 2 * count) kept.splice(0, kept.length - count);
  }
  return kept.slice(Math.max(0, kept.length - count));
}

/** The last `count` records in `dir`, oldest first; reads only as many files as it needs. */
export async function tailAudit(dir: string, count: number): Promise<AuditRecord[]> {
  if (count <= 0) return [];
  let collected: AuditRecord[] = [];
  for (const file of (await listAuditFiles(dir)).reverse()) {
    collected = [...(await lastRecords(file, count - collected.length)), ...collected];
    if (collected.length >= count) break;
  }
  return collected;
}
