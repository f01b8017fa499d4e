import type { AuditKind, AuditOutcome } from '@airlock/core';
import { auditKinds, auditOutcomes, queryAudit, type AuditQuery } from '@airlock/audit';
import { Option, type Command } from 'commander';
import { ExitCode } from '../exit-codes.js';
import type { CliIo } from '../io.js';
import { auditDir, parseCount, parseTimeOption, printRecords } from './audit-common.js';

export interface AuditQueryOptions {
  dir?: string;
  tenant?: string;
  since?: string;
  until?: string;
  kind?: AuditKind;
  outcome?: AuditOutcome;
  execution?: string;
  limit?: number;
  json?: boolean;
}

function toQuery(options: AuditQueryOptions): AuditQuery {
  const now = Date.now();
  return {
    ...(options.tenant === undefined ? {} : { tenant: options.tenant }),
    ...(options.since === undefined
      ? {}
      : { since: parseTimeOption('--since', options.since, now) }),
    ...(options.until === undefined
      ? {}
      : { until: parseTimeOption('--until', options.until, now) }),
    ...(options.kind === undefined ? {} : { kind: options.kind }),
    ...(options.outcome === undefined ? {} : { outcome: options.outcome }),
    ...(options.execution === undefined ? {} : { executionId: options.execution }),
    ...(options.limit === undefined ? {} : { limit: options.limit }),
  };
}

/** Runs `airlock audit query`: every record matching all the filters, oldest first. */
export async function runAuditQuery(options: AuditQueryOptions, io: CliIo): Promise<ExitCode> {
  const query = toQuery(options);
  const json = options.json === true;
  let count = 0;
  for await (const record of queryAudit(auditDir(io, options.dir), query)) {
    printRecords([record], json, io);
    count += 1;
  }
  if (!json) io.stderr.write(`${count} records\n`);
  return ExitCode.Ok;
}

/** Adds `airlock audit query` to the `audit` command group. */
export function registerAuditQuery(group: Command, io: CliIo, done: (code: ExitCode) => void) {
  group
    .command('query')
    .description('Print the audit records that match every filter given.')
    .option('--tenant <tenant>', 'only this tenant')
    .option('--since <time>', 'at or after an ISO 8601 time, or a duration ago (15m, 2h, 7d)')
    .option('--until <time>', 'before an ISO 8601 time, or a duration ago')
    .addOption(new Option('--kind <kind>', 'only this kind').choices(auditKinds))
    .addOption(new Option('--outcome <outcome>', 'only this outcome').choices(auditOutcomes))
    .option('--execution <id>', 'only this execution id')
    .option('--limit <n>', 'stop after this many records', parseCount)
    .option('--json', 'print each record as its JSON line')
    .option('--dir <path>', 'the audit folder (default: $AIRLOCK_AUDIT_DIR or .airlock/audit)')
    .action(async (options: AuditQueryOptions) => done(await runAuditQuery(options, io)));
}
