import { randomBytes } from 'node:crypto';
import { ConfigError, type Logger, silentLogger } from '@airlock/core';
import Dockerode from 'dockerode';
import type { SandboxInfo, SandboxLimits } from '../types.js';
import type { SandboxRuntime } from './host-config.js';
import { resolveLimits } from './limits.js';

export interface ContainerExecutorOptions {
  /** The engine. Default: the local socket `/var/run/docker.sock`. */
  docker?: Dockerode;
  /** The sandbox image: the tag `ensureSandboxImage()` answers, or an image of your own. */
  image: string;
  /** This executor's identity in the `airlock.owner` label. Default: random per instance. */
  ownerId?: string;
  logger?: Logger;
  /** Containers kept started ahead with the pool's limits. Default 0 (no pool). */
  poolSize?: number;
  /** Limits of pooled containers; a create with other limits starts afresh. Default: defaults. */
  poolLimits?: Partial<SandboxLimits>;
  /** `runc` (default) or `runsc` (gVisor, where installed). */
  runtime?: string;
  /** How often the reaper runs after `start()`. Default 60 000. */
  reapIntervalMs?: number;
  /** Owners besides this one whose containers the reaper keeps (other gateways alive). */
  liveOwners?: string[];
  /** Labels put on every container; the reaper looks only at containers that carry them too. */
  scopeLabels?: Record<string, string>;
  /** The network of sandboxes granted egress (`ensureEgressNetwork`); else egress is refused. */
  egressNetwork?: string;
  /** Called once when a sandbox ends, for whatever reason (to revoke its proxy credential). */
  onEnd?: (info: SandboxInfo) => void;
}

/** How long a pooled container may wait for a tenant before its label says it expired. */
export const poolMaxWaitMs = 60 * 60_000;

const runtimes: readonly SandboxRuntime[] = ['runc', 'runsc'];

function checkRuntime(runtime: string): SandboxRuntime {
  if (!runtimes.includes(runtime as SandboxRuntime)) {
    throw new ConfigError('runtime', `expected runc or runsc, got ${JSON.stringify(runtime)}`, {
      hint: 'Use runc, or runsc where gVisor is installed.',
    });
  }
  return runtime as SandboxRuntime;
}

function checkOwnerId(ownerId: string): string {
  if (!/^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,63}$/.test(ownerId)) {
    throw new ConfigError('ownerId', 'expected 1 to 64 characters of [a-zA-Z0-9_.-]');
  }
  return ownerId;
}

/** The options with every default filled in and every value checked. */
export function resolveExecutorOptions(options: ContainerExecutorOptions) {
  const poolSize = options.poolSize ?? 0;
  if (!Number.isInteger(poolSize) || poolSize < 0 || poolSize > 64) {
    throw new ConfigError('poolSize', `expected a whole number from 0 to 64, got ${poolSize}`);
  }
  return {
    docker: options.docker ?? new Dockerode({ socketPath: '/var/run/docker.sock' }),
    image: options.image,
    ownerId: checkOwnerId(options.ownerId ?? randomBytes(6).toString('hex')),
    runtime: checkRuntime(options.runtime ?? 'runc'),
    logger: options.logger ?? silentLogger,
    poolSize,
    poolLimits: resolveLimits(options.poolLimits),
    reapIntervalMs: options.reapIntervalMs ?? 60_000,
    liveOwners: options.liveOwners ?? [],
    scopeLabels: { ...options.scopeLabels },
    egressNetwork: options.egressNetwork,
    onEnd: options.onEnd ?? (() => undefined),
  };
}
