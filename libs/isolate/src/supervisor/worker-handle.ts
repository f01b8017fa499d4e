/**
 * One worker process as the supervisor sees it. Threat model: the worker may die at any
 * moment (a V8 abort, a kill); every execution waiting on it is then answered `crashed`,
 * and one that outlives its wall time by a grace period gets the process killed.
 */
import { fork, type ChildProcess } from 'node:child_process';
import type { Logger } from '@airlock/core';
import type {
  CapabilityReply,
  FromWorker,
  ToWorker,
  WorkerJob,
  WorkerOutcome,
  WorkerPoolStats,
} from '../worker/protocol.js';

export interface WorkerDone {
  outcome: WorkerOutcome;
  /** Absent when the worker died before answering. */
  isolateId?: string;
}

export interface WorkerHandleOptions {
  entry: string;
  args: string[];
  logger: Logger;
  onCapabilityCall: (
    handle: WorkerHandle,
    call: Extract<FromWorker, { type: 'capability-call' }>,
  ) => void;
  onExit: (handle: WorkerHandle) => void;
}

/** How long past its wall time an execution may stay unanswered before the worker is killed. */
const stuckGraceMs = 5_000;
/** How much of a dying worker's standard error is logged. */
const maxStderrChars = 2_000;

interface Pending {
  resolve: (done: WorkerDone) => void;
  startedMs: number;
  timer: NodeJS.Timeout;
  stuck: boolean;
}

export class WorkerHandle {
  readonly ready: Promise<void>;
  pool: WorkerPoolStats = { pooledIsolates: 0, tenantIsolates: 0 };
  private readonly child: ChildProcess;
  private readonly pending = new Map<string, Pending>();
  private readonly exited: Promise<void>;
  private stderrTail = '';
  private alive = true;
  private started = false;

  constructor(private readonly options: WorkerHandleOptions) {
    this.child = fork(options.entry, options.args, {
      execArgv: ['--no-node-snapshot'],
      env: {},
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      serialization: 'json',
    });
    this.child.stderr?.on('data', (chunk: Buffer) => {
      this.stderrTail = (this.stderrTail + chunk.toString('utf8')).slice(-maxStderrChars);
    });
    this.ready = new Promise((resolve, reject) => {
      this.child.once('message', () => {
        this.started = true;
        resolve();
      });
      this.child.once('exit', () => reject(new Error('the isolate worker exited while starting')));
    });
    this.ready.catch(() => undefined);
    this.exited = new Promise((resolve) => this.child.once('exit', () => resolve()));
    this.child.on('message', (message: FromWorker) => this.onMessage(message));
    this.child.on('error', (error) => {
      options.logger.warn({ event: 'isolate-worker-error', pid: this.pid, error: error.message });
    });
    this.child.on('exit', (code, signal) => this.onExit(code, signal));
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Whether the process got as far as answering that it is ready. */
  get wasReady(): boolean {
    return this.started;
  }

  get isAlive(): boolean {
    return this.alive;
  }

  get activeExecutions(): number {
    return this.pending.size;
  }

  run(job: WorkerJob): Promise<WorkerDone> {
    return new Promise((resolve) => {
      if (!this.alive || !this.child.connected) {
        const crash = 'the worker process for this execution had just died';
        resolve({ outcome: deadOutcome({ startedMs: performance.now(), stuck: false }, crash) });
        return;
      }
      const timer = setTimeout(
        () => this.onStuck(job.executionId),
        job.limits.wallTimeMs + stuckGraceMs,
      );
      this.pending.set(job.executionId, {
        resolve,
        startedMs: performance.now(),
        timer,
        stuck: false,
      });
      this.send({ type: 'execute', job });
    });
  }

  reply(executionId: string, callId: number, reply: CapabilityReply): void {
    if (this.alive) this.send({ type: 'capability-reply', executionId, callId, ...reply });
  }

  /** A failed send means the worker is dying; its exit answers what was pending. */
  private send(message: ToWorker): void {
    if (!this.child.connected) return;
    this.child.send(message, (error) => {
      if (error !== null) this.child.kill('SIGKILL');
    });
  }

  /** Ends the process and waits until it is gone. */
  async kill(): Promise<void> {
    if (this.alive) this.child.kill('SIGKILL');
    await this.exited;
  }

  private onMessage(message: FromWorker): void {
    if (message.type === 'done') {
      const pending = this.pending.get(message.executionId);
      if (pending === undefined) return;
      this.pending.delete(message.executionId);
      clearTimeout(pending.timer);
      this.pool = message.pool;
      const isolateId = message.isolateId === '' ? undefined : message.isolateId;
      pending.resolve({
        outcome: message.outcome,
        ...(isolateId === undefined ? {} : { isolateId }),
      });
    } else if (message.type === 'capability-call') {
      this.options.onCapabilityCall(this, message);
    } else if (message.type === 'pool') {
      this.pool = {
        pooledIsolates: message.pooledIsolates,
        tenantIsolates: message.tenantIsolates,
      };
    }
  }

  private onStuck(executionId: string): void {
    const pending = this.pending.get(executionId);
    if (pending === undefined) return;
    pending.stuck = true;
    this.options.logger.warn({ event: 'isolate-worker-stuck', executionId, pid: this.pid });
    this.child.kill('SIGKILL');
  }

  private onExit(code: number | null, signal: NodeJS.Signals | null): void {
    this.alive = false;
    const cause = signal ?? `exit code ${code}`;
    const crash = `the worker process running this execution died (${cause})`;
    for (const [executionId, pending] of this.pending) {
      clearTimeout(pending.timer);
      pending.resolve({ outcome: deadOutcome(pending, crash) });
      this.pending.delete(executionId);
    }
    this.options.onExit(this);
  }

  get lastStderr(): string {
    return this.stderrTail;
  }
}

function deadOutcome(pending: Pick<Pending, 'startedMs' | 'stuck'>, crash: string): WorkerOutcome {
  const wallMs = Math.round(performance.now() - pending.startedMs);
  const usage = { cpuMs: 0, wallMs, heapBytes: 0 };
  if (pending.stuck) {
    const message = 'the code ran over its time limit and its worker had to be killed';
    return { status: 'timeout', logs: [], error: { name: 'TimeoutError', message }, usage };
  }
  return {
    status: 'crashed',
    logs: [],
    error: { name: 'WorkerCrashError', message: crash },
    usage,
  };
}
