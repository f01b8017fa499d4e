import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ConfigError, UsageError } from '@airlock/core';
import { startRuntime, type Runtime } from '@airlock/gateway';
import { RegoPolicyEngine, createDecider, defaultPolicyPath, type Decider } from '@airlock/policy';
import type { CliIo } from '../io.js';
import { asUsageError, loadPolicyPaths } from './policy-test.js';

/** The kv file when --kv-db is not given: one per machine, keyed inside by tenant. */
export function defaultKvFile(): string {
  return join(tmpdir(), 'airlock-kv.sqlite');
}

type DataOverlay = (data: Record<string, unknown>) => Record<string, unknown>;

/**
 * The default policy, or the Rego and data under --policy, with `overlay` applied to its
 * data (the egress flags' tenant settings); errors in them exit 2.
 */
export function policyDecider(
  paths: readonly string[],
  io: CliIo,
  overlay: DataOverlay = (data) => data,
): Decider {
  const loaded = loadPolicyPaths(paths.length === 0 ? [defaultPolicyPath] : paths, io);
  try {
    return createDecider({
      engine: new RegoPolicyEngine({ modules: loaded.modules, data: overlay(loaded.data) }),
    });
  } catch (error) {
    throw asUsageError(error);
  }
}

/** The run's runtime: the gateway's, started with the CLI's flags. */
export type RunResources = Runtime;

export interface ResourceOptions {
  /** The audit folder, absolute: the log's files and `code/`. */
  auditDir: string;
  kvDb?: string;
  sqlDb?: string;
  /** Secret values by name, held by the egress proxy only. */
  secretValues?: Record<string, string>;
  /** CIDR ranges the proxy may reach although private (--allow-private). */
  allowedPrivateRanges?: string[];
}

/** The flag that sets each runtime configuration key, for errors the user can act on. */
const flagOfKey: [RegExp, string][] = [
  [/^egress\.allowPrivate$/, '--allow-private'],
  [/^egress\.secrets\.(\w+)$/, '--secret $1'],
];

/** A runtime configuration error, said in terms of the command line (exit 2). */
function asFlagError(error: unknown, options: ResourceOptions): unknown {
  if (!(error instanceof ConfigError)) return error;
  const key = String(error.context.key);
  const problem = error.message.slice(key.length + 2);
  const hint = error.hint === undefined ? {} : { hint: error.hint };
  if (key === 'audit.dir') {
    return new UsageError(`the audit folder ${options.auditDir} cannot be opened (${problem})`, {
      cause: error,
      hint: 'Give a writable folder with --audit-dir or AIRLOCK_AUDIT_DIR.',
    });
  }
  if (key === 'isolate.sqlFile') {
    return new UsageError(`--sql-db ${options.sqlDb}: no such file`, {
      hint: 'Give an existing SQLite file.',
    });
  }
  for (const [pattern, flag] of flagOfKey) {
    if (pattern.test(key)) {
      const named = key.replace(pattern, flag);
      const ranges = flag === '--allow-private';
      return new UsageError(`${named}: ${problem}`, {
        cause: error,
        ...(ranges ? { hint: 'Give a CIDR range such as 127.0.0.1/32.' } : hint),
      });
    }
  }
  return error;
}

/**
 * One worker process with the built-in capabilities: `log` (entries go to the result),
 * `kv` in a SQLite file, read-only `sql` (an empty in-memory database without --sql-db)
 * and `fetch` through an egress proxy of this run. The policy decides which of them a run
 * is granted. The audit log and code store in `auditDir` record the run and its egress.
 */
export async function startResources(options: ResourceOptions, io: CliIo): Promise<RunResources> {
  try {
    return await startRuntime({
      auditDir: options.auditDir,
      kvFile: resolve(io.cwd, options.kvDb ?? defaultKvFile()),
      ...(options.sqlDb === undefined ? {} : { sqlFile: resolve(io.cwd, options.sqlDb) }),
      secretValues: options.secretValues ?? {},
      allowedPrivateRanges: options.allowedPrivateRanges ?? [],
      workers: 1,
      poolSize: 1,
    });
  } catch (error) {
    throw asFlagError(error, options);
  }
}
