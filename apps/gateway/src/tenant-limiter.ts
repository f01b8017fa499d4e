/**
 * Per-tenant concurrency: a few executions of one tenant run at once, a bounded number
 * wait, and the rest are refused with 429, so one busy tenant cannot take every worker
 * or grow the gateway's memory without bound.
 */
import { AirlockError, ErrorCode } from '@airlock/core';

export interface TenantLimiterOptions {
  perTenant: number;
  queuePerTenant: number;
}

interface TenantSlots {
  running: number;
  waiting: (() => void)[];
}

export class TenantLimiter {
  private readonly tenants = new Map<string, TenantSlots>();

  constructor(private readonly options: TenantLimiterOptions) {}

  /** Runs `work` when a slot of `tenant` is free; throws 429 when the queue is full. */
  async run<T>(tenant: string, work: () => Promise<T>): Promise<T> {
    await this.acquire(tenant);
    try {
      return await work();
    } finally {
      this.release(tenant);
    }
  }

  /** Executions waiting for a slot, over all tenants. */
  queued(): number {
    let count = 0;
    for (const slots of this.tenants.values()) count += slots.waiting.length;
    return count;
  }

  private acquire(tenant: string): Promise<void> | void {
    const slots = this.tenants.get(tenant) ?? { running: 0, waiting: [] };
    this.tenants.set(tenant, slots);
    if (slots.running < this.options.perTenant) {
      slots.running += 1;
      return;
    }
    if (slots.waiting.length >= this.options.queuePerTenant) {
      const { perTenant, queuePerTenant } = this.options;
      throw new AirlockError(
        ErrorCode.TooManyRequests,
        `tenant "${tenant}" has ${perTenant} executions running and ${queuePerTenant} waiting`,
        { hint: 'Retry after the running executions finish, or raise concurrency.perTenant.' },
      );
    }
    // The slot passes straight from the releasing execution to the first in line.
    return new Promise((resolve) => slots.waiting.push(resolve));
  }

  private release(tenant: string): void {
    const slots = this.tenants.get(tenant);
    if (slots === undefined) return;
    const next = slots.waiting.shift();
    if (next !== undefined) {
      next();
      return;
    }
    slots.running -= 1;
    if (slots.running === 0) this.tenants.delete(tenant);
  }
}
