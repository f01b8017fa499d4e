import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { CodeStore, JsonlAuditSink } from '@airlock/audit';
import { AirlockError, UsageError, silentLogger, type AuditSink } from '@airlock/core';
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
  /** The run's audit log (hash-chained JSON Lines); the egress proxy writes to it too. */
  audit: AuditSink;
  /** The code of every run, by its SHA-256, in the audit folder's `code/`. */
  codeStore: CodeStore;
  close(): Promise<void>;
}

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

/** The proxy's options besides its audit sink, which must already be open. */
type ProxyOptions = ResourceOptions & { audit: AuditSink };

/** The run's egress proxy on 127.0.0.1 (any free port); its option errors exit 2. */
async function startProxy(options: ProxyOptions): Promise<EgressProxy> {
  let proxy: EgressProxy;
  try {
    proxy = new EgressProxy({
      secrets: options.secretValues ?? {},
      allowedPrivateRanges: options.allowedPrivateRanges ?? [],
      audit: options.audit,
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
 * The audit log in `dir`, scrubbing the run's secret values from every record. A folder
 * that cannot be opened is a usage error (exit 2): every run is audited, so none starts.
 */
async function openAudit(dir: string, secrets: readonly string[]): Promise<JsonlAuditSink> {
  try {
    return await JsonlAuditSink.open({ dir, secrets, logger: silentLogger });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new UsageError(`the audit folder ${dir} cannot be opened (${reason})`, {
      cause: error,
      hint: 'Give a writable folder with --audit-dir or AIRLOCK_AUDIT_DIR.',
    });
  }
}

/**
 * One worker process with the built-in capabilities: `log` (entries go to the result),
 * `kv` in a SQLite file, read-only `sql` (an empty in-memory database without --sql-db)
 * and `fetch` through an egress proxy of this run. The policy decides which of them a run
 * is granted. The audit log and code store in `auditDir` record the run and its egress.
 */
export async function startResources(options: ResourceOptions, io: CliIo): Promise<RunResources> {
  // Whatever was opened is closed in reverse order, on failure or at the end of the run.
  const closers: (() => unknown)[] = [];
  const close = async (): Promise<void> => {
    for (const closer of closers.splice(0).reverse()) await closer();
  };
  try {
    // Opened first and closed last, so it flushes what the proxy and the run recorded.
    const audit = await openAudit(options.auditDir, Object.values(options.secretValues ?? {}));
    closers.push(() => audit.close());
    const codeStore = new CodeStore(options.auditDir);
    const sql = sqlCapability(options.sqlDb, io);
    closers.push(() => sql.close());
    const kv = createKvCapability({ file: resolve(io.cwd, options.kvDb ?? defaultKvFile()) });
    closers.push(() => kv.close());
    const proxy = await startProxy({ ...options, audit });
    closers.push(() => proxy.close());
    const egress = new EgressBinding(proxy);
    const log = createLogCapability({ logger: silentLogger });
    const capabilities = [log, kv, sql, createFetchCapability({ egress })];
    const executor = new IsolateExecutor({ workers: 1, poolSize: 1, capabilities });
    closers.push(() => executor.close());
    await executor.start();
    return { executor, egress, audit, codeStore, close };
  } catch (error) {
    await close();
    throw error;
  }
}
