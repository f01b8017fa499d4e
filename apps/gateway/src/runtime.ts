/**
 * What a pipeline runs on: the audit log and code store, the capabilities' stores, the
 * egress proxy and the isolate executor, opened in order and closed in reverse. The
 * gateway and the CLI's embedded mode both start it, so an execution gets the same
 * sandbox whichever door it came in by.
 */
import { existsSync } from 'node:fs';
import { CodeStore, JsonlAuditSink } from '@airlock/audit';
import { ConfigError, silentLogger, type AuditSink, type Logger } from '@airlock/core';
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

export interface RuntimeOptions {
  /** The audit folder, absolute: the log's files and `code/`. */
  auditDir: string;
  /** The SQLite file behind `env.kv`, absolute. */
  kvFile: string;
  /** The SQLite file `env.sql` reads, absolute; default an empty in-memory database. */
  sqlFile?: string;
  /** Secret values by name, held by the egress proxy only. */
  secretValues?: Record<string, string>;
  /** CIDR ranges the proxy may reach although private. */
  allowedPrivateRanges?: string[];
  workers?: number;
  poolSize?: number;
  logger?: Logger;
  /** Sees every audit event before it is written (metrics). */
  onAuditEvent?: (event: Parameters<AuditSink['record']>[0]) => void;
}

export interface Runtime {
  executor: IsolateExecutor;
  /** Binds each execution granted fetch to a credential of the egress proxy. */
  egress: EgressBinding;
  /** The hash-chained audit log; the egress proxy writes to it too. */
  audit: AuditSink;
  /** The code of every run, by its SHA-256, in the audit folder's `code/`. */
  codeStore: CodeStore;
  /** Stops the executor and the proxy, then flushes and closes the audit log. */
  close(): Promise<void>;
}

/** The audit log in `dir`, scrubbing secret values from every record. */
async function openAudit(dir: string, secrets: readonly string[], logger: Logger) {
  try {
    return await JsonlAuditSink.open({ dir, secrets, logger });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ConfigError('audit.dir', `the folder ${dir} cannot be opened (${reason})`, {
      cause: error,
      hint: 'Give a writable folder: every execution is audited, so none starts without it.',
    });
  }
}

function sqlCapability(sqlFile: string | undefined): SqlCapability {
  if (sqlFile === undefined) return createSqlCapability();
  if (!existsSync(sqlFile)) {
    throw new ConfigError('isolate.sqlFile', `${sqlFile}: no such file`, {
      hint: 'Give an existing SQLite file, or leave the key out for an empty database.',
    });
  }
  return createSqlCapability({ file: sqlFile });
}

/** The egress proxy on 127.0.0.1 (any free port); its option errors name the config key. */
async function startProxy(options: RuntimeOptions, audit: AuditSink): Promise<EgressProxy> {
  let proxy: EgressProxy;
  try {
    proxy = new EgressProxy({
      secrets: options.secretValues ?? {},
      allowedPrivateRanges: options.allowedPrivateRanges ?? [],
      audit,
      logger: options.logger ?? silentLogger,
    });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    const key = String(error.context.key);
    const problem = error.message.slice(key.length + 2);
    const renamed = key.replace(/^allowedPrivateRanges/, 'egress.allowPrivate');
    throw new ConfigError(renamed.replace(/^secrets\./, 'egress.secrets.'), problem, {
      cause: error,
      ...(error.hint === undefined ? {} : { hint: error.hint }),
    });
  }
  await proxy.start();
  return proxy;
}

function observed(sink: AuditSink, observer: RuntimeOptions['onAuditEvent']): AuditSink {
  if (observer === undefined) return sink;
  return {
    record(event) {
      observer(event);
      return sink.record(event);
    },
  };
}

/** Starts everything; on failure whatever was opened is closed again before it throws. */
export async function startRuntime(options: RuntimeOptions): Promise<Runtime> {
  const logger = options.logger ?? silentLogger;
  const closers: (() => unknown)[] = [];
  const close = async (): Promise<void> => {
    for (const closer of closers.splice(0).reverse()) await closer();
  };
  try {
    // Opened first and closed last, so it flushes what the proxy and the runs recorded.
    const secrets = Object.values(options.secretValues ?? {});
    const log = await openAudit(options.auditDir, secrets, logger);
    closers.push(() => log.close());
    const audit = observed(log, options.onAuditEvent);
    const sql = sqlCapability(options.sqlFile);
    closers.push(() => sql.close());
    const kv = createKvCapability({ file: options.kvFile });
    closers.push(() => kv.close());
    const proxy = await startProxy(options, audit);
    closers.push(() => proxy.close());
    const egress = new EgressBinding(proxy);
    const capabilities = [
      createLogCapability({ logger }),
      kv,
      sql,
      createFetchCapability({ egress }),
    ];
    const executor = new IsolateExecutor({
      workers: options.workers ?? 1,
      poolSize: options.poolSize ?? 1,
      capabilities,
      logger,
    });
    closers.push(() => executor.close());
    await executor.start();
    return { executor, egress, audit, codeStore: new CodeStore(options.auditDir), close };
  } catch (error) {
    await close();
    throw error;
  }
}
