import { createHash, randomBytes } from 'node:crypto';
import type Dockerode from 'dockerode';
import { agentCommand, SandboxAgent } from '../agent/sandbox-agent.js';
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

/** A running sandbox container and the attached agent that runs commands in it. */
export interface StartedContainer {
  container: Dockerode.Container;
  agent: SandboxAgent;
}

/**
 * Creates and starts a hardened container whose main process is the sandbox agent, attached
 * before the start so that none of its output is missed. Its standard input closes when the
 * gateway lets go (StdinOnce), and the agent then ends the container. Nothing is logged by
 * Docker: the stream carries the tenant's output, which belongs in no host log.
 */
export async function startContainer(
  docker: Dockerode,
  spec: ContainerSpec,
  identity: { name: string; labels: Record<string, string> },
): Promise<StartedContainer> {
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
    Cmd: agentCommand,
    OpenStdin: true,
    StdinOnce: true,
    AttachStdin: true,
    AttachStdout: true,
    AttachStderr: true,
    Tty: false,
    User: `${sandboxUid}:${sandboxUid}`,
    WorkingDir: workspaceDir,
    Env: baseEnv,
    Labels: labels,
    HostConfig: {
      ...hardenedHostConfig(spec.limits, spec.runtime, spec.networkMode),
      LogConfig: { Type: 'none', Config: {} },
    },
  });
  let agent: SandboxAgent | undefined;
  try {
    agent = await SandboxAgent.attach(container, docker.modem);
    await container.start();
    await agent.started();
    return { container, agent };
  } catch (error) {
    agent?.close();
    await removeContainer(container);
    throw error;
  }
}
