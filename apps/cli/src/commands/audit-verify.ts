import { existsSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { UsageError } from '@airlock/core';
import { listAuditFiles, verifyAuditFiles } from '@airlock/audit';
import type { Command } from 'commander';
import { ExitCode } from '../exit-codes.js';
import type { CliIo } from '../io.js';
import { auditDir } from './audit-common.js';

export interface AuditVerifyOptions {
  dir?: string;
}

async function filesToVerify(files: string[], options: AuditVerifyOptions, io: CliIo) {
  if (files.length > 0) {
    const paths = files.map((file) => resolve(io.cwd, file));
    const missing = paths.find((path) => !existsSync(path));
    if (missing !== undefined) {
      throw new UsageError(`${relative(io.cwd, missing)}: no such file`, {
        hint: 'Name audit files (audit-000001.jsonl, …) oldest first, or none for the whole log.',
      });
    }
    return paths;
  }
  const dir = auditDir(io, options.dir);
  const found = await listAuditFiles(dir);
  if (found.length === 0) {
    throw new UsageError(`${dir}: no audit files (audit-*.jsonl) to verify`, {
      hint: 'Point --dir or AIRLOCK_AUDIT_DIR at the folder the gateway writes to.',
    });
  }
  return found;
}

/**
 * Runs `airlock audit verify`: checks the hash chain over the named files in order, or
 * over every file of the audit folder. Exit 0 when intact, 1 naming the first bad line.
 */
export async function runAuditVerify(
  files: string[],
  options: AuditVerifyOptions,
  io: CliIo,
): Promise<ExitCode> {
  const paths = await filesToVerify(files, options, io);
  const result = await verifyAuditFiles(paths);
  const bad = result.firstBad;
  if (bad === undefined) {
    io.stdout.write(`ok: ${result.records} records in ${paths.length} files, chain intact\n`);
    return ExitCode.Ok;
  }
  io.stdout.write(`${relative(io.cwd, bad.file) || bad.file}:${bad.line}: ${bad.reason}\n`);
  io.stdout.write(`${result.records} records verified before it\n`);
  return ExitCode.Findings;
}

/** Adds `airlock audit verify` to the `audit` command group. */
export function registerAuditVerify(group: Command, io: CliIo, done: (code: ExitCode) => void) {
  group
    .command('verify')
    .description('Check that no audit record was edited, removed, inserted or reordered.')
    .argument('[files...]', 'audit files, oldest first (default: every file in the audit folder)')
    .option('--dir <path>', 'the audit folder (default: $AIRLOCK_AUDIT_DIR or .airlock/audit)')
    .action(async (files: string[], options: AuditVerifyOptions) =>
      done(await runAuditVerify(files, options, io)),
    );
}
