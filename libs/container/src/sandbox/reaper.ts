/**
 * Threat model: a gateway that crashed or was killed leaves containers running, holding memory
 * and possibly a tenant's data. The reaper removes them using only Docker labels; it never
 * touches a container without `airlock.managed`, nor one outside this executor's scope labels.
 */
import type Dockerode from 'dockerode';
import type { Logger } from '@airlock/core';
import { labelKeys } from '../labels.js';

export interface ReapScope {
  ownerId: string;
  /** Owners other than `ownerId` whose containers stay (other gateways still running). */
  liveOwners: ReadonlySet<string>;
  /** Containers this executor tracks itself (its own timers remove them). */
  tracked: ReadonlySet<string>;
  /** Extra labels every container of this deployment carries; the reaper looks at no other. */
  scopeLabels: Record<string, string>;
}

/**
 * Managed containers that have an owner. Images carry `airlock.managed` too, so a container
 * run from one, such as an image build's RUN step, inherits it without an owner: not ours.
 */
export function labelFilters(scopeLabels: Record<string, string>): string[] {
  const scope = Object.entries(scopeLabels).map(([key, value]) => `${key}=${value}`);
  return [`${labelKeys.managed}=true`, labelKeys.owner, ...scope];
}

/** Why a container must go, or undefined when it may stay. */
export function reapReason(
  labels: Record<string, string>,
  scope: ReapScope,
  nowMs: number,
): 'owner-gone' | 'expired' | undefined {
  const owner = labels[labelKeys.owner];
  if (owner === undefined) return undefined;
  if (owner !== scope.ownerId && !scope.liveOwners.has(owner)) {
    return 'owner-gone';
  }
  const expiresAtMs = Number(labels[labelKeys.expiresAtMs]);
  if (!Number.isFinite(expiresAtMs) || expiresAtMs <= nowMs) return 'expired';
  return undefined;
}

/** Removes every managed container in scope whose owner is gone or whose expiry passed. */
export async function reapContainers(
  docker: Dockerode,
  scope: ReapScope,
  logger: Logger,
): Promise<string[]> {
  const containers = await docker.listContainers({
    all: true,
    filters: { label: labelFilters(scope.scopeLabels) },
  });
  const nowMs = Date.now();
  const removed: string[] = [];
  for (const info of containers) {
    if (scope.tracked.has(info.Id)) continue;
    const reason = reapReason(info.Labels, scope, nowMs);
    if (reason === undefined) continue;
    await removeContainer(docker.getContainer(info.Id));
    removed.push(info.Id);
    logger.info({ event: 'sandbox.reaped', containerId: info.Id, reason }, 'reaped a container');
  }
  return removed;
}

/** Force-removes a container; one that is already gone is fine. */
export async function removeContainer(container: Dockerode.Container): Promise<void> {
  try {
    await container.remove({ force: true, v: true });
  } catch (error) {
    const status = (error as { statusCode?: number }).statusCode;
    if (status !== 404 && status !== 409) throw error;
  }
}
