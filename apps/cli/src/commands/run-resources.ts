import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { UsageError, silentLogger } from '@airlock/core';
import {
  IsolateExecutor,
  createKvCapability,
  createLogCapability,
  createSqlCapability,
  type KvCapability,
  type SqlCapability,
} from '@airlock/isolate';
import { RegoPolicyEngine, createDecider, defaultPolicyPath, type Decider } from '@airlock/policy';
import type { CliIo } from '../io.js';
import { asUsageError, loadPolicyPaths } from './policy-test.js';

/** The kv file when --kv-db is not given: one per machine, keyed inside by tenant. */
export function defaultKvFile(): string {
  return join(tmpdir(), 'airlock-kv.sqlite');
}

/** The default policy, or the Rego and data under --policy; errors in them exit 2. */
export function policyDecider(paths: readonly string[], io: CliIo): Decider {
  const loaded = loadPolicyPaths(paths.length === 0 ? [defaultPolicyPath] : paths, io);
  try {
    return createDecider({
      engine: new RegoPolicyEngine({ modules: loaded.modules, data: loaded.data }),
    });
  } catch (error) {
    throw asUsageError(error);
  }
}

export interface RunResources {
  executor: IsolateExecutor;
  close(): Promise<void>;
}

export interface ResourceOptions {
  kvDb?: string;
  sqlDb?: string;
}

function sqlCapability(sqlDb: string | undefined, io: CliIo): SqlCapability {
  if (sqlDb === undefined) return createSqlCapability();
  const file = resolve(io.cwd, sqlDb);
  if (!existsSync(file)) {
    throw new UsageError(`--sql-db ${sqlDb}: no such file`, {
      hint: 'Give an existing SQLite file.',
    });
  }
  return createSqlCapability({ file });
}

/**
 * One worker process with the built-in capabilities: `log` (entries go to the result),
 * `kv` in a SQLite file, and read-only `sql` (an empty in-memory database without
 * --sql-db). The policy decides which of them a run is granted.
 */
export async function startResources(options: ResourceOptions, io: CliIo): Promise<RunResources> {
  const sql = sqlCapability(options.sqlDb, io);
  let kv: KvCapability;
  try {
    kv = createKvCapability({ file: resolve(io.cwd, options.kvDb ?? defaultKvFile()) });
  } catch (error) {
    sql.close();
    throw error;
  }
  const log = createLogCapability({ logger: silentLogger });
  const executor = new IsolateExecutor({ workers: 1, poolSize: 1, capabilities: [log, kv, sql] });
  const close = async () => {
    await executor.close();
    kv.close();
    sql.close();
  };
  try {
    await executor.start();
  } catch (error) {
    await close();
    throw error;
  }
  return { executor, close };
}
