import { createHash, randomBytes } from 'node:crypto';
import type Dockerode from 'dockerode';
import { labelKeys } from '../labels.js';
import type { SandboxLimits } from '../types.js';
import {
  baseEnv,
  hardenedHostConfig,
  type SandboxRuntime,
  sandboxUid,
  workspaceDir,
} from './host-config.js';
import { removeContainer } from './reaper.js';

/** Marks a container made ahead for the warm pool, before any tenant has it. */
export const poolLabel = 'airlock.pool';

export interface ContainerSpec {
  image: string;
  runtime: SandboxRuntime;
  networkMode: string;
  limits: SandboxLimits;
  ownerId: string;
  scopeLabels: Record<string, string>;
  expiresAtMs: number;
}

/** The Docker name of a tenant's sandbox: the tenant is hashed, as it may hold any character. */
export function sandboxContainerName(ownerId: string, tenant: string, name: string): string {
  const tenantHash = createHash('sha256').update(tenant).digest('hex').slice(0, 12);
  return `airlock-${ownerId}-${tenantHash}-${name}`;
}

export function poolContainerName(ownerId: string): string {
  return `airlock-${ownerId}-pool-${randomBytes(6).toString('hex')}`;
}

/** Creates and starts a hardened container whose main process only keeps it alive. */
export async function startContainer(
  docker: Dockerode,
  spec: ContainerSpec,
  identity: { name: string; labels: Record<string, string> },
): Promise<Dockerode.Container> {
  const labels = {
    ...spec.scopeLabels,
    ...identity.labels,
    [labelKeys.managed]: 'true',
    [labelKeys.owner]: spec.ownerId,
    [labelKeys.expiresAtMs]: String(spec.expiresAtMs),
  };
  const container = await docker.createContainer({
    name: identity.name,
    Image: spec.image,
    Cmd: ['sleep', 'infinity'],
    User: `${sandboxUid}:${sandboxUid}`,
    WorkingDir: workspaceDir,
    Env: baseEnv,
    Labels: labels,
    HostConfig: hardenedHostConfig(spec.limits, spec.runtime, spec.networkMode),
  });
  try {
    await container.start();
    return container;
  } catch (error) {
    await removeContainer(container);
    throw error;
  }
}
