/**
 * Per-tenant request rate, as a token bucket: a tenant may burst up to its per-minute
 * allowance, then gets one request per refill interval.
 */
export class TenantRateLimiter {
  private readonly buckets = new Map<string, { tokens: number; updatedMs: number }>();
  private readonly refillPerMs: number;

  constructor(
    private readonly requestsPerMinute: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.refillPerMs = requestsPerMinute / 60_000;
  }

  /** Takes one token; returns 0 when allowed, else the whole seconds to wait (≥ 1). */
  take(tenant: string): number {
    const nowMs = this.now();
    const bucket = this.buckets.get(tenant) ?? { tokens: this.requestsPerMinute, updatedMs: nowMs };
    const refilled = (nowMs - bucket.updatedMs) * this.refillPerMs;
    bucket.tokens = Math.min(this.requestsPerMinute, bucket.tokens + refilled);
    bucket.updatedMs = nowMs;
    this.buckets.set(tenant, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    const waitMs = (1 - bucket.tokens) / this.refillPerMs;
    return Math.max(1, Math.ceil(waitMs / 1000));
  }
}
