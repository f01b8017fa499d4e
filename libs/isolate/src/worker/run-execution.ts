/**
 * One execution in one isolate: a fresh context, the bootstrap, the user's module, the
 * call of its default export, and the outcome. Threat model: the host side of this file
 * handles only strings coming from the isolate; a timeout or memory kill disposes the
 * isolate, so nothing of a killed run is ever reused.
 */
import ivm from 'isolated-vm';
import { OutputCollector, jsonBytes } from '../sandbox/output-collector.js';
import { parseEnvelope, shapeError, shapeHostError, type Envelope } from '../sandbox/outcome.js';
import type { Json, LogEntry } from '../types.js';
import type { IsolateLease } from './isolate-pool.js';
import { LimitsWatchdog } from './limits-watchdog.js';
import type { CapabilityReply, WorkerJob, WorkerOutcome } from './protocol.js';

export const importRefusedMessage =
  'imports are not available in the isolate executor; ask for the container executor';

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

export class ExecutionRun {
  private readonly output: OutputCollector;
  private readonly watchdog: LimitsWatchdog;
  private settleRef: ivm.Reference | undefined;
  private hostFailure = '';
  /** Handles into the context, released with it so an idle isolate keeps nothing alive. */
  private readonly handles: { release(): void }[] = [];
  private nextCallId = 0;

  constructor(
    private readonly job: WorkerJob,
    private readonly lease: IsolateLease,
    private readonly sendCall: (call: CapabilityCall) => void,
  ) {
    this.output = new OutputCollector(job.limits.maxOutputBytes);
    this.watchdog = new LimitsWatchdog(lease.isolate, job.limits);
  }

  async run(): Promise<ExecutionFinish> {
    this.watchdog.start();
    let context: ivm.Context | undefined;
    let envelope: Envelope;
    try {
      context = await this.lease.isolate.createContext();
      envelope = await this.evaluate(context);
    } catch (error) {
      this.hostFailure = error instanceof Error ? error.message : String(error);
      envelope = { ok: false, error: shapeHostError(error, this.job.filename) };
    } finally {
      this.watchdog.stop();
      this.settleRef = undefined;
      for (const handle of this.handles.splice(0)) releaseQuietly(handle);
      releaseQuietly(context);
    }
    return this.finish(envelope);
  }

  /** Delivers a capability result to the waiting promise inside the isolate. */
  settle(callId: number, reply: CapabilityReply): void {
    for (const entry of reply.logs) this.output.add({ ...entry, source: 'env.log' });
    const settleRef = this.settleRef;
    if (settleRef === undefined || this.lease.isolate.isDisposed) return;
    settleRef
      .apply(undefined, [callId, reply.envelopeJson], { timeout: this.watchdog.remainingCpuMs() })
      .catch((error: unknown) => this.watchdog.kill(isMemoryError(error) ? 'memory' : 'timeout'));
  }

  private async evaluate(context: ivm.Context): Promise<Envelope> {
    const isolate = this.lease.isolate;
    const [run, settle] = await this.installBootstrap(context);
    this.settleRef = settle;
    this.handles.push(run, settle);

    const module = await isolate.compileModule(this.job.code, { filename: this.job.filename });
    this.handles.push(module);
    if (module.dependencySpecifiers.length > 0) {
      const error = shapeError('ImportError', importRefusedMessage, '', this.job.filename);
      return { ok: false, error };
    }
    await module.instantiate(context, () => {
      throw new Error(importRefusedMessage);
    });
    await module.evaluate({ timeout: this.watchdog.remainingCpuMs() });

    const envelopeJson: unknown = await run.apply(
      undefined,
      [module.namespace.derefInto(), this.job.inputJson],
      { result: { promise: true, copy: true }, timeout: this.watchdog.remainingCpuMs() },
    );
    return parseEnvelope(envelopeJson, this.job.filename);
  }

  private async installBootstrap(context: ivm.Context): Promise<[ivm.Reference, ivm.Reference]> {
    const startCall = new ivm.Callback((capability: unknown, method: unknown, argsJson: unknown) =>
      this.startCall(String(capability), String(method), String(argsJson)),
    );
    const writeConsole = new ivm.Callback((entriesJson: unknown) => this.writeConsole(entriesJson));
    const args = [
      startCall,
      writeConsole,
      JSON.stringify(this.job.capabilityMethods),
      this.job.limits.maxOutputBytes,
    ];
    const factory = await this.lease.bootstrap.run(context, {
      reference: true,
      timeout: this.watchdog.remainingCpuMs(),
    });
    const pair = (await factory.apply(undefined, args, {
      result: { reference: true },
      timeout: this.watchdog.remainingCpuMs(),
    })) as ivm.Reference<unknown[]>;
    factory.release();
    const run = await pair.get(0, { reference: true });
    const settle = await pair.get(1, { reference: true });
    pair.release();
    return [run, settle];
  }

  private startCall(capability: string, method: string, argsJson: string): number {
    const callId = ++this.nextCallId;
    this.sendCall({ callId, capability, method, argsJson });
    return callId;
  }

  /** Takes a batch `[[level, message], ...]` as JSON; answers whether to keep writing. */
  private writeConsole(entriesJson: unknown): boolean {
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

function isMemoryMessage(message: string): boolean {
  return message.includes('memory limit');
}

function isTimeoutMessage(message: string): boolean {
  return message.includes('Script execution timed out');
}

function releaseQuietly(handle: { release(): void } | undefined): void {
  try {
    handle?.release();
  } catch {
    // The isolate was disposed with the context in it.
  }
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}
