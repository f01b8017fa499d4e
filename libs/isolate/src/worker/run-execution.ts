/**
 * One execution in one isolate: a fresh context, the bootstrap, the user's module, the
 * call of its default export, and the outcome. Threat model: the host side of this file
 * handles only strings coming from the isolate; a timeout or memory kill disposes the
 * isolate, so nothing of a killed run is ever reused.
 *
 * The outcome is decided when the default export has settled and every capability call
 * still in flight then has been answered (waited for at most until wallTimeMs; a call
 * that never answers does not change the outcome). A promise rejected with no handler at
 * any point until then, in the user's code or from a capability call, fails the run with
 * that rejection, unless the default export already failed with its own error.
 */
import ivm from 'isolated-vm';
import { OutputCollector, jsonBytes } from '../sandbox/output-collector.js';
import { awaitingEnvelope, pendingEnvelope } from '../sandbox/bootstrap.js';
import { parseEnvelope, shapeError, shapeHostError, type Envelope } from '../sandbox/outcome.js';
import type { Json, LogEntry } from '../types.js';
import type { IsolateLease } from './isolate-pool.js';
import { LimitsWatchdog } from './limits-watchdog.js';
import type { SyncGuard } from './sync-guard.js';
import { releaseQuietly, type ContextHost, type PreparedContext } from './prepared-context.js';
import type { CapabilityReply, WorkerJob, WorkerOutcome } from './protocol.js';

export const importRefusedMessage =
  'imports are not available in the isolate executor; ask for the container executor';

/** Modules up to this size compile in well under a millisecond. */
const maxSyncCompileChars = 64 * 1024;

const consoleLevels = new Set<LogEntry['level']>(['log', 'info', 'warn', 'error', 'debug']);

export interface CapabilityCall {
  callId: number;
  capability: string;
  method: string;
  argsJson: string;
}

export interface ExecutionFinish {
  outcome: WorkerOutcome;
  /** False when the isolate was killed or is over its memory limit. */
  reusable: boolean;
}

/**
 * NOTE: a run alone in its worker runs the user's code in synchronous calls (see
 * `runOnThisThread`), so a request reaching that worker meanwhile waits until the code
 * ends or awaits: at most the run's timeoutMs. V8 running out of memory inside such a call
 * ends the worker (`crashed`) only at that call's timeout plus half a second (`SyncGuard`),
 * not at once as it does on isolated-vm's own thread.
 */
export class ExecutionRun implements ContextHost {
  private readonly output: OutputCollector;
  private readonly watchdog: LimitsWatchdog;
  private settleRef: ivm.Reference | undefined;
  private hostFailure = '';
  /** Handles into the context, released with it so an idle isolate keeps nothing alive. */
  private readonly handles: { release(): void }[] = [];
  private nextCallId = 0;
  /** Capability calls sent and not yet answered, and answers still being delivered. */
  private readonly inFlight = new Set<number>();
  private delivering = 0;
  /** Wakes whatever waits for the next answer delivered or the kill. */
  private wakers: (() => void)[] = [];
  /** The first rejection nobody handled, reported by a delivery into the isolate. */
  private unhandled: unknown;

  constructor(
    private readonly job: WorkerJob,
    private readonly lease: IsolateLease,
    private readonly prepared: PreparedContext,
    private readonly sendCall: (call: CapabilityCall) => void,
    /**
     * Given when the user's code may run in synchronous calls, which hold this thread: only
     * when no other execution shares the worker, whose watchdog and answers would wait.
     */
    private readonly syncGuard?: SyncGuard,
  ) {
    this.output = new OutputCollector(job.limits.maxOutputBytes);
    this.watchdog = new LimitsWatchdog(lease.isolate, job.limits, () => this.wake());
  }

  async run(): Promise<ExecutionFinish> {
    this.watchdog.start();
    let envelope: Envelope;
    try {
      this.prepared.attach(this);
      envelope = await this.evaluate(this.prepared);
    } catch (error) {
      this.hostFailure = error instanceof Error ? error.message : String(error);
      envelope = { ok: false, error: shapeHostError(error, this.job.filename) };
    } finally {
      this.watchdog.stop();
      this.settleRef = undefined;
      for (const handle of this.handles.splice(0)) releaseQuietly(handle);
      this.prepared.release();
    }
    return this.finish(envelope);
  }

  /** Delivers a capability result to the waiting promise inside the isolate. */
  settle(callId: number, reply: CapabilityReply): void {
    for (const entry of reply.logs) this.output.add({ ...entry, source: 'env.log' });
    this.inFlight.delete(callId);
    const settleRef = this.settleRef;
    if (settleRef === undefined || this.lease.isolate.isDisposed) {
      this.wake();
      return;
    }
    this.delivering += 1;
    settleRef
      .apply(undefined, [callId, reply.envelopeJson], { timeout: this.watchdog.remainingCpuMs() })
      .catch((error: unknown) => this.onDeliveryFailure(error))
      .finally(() => {
        this.delivering -= 1;
        this.wake();
      });
  }

  /** A delivery fails on a kill, or because it left a rejection nobody handled. */
  private onDeliveryFailure(error: unknown): void {
    if (isMemoryError(error)) this.watchdog.kill('memory');
    else if (this.lease.isolate.isDisposed || isTimeoutError(error)) this.watchdog.kill('timeout');
    else this.unhandled ??= error;
  }

  private wake(): void {
    for (const waker of this.wakers.splice(0)) waker();
  }

  /** Resolves on the next delivered answer, on the kill, or after `timeoutMs`. */
  private nextProgress(timeoutMs: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      this.wakers.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  private async evaluate(prepared: PreparedContext): Promise<Envelope> {
    const isolate = this.lease.isolate;
    const methodsJson = JSON.stringify(this.job.capabilityMethods);
    prepared.configure.applySync(undefined, [methodsJson, this.job.limits.maxOutputBytes], {
      timeout: this.watchdog.remainingCpuMs(),
    });
    this.settleRef = prepared.settle;

    const module = await this.compile(isolate);
    this.handles.push(module);
    if (module.dependencySpecifiers.length > 0) {
      const error = shapeError('ImportError', importRefusedMessage, '', this.job.filename);
      return { ok: false, error };
    }
    module.instantiateSync(prepared.context, () => {
      throw new Error(importRefusedMessage);
    });
    const envelopeJson =
      this.syncGuard === undefined
        ? await this.runOnIsolateThread(prepared, module)
        : await this.runOnThisThread(prepared, module, this.syncGuard);
    if (envelopeJson === pendingEnvelope) return this.unhandledEnvelope();
    await this.drainCalls();
    const envelope = parseEnvelope(envelopeJson, this.job.filename);
    return envelope.ok && this.unhandled !== undefined ? this.unhandledEnvelope() : envelope;
  }

  private async runOnIsolateThread(
    prepared: PreparedContext,
    module: ivm.Module,
  ): Promise<unknown> {
    await module.evaluate({ timeout: this.watchdog.remainingCpuMs() });
    const namespace = module.namespace;
    this.handles.push(namespace);
    return this.callDefault(prepared.run, namespace);
  }

  /**
   * The module and its default export run in synchronous calls, saving the thread hop of
   * an async call (about 80 µs each); only a default export still waiting on the host
   * after that is awaited, and a pending top-level await takes the `callDefault` loop.
   * The watchdog cannot run meanwhile, so each call's own timeout also covers wall time.
   */
  private async runOnThisThread(
    prepared: PreparedContext,
    module: ivm.Module,
    guard: SyncGuard,
  ): Promise<unknown> {
    guard.run(this.syncTimeoutMs(), (timeout) => module.evaluateSync({ timeout }));
    const namespace = module.namespace;
    this.handles.push(namespace);
    const args = [namespace.derefInto(), this.job.inputJson];
    const started: unknown = guard.run(this.syncTimeoutMs(), (timeout) =>
      prepared.start.applySync(undefined, args, { timeout }),
    );
    if (started === pendingEnvelope) return this.callDefault(prepared.run, namespace);
    if (started !== awaitingEnvelope) return started;
    const collected: unknown = guard.run(this.syncTimeoutMs(), (timeout) =>
      prepared.collect.applySync(undefined, [true], { timeout }),
    );
    if (collected !== awaitingEnvelope) return collected;
    return prepared.collect.apply(undefined, [false], {
      result: { promise: true, copy: true },
      timeout: this.watchdog.remainingCpuMs(),
    });
  }

  private syncTimeoutMs(): number {
    const remainingMs = Math.min(this.watchdog.remainingCpuMs(), this.watchdog.remainingWallMs());
    return Math.max(1, Math.ceil(remainingMs));
  }

  /**
   * Compiling runs none of the user's code and costs about its length, so small modules
   * are compiled on this thread (an async call's thread hop costs more than the compile);
   * large ones on isolated-vm's threads, so they do not hold up the other executions here.
   */
  private compile(isolate: ivm.Isolate): ivm.Module | Promise<ivm.Module> {
    const options = { filename: this.job.filename };
    if (this.job.code.length > maxSyncCompileChars)
      return isolate.compileModule(this.job.code, options);
    return isolate.compileModuleSync(this.job.code, options);
  }

  /** Calls `run`, again after each delivered answer while a top-level await is pending. */
  private async callDefault(run: ivm.Reference, namespace: ivm.Reference): Promise<unknown> {
    for (;;) {
      const envelopeJson: unknown = await run.apply(
        undefined,
        [namespace.derefInto(), this.job.inputJson],
        { result: { promise: true, copy: true }, timeout: this.watchdog.remainingCpuMs() },
      );
      if (envelopeJson !== pendingEnvelope || this.unhandled !== undefined) return envelopeJson;
      // The watchdog's wall-time kill wakes this wait when nothing ever answers.
      await this.nextProgress(this.watchdog.remainingWallMs() + 1_000);
      if (this.watchdog.reason !== undefined) return pendingEnvelope;
    }
  }

  /** Waits for the answers of calls still in flight, at most until wallTimeMs. */
  private async drainCalls(): Promise<void> {
    this.watchdog.releaseWallTime();
    while (this.inFlight.size + this.delivering > 0 && this.watchdog.reason === undefined) {
      const remainingMs = this.watchdog.remainingWallMs();
      if (remainingMs <= 0) return;
      await this.nextProgress(remainingMs);
    }
  }

  private unhandledEnvelope(): Envelope {
    const error = this.unhandled ?? new Error('the module did not finish evaluating');
    return { ok: false, error: shapeHostError(error, this.job.filename) };
  }

  startCall(capability: string, method: string, argsJson: string): number {
    const callId = ++this.nextCallId;
    this.inFlight.add(callId);
    this.sendCall({ callId, capability, method, argsJson });
    return callId;
  }

  /** Takes a batch `[[level, message], ...]` as JSON; answers whether to keep writing. */
  writeConsole(entriesJson: unknown): boolean {
    const entries = parseConsoleBatch(entriesJson);
    for (const [level, message] of entries) {
      if (!this.output.add({ level, source: 'console', message })) return false;
    }
    return true;
  }

  private finish(envelope: Envelope): ExecutionFinish {
    const usage = {
      cpuMs: round(this.watchdog.cpuMs()),
      wallMs: round(this.watchdog.wallMs()),
      heapBytes: this.heapBytes(),
    };
    const killed = this.killStatus(usage.heapBytes);
    if (killed !== undefined) {
      const error = killError(killed, this.job.limits);
      return {
        outcome: { status: killed, logs: this.output.finish(), error, usage },
        reusable: false,
      };
    }
    if (!envelope.ok) {
      const outcome = {
        status: 'error' as const,
        logs: this.output.finish(),
        error: envelope.error,
      };
      return { outcome: { ...outcome, usage }, reusable: true };
    }
    return { outcome: this.okOutcome(envelope.value, usage), reusable: true };
  }

  private okOutcome(value: Json | undefined, usage: WorkerOutcome['usage']): WorkerOutcome {
    const resultBytes = jsonBytes(value);
    if (resultBytes > this.job.limits.maxOutputBytes) {
      const message = 'result exceeds maxOutputBytes';
      const error = { name: 'RangeError', message, stack: `RangeError: ${message}` };
      return { status: 'error' as const, logs: this.output.finish(), error, usage };
    }
    const logs = this.output.finish(resultBytes);
    return { status: 'ok' as const, value: value ?? null, logs, usage };
  }

  private killStatus(heapBytes: number): 'timeout' | 'memory' | undefined {
    if (this.watchdog.reason !== undefined) return this.watchdog.reason;
    if (isMemoryMessage(this.hostFailure)) return 'memory';
    if (isTimeoutMessage(this.hostFailure)) return 'timeout';
    if (this.lease.isolate.isDisposed) return 'memory';
    if (heapBytes > this.job.limits.memoryMb * 1024 * 1024) return 'memory';
    return undefined;
  }

  private heapBytes(): number {
    if (this.lease.isolate.isDisposed) return 0;
    try {
      const heap = this.lease.isolate.getHeapStatisticsSync();
      return heap.used_heap_size + heap.externally_allocated_size;
    } catch {
      return 0;
    }
  }
}

function parseConsoleBatch(entriesJson: unknown): [LogEntry['level'], string][] {
  if (typeof entriesJson !== 'string') return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(entriesJson);
  } catch {
    return [];
  }
  if (!Array.isArray(parsed)) return [];
  return parsed.filter(
    (entry): entry is [LogEntry['level'], string] =>
      Array.isArray(entry) &&
      consoleLevels.has(entry[0] as LogEntry['level']) &&
      typeof entry[1] === 'string',
  );
}

function killError(status: 'timeout' | 'memory', limits: WorkerJob['limits']) {
  const { timeoutMs, wallTimeMs, memoryMb } = limits;
  const message =
    status === 'timeout'
      ? `the code ran over its time limit (timeoutMs ${timeoutMs} CPU, wallTimeMs ${wallTimeMs})`
      : `the code ran over its memory limit (memoryMb ${memoryMb})`;
  const name = status === 'timeout' ? 'TimeoutError' : 'MemoryLimitError';
  return { name, message, stack: `${name}: ${message}` };
}

function isMemoryError(error: unknown): boolean {
  return error instanceof Error && isMemoryMessage(error.message);
}

function isTimeoutError(error: unknown): boolean {
  return error instanceof Error && isTimeoutMessage(error.message);
}

function isMemoryMessage(message: string): boolean {
  return message.includes('memory limit');
}

function isTimeoutMessage(message: string): boolean {
  return message.includes('Script execution timed out');
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}
