/**
 * Keeps a fixed number of worker processes alive and routes executions to them.
 * Threat model: a worker that dies costs only the executions inside it; a replacement is
 * started at once and the other workers carry on. Tenants are routed with affinity so
 * their own idle isolates are found again; isolates never move between tenants.
 */
import type { Logger } from '@airlock/core';
import type { CapabilityReply, FromWorker, WorkerJob } from '../worker/protocol.js';
import { WorkerHandle, type WorkerDone } from './worker-handle.js';

export interface SupervisorOptions {
  workers: number;
  /** Blank isolates kept warm in each worker. */
  poolSize: number;
  defaultMemoryMb: number;
  /** Idle tenant isolates kept in each worker. */
  maxIdleIsolates: number;
  entry: string;
  logger: Logger;
  dispatch: (
    executionId: string,
    capability: string,
    method: string,
    argsJson: string,
  ) => Promise<CapabilityReply>;
}

export interface SupervisorStats {
  workers: number;
  restarts: number;
  pooledIsolates: number;
  tenantIsolates: number;
  activeExecutions: number;
  /** Each live worker process with the executions running in it. */
  workerProcesses: { pid: number; activeExecutions: number }[];
}

/** Tenants remembered for routing; the oldest are forgotten past this. */
const maxAffinityEntries = 10_000;
/** A tenant's usual worker is skipped when it is this much busier than the least busy. */
const affinitySlack = 4;
/** Wait before replacing a worker that died before it was ready. */
const failedStartBackoffMs = 1_000;

export class Supervisor {
  private readonly slots: WorkerHandle[] = [];
  private readonly affinity = new Map<string, number>();
  private restarts = 0;
  private closing = false;

  constructor(private readonly options: SupervisorOptions) {}

  async start(): Promise<void> {
    for (let slot = 0; slot < this.options.workers; slot++) this.slots.push(this.spawn());
    await Promise.all(this.slots.map((handle) => handle.ready));
  }

  async run(job: WorkerJob): Promise<WorkerDone> {
    const handle = this.slots[this.pickSlot(job.tenant)] as WorkerHandle;
    await handle.ready;
    return handle.run(job);
  }

  stats(): SupervisorStats {
    const sum = (pick: (handle: WorkerHandle) => number) =>
      this.slots.reduce((total, handle) => total + pick(handle), 0);
    return {
      workers: this.slots.filter((handle) => handle.isAlive).length,
      restarts: this.restarts,
      pooledIsolates: sum((handle) => handle.pool.pooledIsolates),
      tenantIsolates: sum((handle) => handle.pool.tenantIsolates),
      activeExecutions: sum((handle) => handle.activeExecutions),
      workerProcesses: this.slots.flatMap(({ pid, isAlive, activeExecutions }) =>
        pid === undefined || !isAlive ? [] : [{ pid, activeExecutions }],
      ),
    };
  }

  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(this.slots.map((handle) => handle.kill()));
  }

  private pickSlot(tenant: string): number {
    const loads = this.slots.map((handle) =>
      handle.isAlive ? handle.activeExecutions : Number.POSITIVE_INFINITY,
    );
    const least = loads.indexOf(Math.min(...loads));
    const usual = this.affinity.get(tenant);
    const slot =
      usual !== undefined && (loads[usual] ?? 0) <= (loads[least] ?? 0) + affinitySlack
        ? usual
        : least;
    this.affinity.delete(tenant);
    this.affinity.set(tenant, slot);
    if (this.affinity.size > maxAffinityEntries) {
      this.affinity.delete(this.affinity.keys().next().value as string);
    }
    return slot;
  }

  private spawn(): WorkerHandle {
    const { poolSize, defaultMemoryMb, maxIdleIsolates } = this.options;
    return new WorkerHandle({
      entry: this.options.entry,
      args: [String(poolSize), String(defaultMemoryMb), String(maxIdleIsolates)],
      logger: this.options.logger,
      onCapabilityCall: (handle, call) => this.onCapabilityCall(handle, call),
      onExit: (handle) => this.onExit(handle),
    });
  }

  private onCapabilityCall(
    handle: WorkerHandle,
    call: Extract<FromWorker, { type: 'capability-call' }>,
  ): void {
    const { executionId, callId, capability, method, argsJson } = call;
    void this.options
      .dispatch(executionId, capability, method, argsJson)
      .catch((error: unknown) => {
        this.options.logger.error({
          event: 'isolate-capability-failure',
          executionId,
          error: String(error),
        });
        const message = 'the capability failed inside the host';
        return { envelopeJson: JSON.stringify({ ok: false, message }), logs: [] };
      })
      .then((reply) => handle.reply(executionId, callId, reply));
  }

  private onExit(handle: WorkerHandle): void {
    if (this.closing) return;
    const slot = this.slots.indexOf(handle);
    if (slot === -1) return;
    this.restarts += 1;
    this.options.logger.warn({
      event: 'isolate-worker-exit',
      pid: handle.pid,
      restarts: this.restarts,
      stderr: handle.lastStderr,
    });
    if (handle.wasReady) {
      this.slots[slot] = this.spawn();
      return;
    }
    // A worker that died while starting would die again at once: wait before the next.
    setTimeout(() => {
      if (!this.closing) this.slots[slot] = this.spawn();
    }, failedStartBackoffMs);
  }
}
