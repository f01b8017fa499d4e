/**
 * Tracks the executions in flight so shutdown can stop taking new work, give running
 * executions a grace period, and only then cancel what is left.
 */
import { AirlockError, ErrorCode } from '@airlock/core';

export class Lifecycle {
  private readonly inFlight = new Set<Promise<unknown>>();
  private closingSince: number | undefined;

  get closing(): boolean {
    return this.closingSince !== undefined;
  }

  get running(): number {
    return this.inFlight.size;
  }

  /** Throws 503 once shutdown began, so no new work starts. */
  refuseWhenClosing(): void {
    if (!this.closing) return;
    throw new AirlockError(ErrorCode.Unavailable, 'the gateway is shutting down', {
      hint: 'Retry against another instance, or after the gateway has restarted.',
    });
  }

  /** Runs `work` as an execution shutdown waits for. */
  async track<T>(work: () => Promise<T>): Promise<T> {
    this.refuseWhenClosing();
    const running = work();
    this.inFlight.add(running);
    try {
      return await running;
    } finally {
      this.inFlight.delete(running);
    }
  }

  beginClosing(): void {
    this.closingSince ??= Date.now();
  }

  /** Resolves when nothing is in flight, or after `timeoutMs`; answers whether all ended. */
  async drain(timeoutMs: number): Promise<boolean> {
    const settled = Promise.allSettled([...this.inFlight]).then(() => true);
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    try {
      return await Promise.race([settled, expired]);
    } finally {
      clearTimeout(timer);
    }
  }
}
