/**
 * Enforces CPU and wall time on one execution from outside the isolate.
 * Threat model: the synchronous `timeout` of each run only covers that run; work resumed
 * later (after an awaited capability call, in a microtask chain) is caught by polling the
 * isolate's CPU time and the wall clock, and ended by disposing the isolate.
 */
import type ivm from 'isolated-vm';
import { disposeQuietly } from './isolate-pool.js';

export type KillReason = 'timeout' | 'memory';

export interface WatchdogLimits {
  timeoutMs: number;
  wallTimeMs: number;
}

/** How often the CPU time is read; bounds how far a timeout overshoots. */
const pollIntervalMs = 5;

/**
 * Watches one execution's CPU and wall time and disposes the isolate past either.
 *
 * NOTE: the CPU time is read every 5 ms, so code resumed outside a synchronous run (after
 * an await) can overshoot `timeoutMs` by about that much plus the time to dispose.
 */
export class LimitsWatchdog {
  private killReason: KillReason | undefined;
  private readonly cpuStartNs: bigint;
  private readonly wallStartMs = performance.now();
  private lastCpuMs = 0;
  private timer: NodeJS.Timeout | undefined;
  private wallEnforced = true;

  constructor(
    private readonly isolate: ivm.Isolate,
    private readonly limits: WatchdogLimits,
    private readonly onKill: () => void = () => undefined,
  ) {
    this.cpuStartNs = isolate.cpuTime;
  }

  get reason(): KillReason | undefined {
    return this.killReason;
  }

  start(): void {
    this.timer = setInterval(() => this.check(), pollIntervalMs);
  }

  stop(): void {
    clearInterval(this.timer);
    this.readCpu();
  }

  cpuMs(): number {
    return this.readCpu();
  }

  wallMs(): number {
    return performance.now() - this.wallStartMs;
  }

  /** The CPU budget left for a synchronous run, at least 1 ms (0 means no timeout to V8). */
  remainingCpuMs(): number {
    return Math.max(1, Math.ceil(this.limits.timeoutMs - this.readCpu()));
  }

  /** The wall time left, never below 0. */
  remainingWallMs(): number {
    return Math.max(0, this.limits.wallTimeMs - this.wallMs());
  }

  /**
   * Stops enforcing the wall time (the CPU time still is): for the wait after the result
   * is known, which its caller bounds by `remainingWallMs` itself.
   */
  releaseWallTime(): void {
    this.wallEnforced = false;
  }

  kill(reason: KillReason): void {
    this.killReason ??= reason;
    disposeQuietly(this.isolate);
    this.onKill();
  }

  private check(): void {
    const overWall = this.wallEnforced && this.wallMs() > this.limits.wallTimeMs;
    if (this.readCpu() > this.limits.timeoutMs || overWall) {
      this.kill('timeout');
    }
  }

  private readCpu(): number {
    if (!this.isolate.isDisposed) {
      try {
        this.lastCpuMs = Number(this.isolate.cpuTime - this.cpuStartNs) / 1e6;
      } catch {
        // Disposed between the check and the read: keep the last value.
      }
    }
    return this.lastCpuMs;
  }
}
