/**
 * Audit events for API requests that ran nothing: refusals before the pipeline (bad key,
 * wrong tenant, malformed or oversized body, full queue, shutting down), validations and
 * lookups. Executions are audited by the pipeline itself. No key, code or body is kept;
 * only the key's name, the route and the outcome.
 */
import { randomUUID } from 'node:crypto';
import type { AuditEvent, AuditOutcome } from '@airlock/core';

export interface RequestFacts {
  requestId: string;
  method: string;
  route: string;
  statusCode: number;
  /** The error code answered, if any, such as `unauthenticated`. */
  errorCode?: string;
  /** The tenant the request named, when it named one. */
  tenant?: string;
  keyName?: string;
  durationMs: number;
}

/** Stands for the tenant of a request that named none (or was refused before saying). */
export const noTenant = '(none)';

function outcomeOf(statusCode: number): AuditOutcome {
  if (statusCode < 400) return 'ok';
  if ([401, 403, 429, 503].includes(statusCode)) return 'denied';
  if (statusCode >= 500) return 'failed';
  return 'invalid';
}

export function requestEvent(facts: RequestFacts): AuditEvent {
  const tenant = facts.tenant !== undefined && facts.tenant !== '' ? facts.tenant : noTenant;
  return {
    id: randomUUID(),
    time: new Date().toISOString(),
    kind: 'request',
    tenant: tenant.slice(0, 256),
    outcome: outcomeOf(facts.statusCode),
    durationMs: Math.round(facts.durationMs * 1000) / 1000,
    detail: {
      requestId: facts.requestId,
      method: facts.method,
      route: facts.route,
      statusCode: facts.statusCode,
      ...(facts.errorCode === undefined ? {} : { errorCode: facts.errorCode }),
      ...(facts.keyName === undefined ? {} : { keyName: facts.keyName }),
    },
  };
}

/** The tenant a body names, if it is an object with a string `tenant`. */
export function claimedTenant(body: unknown): string | undefined {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return undefined;
  const tenant = (body as Record<string, unknown>).tenant;
  return typeof tenant === 'string' ? tenant : undefined;
}
