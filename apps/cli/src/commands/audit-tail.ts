import { followAudit, tailAudit } from '@airlock/audit';
import type { Command } from 'commander';
import { ExitCode } from '../exit-codes.js';
import type { CliIo } from '../io.js';
import { auditDir, parseCount, printRecords } from './audit-common.js';

export interface AuditTailOptions {
  dir?: string;
  lines: number;
  follow?: boolean;
  json?: boolean;
}

/**
 * Prints the last records, then every record appended after them until SIGINT or
 * SIGTERM. The follow position is taken before the tail is read, and records the tail
 * already printed are skipped, so a record written in between is printed exactly once.
 */
async function tailAndFollow(dir: string, options: AuditTailOptions, io: CliIo): Promise<void> {
  const json = options.json === true;
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    const stream = await followAudit(dir, { signal: controller.signal });
    const tail = await tailAudit(dir, options.lines);
    printRecords(tail, json, io);
    const printedSeq = tail.at(-1)?.seq ?? 0;
    for await (const record of stream) {
      if (record.seq > printedSeq) printRecords([record], json, io);
    }
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
}

/** Runs `airlock audit tail`: the last N records, then with --follow every new one. */
export async function runAuditTail(options: AuditTailOptions, io: CliIo): Promise<ExitCode> {
  const dir = auditDir(io, options.dir);
  if (options.follow === true) await tailAndFollow(dir, options, io);
  else printRecords(await tailAudit(dir, options.lines), options.json === true, io);
  return ExitCode.Ok;
}

/** Adds `airlock audit tail` to the `audit` command group. */
export function registerAuditTail(group: Command, io: CliIo, done: (code: ExitCode) => void) {
  group
    .command('tail')
    .description('Print the last audit records; with --follow, keep printing new ones.')
    .option('-n, --lines <n>', 'how many records to print first', parseCount, 10)
    .option('-f, --follow', 'keep printing records as they are written (Ctrl-C stops)')
    .option('--json', 'print each record as its JSON line')
    .option('--dir <path>', 'the audit folder (default: $AIRLOCK_AUDIT_DIR or .airlock/audit)')
    .action(async (options: AuditTailOptions) => done(await runAuditTail(options, io)));
}
