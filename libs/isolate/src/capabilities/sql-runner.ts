/**
 * Runs queries one at a time in a child process (see sql-child.ts) and kills it when a
 * query outlives its time budget; the next query starts a fresh child. The child gets no
 * environment variables, so no secret of the host is within its reach.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import {
  type SqlChildConfig,
  type SqlChildQuery,
  type SqlChildReply,
  sqlChildMain,
  sqlChildReadyId,
} from './sql-child.js';

export type SqlQuery = Omit<SqlChildQuery, 'id'>;

interface Pending {
  resolve(reply: SqlChildReply): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
}

/** Thrown when a query ran out of time; the runner has already killed its process. */
export class SqlTimeoutError extends Error {
  override readonly name = 'SqlTimeoutError';
}

const childSource = `(${sqlChildMain.toString()})()`;

/**
 * NOTE: one child serves every tenant of this capability, one query at a time, so a
 * tenant's slow query delays others by up to `timeoutMs` each.
 */
export class SqlRunner {
  readonly #config: SqlChildConfig;
  readonly #timeoutMs: number;
  readonly #pending = new Map<number, Pending>();
  #child: ChildProcess | undefined;
  /** Resolves when the current child has opened the database. */
  #ready: Promise<void> = Promise.resolve();
  #tail: Promise<unknown> = Promise.resolve();
  #nextId = 1;
  #closed = false;

  constructor(file: string | null, timeoutMs: number) {
    const driverPath = createRequire(import.meta.url).resolve('better-sqlite3');
    this.#config = { driverPath, file };
    this.#timeoutMs = timeoutMs;
  }

  /** Queues `query` behind earlier ones; its time budget starts when it is sent. */
  query(query: SqlQuery): Promise<SqlChildReply> {
    const result = this.#tail.then(() => this.#send(query));
    this.#tail = result.catch(() => undefined);
    return result;
  }

  close(): void {
    this.#closed = true;
    this.#stop(new Error('the sql capability was closed'));
  }

  async #send(query: SqlQuery): Promise<SqlChildReply> {
    if (this.#closed) throw new Error('the sql capability was closed');
    const child = this.#child ?? this.#spawn();
    // Starting a process is not the query's time: on a busy host it can take longer.
    await this.#ready;
    if (this.#child !== child) throw new Error('the SQL process stopped before it was ready');
    const id = this.#nextId++;

    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#stop(new SqlTimeoutError(`the query ran longer than ${this.#timeoutMs} ms`));
      }, this.#timeoutMs);
      this.#pending.set(id, { resolve, reject, timer });
      child.send({ ...query, id } satisfies SqlChildQuery, (error) => {
        if (error !== null && this.#child === child) this.#stop(error);
      });
    });
  }

  #spawn(): ChildProcess {
    const child = spawn(
      process.execPath,
      ['--max-old-space-size=128', '-e', childSource, JSON.stringify(this.#config)],
      { stdio: ['ignore', 'ignore', 'ignore', 'ipc'], env: {}, cwd: tmpdir() },
    );
    let markReady: () => void = () => undefined;
    this.#ready = new Promise((resolve) => (markReady = resolve));
    child.on('message', (reply: SqlChildReply) => {
      if (reply.id === sqlChildReadyId) markReady();
      else this.#settle(reply);
    });
    child.on('exit', () => markReady());
    child.on('error', (error) => {
      if (this.#child === child) this.#stop(error);
    });
    child.on('exit', (code, signal) => {
      if (this.#child !== child) return;
      this.#child = undefined;
      this.#failAll(new Error(`the SQL process stopped (${signal ?? `exit code ${code}`})`));
    });
    // Idle, the child must not keep the host alive; a pending query's timer does.
    child.unref();
    child.channel?.unref();
    this.#child = child;
    return child;
  }

  #settle(reply: SqlChildReply): void {
    const pending = this.#pending.get(reply.id);
    if (pending === undefined) return;
    this.#pending.delete(reply.id);
    clearTimeout(pending.timer);
    pending.resolve(reply);
  }

  #stop(reason: Error): void {
    const child = this.#child;
    this.#child = undefined;
    child?.kill('SIGKILL');
    this.#failAll(reason);
  }

  #failAll(reason: Error): void {
    for (const pending of this.#pending.values()) {
      clearTimeout(pending.timer);
      pending.reject(reason);
    }
    this.#pending.clear();
  }
}
