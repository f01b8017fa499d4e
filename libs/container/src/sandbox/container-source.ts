/**
 * Where a sandbox's container comes from: the warm pool when the limits match the pool's,
 * else a fresh container. A pooled container is renamed for its tenant and never returns to
 * the pool; pooled containers carry no tenant until then.
 */
import type Dockerode from 'dockerode';
import { labelKeys } from '../labels.js';
import type { SandboxLimits } from '../types.js';
import {
  poolContainerName,
  poolLabel,
  sandboxContainerName,
  startContainer,
} from './container-factory.js';
import { poolMaxWaitMs, type resolveExecutorOptions } from './executor-options.js';
import { networkModeFor } from './host-config.js';
import { sameContainerLimits } from './limits.js';
import { removeContainer } from './reaper.js';
import { WarmPool } from './warm-pool.js';
import type { Logger } from '@airlock/core';

type Settings = ReturnType<typeof resolveExecutorOptions>;

export interface WantedContainer {
  tenant: string;
  name: string;
  limits: SandboxLimits;
  networkMode: string;
  expiresAtMs: number;
}

export class ContainerSource {
  readonly pool: WarmPool;

  constructor(
    private readonly settings: Settings,
    logger: Logger,
  ) {
    this.pool = new WarmPool(
      settings.poolSize,
      () => this.makePooledContainer(),
      (id) => removeContainer(settings.docker.getContainer(id)),
      logger,
    );
  }

  /** A pooled container renamed for the tenant when the limits match the pool's, else a new one. */
  async acquire(
    wanted: WantedContainer,
  ): Promise<{ container: Dockerode.Container; pooled: boolean }> {
    const { tenant, name, limits, networkMode, expiresAtMs } = wanted;
    // Pooled containers have no network: a sandbox with egress always starts fresh.
    const poolable =
      networkMode === 'none' && sameContainerLimits(limits, this.settings.poolLimits);
    const pooledId = poolable ? this.pool.take() : undefined;
    if (pooledId === undefined) {
      const container = await this.startFresh(tenant, name, limits, networkMode, expiresAtMs);
      return { container, pooled: false };
    }
    const container = this.settings.docker.getContainer(pooledId);
    try {
      await container.rename({ name: sandboxContainerName(this.settings.ownerId, tenant, name) });
    } catch (error) {
      await removeContainer(container);
      throw error;
    }
    return { container, pooled: true };
  }

  private startFresh(
    tenant: string,
    name: string,
    limits: SandboxLimits,
    networkMode: string,
    expiresAtMs: number,
  ) {
    const spec = this.spec(limits, networkMode, expiresAtMs);
    const identity = {
      name: sandboxContainerName(this.settings.ownerId, tenant, name),
      labels: { [labelKeys.tenant]: tenant, [labelKeys.name]: name },
    };
    return startContainer(this.settings.docker, spec, identity);
  }

  /** Pooled containers carry no tenant; their expiry leaves a full lifetime after a wait. */
  private async makePooledContainer(): Promise<string> {
    const expiresAtMs = Date.now() + poolMaxWaitMs + this.settings.poolLimits.maxLifetimeMs;
    const spec = this.spec(
      this.settings.poolLimits,
      networkModeFor(undefined, undefined),
      expiresAtMs,
    );
    const identity = {
      name: poolContainerName(this.settings.ownerId),
      labels: { [poolLabel]: 'true' },
    };
    const container = await startContainer(this.settings.docker, spec, identity);
    return container.id;
  }

  private spec(limits: SandboxLimits, networkMode: string, expiresAtMs: number) {
    const { image, runtime, ownerId, scopeLabels } = this.settings;
    return { image, runtime, networkMode, limits, ownerId, scopeLabels, expiresAtMs };
  }
}
