import { resolve } from 'node:path';
import { UsageError } from '@airlock/core';
import type { AuditRecord } from '@airlock/audit';
import { InvalidArgumentError } from 'commander';
import type { CliIo } from '../io.js';

/** Where `airlock audit` and the gateway keep the log unless told otherwise. */
export const defaultAuditDir = '.airlock/audit';

/** `--dir`, else AIRLOCK_AUDIT_DIR, else `.airlock/audit`; relative to the working folder. */
export function auditDir(io: CliIo, dirOption: string | undefined): string {
  const chosen = dirOption ?? io.env.AIRLOCK_AUDIT_DIR ?? defaultAuditDir;
  return resolve(io.cwd, chosen === '' ? defaultAuditDir : chosen);
}

const unitMs: Record<string, number> = {
  ms: 1,
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

/** `--since`/`--until`: an ISO 8601 time, or a duration back from `now` such as `15m`. */
export function parseTimeOption(flag: string, value: string, now = Date.now()): Date {
  const duration = /^(\d{1,9})(ms|s|m|h|d|w)$/.exec(value);
  if (duration !== null) {
    return new Date(now - Number(duration[1]) * (unitMs[duration[2] as string] as number));
  }
  const timeMs = /^\d{4}-\d{2}-\d{2}/.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(timeMs)) {
    throw new UsageError(`${flag} ${value}: not a time or a duration`, {
      hint: 'Give an ISO 8601 time (2026-12-03T10:00:00Z) or a duration (30s, 15m, 2h, 7d).',
    });
  }
  return new Date(timeMs);
}

/** A commander parser for a whole number of records. */
export function parseCount(value: string): number {
  if (!/^\d{1,9}$/.test(value)) {
    throw new InvalidArgumentError('expected a whole number (for example 20).');
  }
  return Number(value);
}

/** One record on one line for people: time, kind, outcome, who, and what happened. */
export function formatRecord(record: AuditRecord): string {
  const parts = [
    record.time,
    `#${record.seq}`,
    record.kind.padEnd(9),
    record.outcome.padEnd(8),
    `tenant=${record.tenant}`,
  ];
  if (record.executionId !== undefined) parts.push(`execution=${record.executionId}`);
  const egress = record.egress;
  if (egress !== undefined) {
    const target = `${egress.host}:${egress.port}${egress.path ?? ''}`;
    parts.push(`${egress.method} ${target} ${egress.status} rule=${egress.rule}`);
  }
  if (record.decision !== undefined && !record.decision.allow) {
    parts.push(`reasons=${JSON.stringify(record.decision.reasons)}`);
  }
  if (record.detail !== undefined) parts.push(`detail=${JSON.stringify(record.detail)}`);
  parts.push(`${record.durationMs}ms`);
  return parts.join(' ');
}

/** Writes records as JSON Lines (`--json`) or one formatted line each. */
export function printRecords(records: readonly AuditRecord[], json: boolean, io: CliIo): void {
  for (const record of records) {
    io.stdout.write(`${json ? JSON.stringify(record) : formatRecord(record)}\n`);
  }
}
