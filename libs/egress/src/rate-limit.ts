import type { IncomingMessage } from 'node:http';
import type { CredentialEntry } from './credentials.js';
import type { Refusal } from './request-plan.js';
import type { EgressLimits } from './types.js';

/**
 * Admission limits. Threat model: one sandbox floods upstreams or starves other tenants of
 * the proxy; each request is admitted only within its tenant's rate, its credential's
 * requests in flight, and the declared body size.
 */

/**
 * Per-tenant request rate, as a token bucket: a tenant may burst up to its per-minute
 * allowance, then gets one request per refill interval.
 *
 * NOTE: buckets are kept per tenant for the proxy's lifetime; a proxy serving a very large
 * number of tenants grows by one small record each.
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

export type Admission = { ok: true } | (Refusal & { headers: Record<string, string> });

/**
 * Rate per tenant, requests in flight per credential, and the declared body size. On success
 * one open connection is counted on `entry`; the caller takes it back when done.
 */
export function admit(
  entry: CredentialEntry,
  req: IncomingMessage,
  rateLimiter: TenantRateLimiter,
  limits: EgressLimits,
): Admission {
  const waitSeconds = rateLimiter.take(entry.grant.tenant);
  if (waitSeconds > 0) {
    const headers = { 'retry-after': String(waitSeconds) };
    return { ok: false, status: 429, reason: 'rate limit exceeded', rule: 'limit:rate', headers };
  }
  if (entry.openConnections >= limits.maxConnectionsPerSandbox) {
    const reason = 'too many open connections';
    const headers = { 'retry-after': '1' };
    return { ok: false, status: 429, reason, rule: 'limit:connections', headers };
  }
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limits.maxRequestBodyBytes) {
    const reason = 'request body too large';
    return { ok: false, status: 413, reason, rule: 'limit:request-body', headers: {} };
  }
  entry.openConnections += 1;
  return { ok: true };
}
