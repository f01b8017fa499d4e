import type { Logger } from '@airlock/core';

/**
 * Containers started ahead, with no tenant. `take` hands one out for good: a container
 * leaves the pool for exactly one tenant and is never put back.
 * NOTE: pooled containers are not rotated; one that waits past its label's expiry is reaped
 * and the pool makes a fresh one.
 */
export class WarmPool<T extends { id: string }> {
  private readonly ready: T[] = [];
  private readonly making = new Set<Promise<void>>();
  private closed = false;

  constructor(
    private readonly size: number,
    private readonly make: () => Promise<T>,
    private readonly discard: (item: T) => Promise<void>,
    private readonly logger: Logger,
  ) {}

  /** A ready container, or undefined when the pool is empty; a refill starts either way. */
  take(): T | undefined {
    const item = this.ready.shift();
    this.refill();
    return item;
  }

  ids(): string[] {
    return this.ready.map((item) => item.id);
  }

  /** Forgets a container removed from outside (by the reaper). */
  drop(id: string): T | undefined {
    const index = this.ready.findIndex((item) => item.id === id);
    return index >= 0 ? this.ready.splice(index, 1)[0] : undefined;
  }

  /** Starts as many creations as the pool lacks; failures are logged and retried on next refill. */
  refill(): void {
    while (!this.closed && this.ready.length + this.making.size < this.size) {
      const making: Promise<void> = this.make()
        .then((item) => (this.closed ? this.discard(item) : void this.ready.push(item)))
        .catch((error: unknown) => {
          this.logger.warn({ event: 'pool.fill', outcome: 'error', error: String(error) });
        })
        .finally(() => this.making.delete(making));
      this.making.add(making);
    }
  }

  /** Resolves once every creation in flight has settled. */
  async settled(): Promise<void> {
    while (this.making.size > 0) await Promise.all([...this.making]);
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.settled();
    const items = this.ready.splice(0);
    await Promise.all(items.map((item) => this.discard(item)));
  }
}
