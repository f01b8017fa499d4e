/**
 * Where a sandbox's container comes from: the warm pool when the limits match the pool's,
 * else a fresh container. A pooled container is renamed for its tenant and never returns to
 * the pool; pooled containers carry no tenant until then.
 */
import { labelKeys } from '../labels.js';
import type { SandboxLimits } from '../types.js';
import {
  poolContainerName,
  poolLabel,
  sandboxContainerName,
  type StartedContainer,
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

/** A pooled container: its id for the pool's bookkeeping, and the container with its agent. */
export type PooledContainer = StartedContainer & { id: string };

/** Removes a container and lets go of its agent; `reason` reaches commands still running. */
export async function discardContainer(started: StartedContainer, reason?: string): Promise<void> {
  started.agent.close(reason);
  await removeContainer(started.container);
}

export class ContainerSource {
  readonly pool: WarmPool<PooledContainer>;

  constructor(
    private readonly settings: Settings,
    logger: Logger,
  ) {
    this.pool = new WarmPool(
      settings.poolSize,
      () => this.makePooledContainer(),
      discardContainer,
      logger,
    );
  }

  /** A pooled container renamed for the tenant when the limits match the pool's, else a new one. */
  async acquire(wanted: WantedContainer): Promise<StartedContainer & { pooled: boolean }> {
    const { tenant, name, limits, networkMode, expiresAtMs } = wanted;
    // Pooled containers have no network: a sandbox with egress always starts fresh.
    const poolable =
      networkMode === 'none' && sameContainerLimits(limits, this.settings.poolLimits);
    const pooled = poolable ? this.takeLive() : undefined;
    if (pooled === undefined) {
      const started = await this.startFresh(tenant, name, limits, networkMode, expiresAtMs);
      return { ...started, pooled: false };
    }
    try {
      const newName = sandboxContainerName(this.settings.ownerId, tenant, name);
      await pooled.container.rename({ name: newName });
    } catch (error) {
      await discardContainer(pooled);
      throw error;
    }
    return { container: pooled.container, agent: pooled.agent, pooled: true };
  }

  /** A pooled container whose agent still runs; dead ones are removed on the way. */
  private takeLive(): PooledContainer | undefined {
    for (let pooled = this.pool.take(); pooled !== undefined; pooled = this.pool.take()) {
      if (!pooled.agent.gone) return pooled;
      void discardContainer(pooled).catch(() => undefined);
    }
    return undefined;
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
  private async makePooledContainer(): Promise<PooledContainer> {
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
    const started = await startContainer(this.settings.docker, spec, identity);
    return { ...started, id: started.container.id };
  }

  private spec(limits: SandboxLimits, networkMode: string, expiresAtMs: number) {
    const { image, runtime, ownerId, scopeLabels } = this.settings;
    return { image, runtime, networkMode, limits, ownerId, scopeLabels, expiresAtMs };
  }
}
