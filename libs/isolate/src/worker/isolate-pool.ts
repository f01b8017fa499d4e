/**
 * Isolates of one worker process: a warm pool of blank ones and, per tenant, the idle
 * isolates that tenant already used. Threat model: an isolate taken from the warm pool
 * belongs to one tenant from then on and is never handed to another; only a fresh
 * context per execution separates runs of the same tenant.
 */
import ivm from 'isolated-vm';
import { bootstrapFactorySource, bootstrapFilename } from '../sandbox/bootstrap.js';
import { prepareContext, prepareContextAhead, type PreparedContext } from './prepared-context.js';
import type { WorkerPoolStats } from './protocol.js';
import { warmUp } from './warm-up.js';

export interface IsolateLease {
  /** Unique within the worker process, such as `4711-12`. */
  id: string;
  tenant: string;
  memoryMb: number;
  isolate: ivm.Isolate;
  /** The bootstrap compiled once for this isolate, run in each fresh context. */
  bootstrap: ivm.Script;
  /** Executions this isolate has served, the current one included. */
  uses: number;
  /** A context made ahead of time, for the next execution only. */
  prepared: Promise<PreparedContext | undefined> | undefined;
}

interface BlankIsolate {
  isolate: ivm.Isolate;
  bootstrap: ivm.Script;
  prepared: Promise<PreparedContext | undefined> | undefined;
}

/**
 * Contexts of finished executions are not always collected in time, so a long-lived
 * isolate's heap creeps up and its GC pauses end up charged to a trivial execution's CPU
 * time. An isolate is therefore retired once its heap after a run passes this share of
 * its limit, or after this many executions.
 */
const retireHeapShare = 0.5;
const retireAfterUses = 1_000;

export interface IsolatePoolOptions {
  /** Blank isolates kept ready. */
  warmSize: number;
  /** The memory limit of the blank isolates; other limits always get a new isolate. */
  defaultMemoryMb: number;
  /** Idle tenant isolates kept in all; the least recently used go first. */
  maxIdleIsolates: number;
  /** Called when V8 lost control of an isolate; the process must end. */
  onCatastrophicError: (message: string) => void;
  /** Called after the warm pool was filled up. */
  onChange?: (stats: WorkerPoolStats) => void;
  /** Whether no execution is running, so that idle-time work may start. Default always. */
  isIdle?: () => boolean;
  /**
   * Isolates given back unfit or evicted wait for `disposeReleased()` instead of being
   * disposed in `release`, so the caller can answer first. Default false.
   */
  deferDisposal?: boolean;
}

/**
 * NOTE: isolated-vm treats `memoryLimit` as a guideline: hostile code can use two to three
 * times the limit before the kill, and one huge allocation may abort the whole worker
 * process (the execution then ends `crashed`). Idle tenant isolates have no time-based
 * expiry; only the count cap evicts them. Every idle tenant isolate holds one prepared
 * context (a fresh context with only the bootstrap in it, about 0.3 MiB of V8 heap), also
 * for a tenant that never comes back: about 1.5 MiB resident per idle tenant isolate in all.
 * A blank isolate is warmed up (see `warmUp`) before its first context is made. This
 * work is done after the answer, while the worker is idle; making a context takes about
 * 0.4 ms and making a blank isolate about 1.7 ms on this thread (isolated-vm has no
 * asynchronous constructor), so requests that come back to back, or under constant load,
 * find it not done and pay it on their own path: a returning tenant its new context, a new
 * tenant the refill of the warm pool ahead of it (or, past the pool's size, a new isolate).
 */
export class IsolatePool {
  private readonly warm: BlankIsolate[] = [];
  /** Insertion order is recency: the first entry is the least recently used. */
  private readonly idle = new Map<string, IsolateLease>();
  private nextId = 0;
  private maintenanceScheduled = false;
  private readonly released: ivm.Isolate[] = [];
  private closed = false;

  constructor(private readonly options: IsolatePoolOptions) {}

  fill(): void {
    while (!this.closed && this.warm.length < this.options.warmSize) {
      this.warm.push(this.create(this.options.defaultMemoryMb, 'ahead'));
    }
    this.options.onChange?.(this.stats());
  }

  /**
   * Refills the warm pool, and while no execution runs prepares a context for each idle
   * tenant isolate: one step per turn of the event loop, after the I/O of
   * that turn, so a step never sits between an execution and its answer.
   */
  scheduleMaintenance(): void {
    if (this.maintenanceScheduled || this.closed) return;
    this.maintenanceScheduled = true;
    setImmediate(() => {
      this.maintenanceScheduled = false;
      if (!this.closed && this.maintainOnce()) this.scheduleMaintenance();
    });
  }

  /** The context for the lease's next execution: prepared ahead of time, or made now. */
  async takeContext(lease: IsolateLease): Promise<PreparedContext> {
    const ahead = lease.prepared;
    lease.prepared = undefined;
    return (await ahead) ?? prepareContext(lease.isolate, lease.bootstrap);
  }

  acquire(tenant: string, memoryMb: number): IsolateLease {
    for (const [id, lease] of this.idle) {
      if (lease.tenant === tenant && lease.memoryMb === memoryMb) {
        this.idle.delete(id);
        lease.uses += 1;
        return lease;
      }
    }
    const id = `${process.pid}-${++this.nextId}`;
    return { id, tenant, memoryMb, uses: 1, ...this.takeBlank(memoryMb) };
  }

  /** One step of idle-time work; answers whether more is left. */
  private maintainOnce(): boolean {
    if (this.warm.length < this.options.warmSize) {
      this.warm.push(this.create(this.options.defaultMemoryMb, 'ahead'));
      if (this.warm.length === this.options.warmSize) this.options.onChange?.(this.stats());
      return true;
    }
    if (!(this.options.isIdle?.() ?? true)) return false;
    const lease = this.nextToPrepare();
    if (lease === undefined) return false;
    try {
      lease.prepared = Promise.resolve(prepareContext(lease.isolate, lease.bootstrap));
    } catch {
      this.idle.delete(lease.id);
      disposeQuietly(lease.isolate);
    }
    return true;
  }

  /** The most recently used idle isolate without a context made ahead: the likeliest asked. */
  private nextToPrepare(): IsolateLease | undefined {
    const leases = [...this.idle.values()];
    for (let index = leases.length - 1; index >= 0; index--) {
      const lease = leases[index] as IsolateLease;
      if (lease.prepared === undefined && !lease.isolate.isDisposed) return lease;
    }
    return undefined;
  }

  /**
   * Gives an isolate back to its tenant, or disposes it when it is not fit for reuse
   * (killed, or retired: see `retireHeapShare`). `heapBytes` is its heap after the run.
   */
  release(lease: IsolateLease, reusable: boolean, heapBytes = 0): void {
    const retired =
      heapBytes > lease.memoryMb * 1024 * 1024 * retireHeapShare || lease.uses >= retireAfterUses;
    void lease.prepared?.then((prepared) => prepared?.release());
    lease.prepared = undefined;
    if (!reusable || retired || this.closed || lease.isolate.isDisposed) {
      this.dispose(lease.isolate);
      return;
    }
    this.idle.set(lease.id, lease);
    while (this.idle.size > this.options.maxIdleIsolates) {
      const [oldestId, oldest] = this.idle.entries().next().value as [string, IsolateLease];
      this.idle.delete(oldestId);
      this.dispose(oldest.isolate);
    }
  }

  /** Disposes the isolates `release` set aside (see `deferDisposal`). */
  disposeReleased(): void {
    for (const isolate of this.released.splice(0)) disposeQuietly(isolate);
  }

  private dispose(isolate: ivm.Isolate): void {
    if (this.options.deferDisposal === true) this.released.push(isolate);
    else disposeQuietly(isolate);
  }

  stats(): WorkerPoolStats {
    return { pooledIsolates: this.warm.length, tenantIsolates: this.idle.size };
  }

  close(): void {
    this.closed = true;
    this.disposeReleased();
    for (const blank of this.warm.splice(0)) disposeQuietly(blank.isolate);
    for (const lease of this.idle.values()) disposeQuietly(lease.isolate);
    this.idle.clear();
  }

  private takeBlank(memoryMb: number): BlankIsolate {
    if (memoryMb !== this.options.defaultMemoryMb) return this.create(memoryMb, 'never');
    return this.warm.shift() ?? this.create(memoryMb, 'never');
  }

  /**
   * A new isolate; for the warm pool (`ahead`) also warmed up and its first context made,
   * both on isolated-vm's thread for it, leaving this thread free meanwhile.
   */
  private create(memoryMb: number, prepare: 'ahead' | 'never'): BlankIsolate {
    const isolate = new ivm.Isolate({
      memoryLimit: memoryMb,
      onCatastrophicError: this.options.onCatastrophicError,
    });
    const bootstrap = isolate.compileScriptSync(bootstrapFactorySource, {
      filename: bootstrapFilename,
    });
    const prepared =
      prepare === 'ahead'
        ? warmUp(isolate, bootstrap).then(() => prepareContextAhead(isolate, bootstrap))
        : undefined;
    return { isolate, bootstrap, prepared };
  }
}

export function disposeQuietly(isolate: ivm.Isolate): void {
  try {
    if (!isolate.isDisposed) isolate.dispose();
  } catch {
    // Already disposed by isolated-vm itself, for example after a memory kill.
  }
}
