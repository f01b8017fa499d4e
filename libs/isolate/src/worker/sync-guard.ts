/**
 * Bounds synchronous calls into an isolate from a second thread. Threat model: when V8 runs
 * out of memory inside a synchronous call, isolated-vm's catastrophic-error callback waits
 * for this very thread, which waits for the call: the worker would hang until the
 * supervisor's stuck timer. The guard thread kills the process instead, so the execution
 * ends `crashed` at once and the supervisor starts a replacement.
 */
import { Worker } from 'node:worker_threads';

/** How long a call may outlive its own timeout before the process is killed. */
const graceMs = 500;
/** How often the guard thread looks at the deadline. */
const checkIntervalMs = 25;

/**
 * Reads the deadline (epoch ms, 0 while no call runs) and kills the process past it. Node
 * evaluates this as a module or as a script depending on the process's flags, so it reaches
 * `workerData` in a way that works in both.
 */
const guardSource = `
const { workerData } = process.getBuiltinModule('node:worker_threads');
const deadline = new BigInt64Array(workerData);
setInterval(() => {
  const deadlineMs = Number(Atomics.load(deadline, 0));
  if (deadlineMs > 0 && Date.now() > deadlineMs) process.kill(process.pid, 'SIGKILL');
}, ${checkIntervalMs});
`;

export class SyncGuard {
  private readonly deadline = new BigInt64Array(new SharedArrayBuffer(8));
  private readonly thread: Worker;
  private running = true;

  constructor() {
    this.thread = new Worker(guardSource, { eval: true, workerData: this.deadline.buffer });
    // The guard never keeps the worker alive on its own.
    this.thread.unref();
    this.thread.on('error', () => this.stopped());
    this.thread.on('exit', () => this.stopped());
  }

  /** Whether the guard thread runs; without it no call may run synchronously. */
  get available(): boolean {
    return this.running;
  }

  private stopped(): void {
    this.running = false;
  }

  /** Runs `call`, a synchronous call into an isolate given `timeoutMs` as its own timeout. */
  run<T>(timeoutMs: number, call: (timeoutMs: number) => T): T {
    Atomics.store(this.deadline, 0, BigInt(Math.ceil(Date.now() + timeoutMs + graceMs)));
    try {
      return call(timeoutMs);
    } finally {
      Atomics.store(this.deadline, 0, 0n);
    }
  }
}
