import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { AirlockError, UsageError, silentLogger } from '@airlock/core';
import { EgressProxy } from '@airlock/egress';
import {
  EgressBinding,
  IsolateExecutor,
  createFetchCapability,
  createKvCapability,
  createLogCapability,
  createSqlCapability,
  type SqlCapability,
} from '@airlock/isolate';
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

export interface RunResources {
  executor: IsolateExecutor;
  /** Binds each execution granted fetch to a credential of this run's egress proxy. */
  egress: EgressBinding;
  close(): Promise<void>;
}

export interface ResourceOptions {
  kvDb?: string;
  sqlDb?: string;
  /** Secret values by name, held by the egress proxy only. */
  secretValues?: Record<string, string>;
  /** CIDR ranges the proxy may reach although private (--allow-private). */
  allowedPrivateRanges?: string[];
}

/** The run's egress proxy on 127.0.0.1 (any free port); its option errors exit 2. */
async function startProxy(options: ResourceOptions): Promise<EgressProxy> {
  let proxy: EgressProxy;
  try {
    proxy = new EgressProxy({
      secrets: options.secretValues ?? {},
      allowedPrivateRanges: options.allowedPrivateRanges ?? [],
      logger: silentLogger,
    });
  } catch (error) {
    if (!(error instanceof AirlockError)) throw error;
    const ranges = error.message.startsWith('allowedPrivateRanges:');
    const message = error.message
      .replace(/^allowedPrivateRanges:/, '--allow-private:')
      .replace(/^secrets\.(\w+):/, '--secret $1:');
    throw new UsageError(
      message,
      ranges ? { hint: 'Give a CIDR range such as 127.0.0.1/32.' } : {},
    );
  }
  await proxy.start();
  return proxy;
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
 * `kv` in a SQLite file, read-only `sql` (an empty in-memory database without --sql-db)
 * and `fetch` through an egress proxy of this run. The policy decides which of them a run
 * is granted.
 */
export async function startResources(options: ResourceOptions, io: CliIo): Promise<RunResources> {
  // Whatever was opened is closed in reverse order, on failure or at the end of the run.
  const closers: (() => unknown)[] = [];
  const close = async (): Promise<void> => {
    for (const closer of closers.splice(0).reverse()) await closer();
  };
  try {
    const sql = sqlCapability(options.sqlDb, io);
    closers.push(() => sql.close());
    const kv = createKvCapability({ file: resolve(io.cwd, options.kvDb ?? defaultKvFile()) });
    closers.push(() => kv.close());
    const proxy = await startProxy(options);
    closers.push(() => proxy.close());
    const egress = new EgressBinding(proxy);
    const log = createLogCapability({ logger: silentLogger });
    const capabilities = [log, kv, sql, createFetchCapability({ egress })];
    const executor = new IsolateExecutor({ workers: 1, poolSize: 1, capabilities });
    closers.push(() => executor.close());
    await executor.start();
    return { executor, egress, close };
  } catch (error) {
    await close();
    throw error;
  }
}
