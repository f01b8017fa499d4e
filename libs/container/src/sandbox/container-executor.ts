import {
  AirlockError,
  ConfigError,
  ErrorCode,
  InvalidInputError,
  type Logger,
} from '@airlock/core';
import type { Duplex } from 'node:stream';
import type Dockerode from 'dockerode';
import { PreviewRegistry, checkPort } from '../preview/preview-registry.js';
import type {
  CreateSandboxOptions,
  ExecOptions,
  ExecResult,
  FileEntry,
  ProcessInfo,
  SandboxInfo,
  SandboxLimits,
  SandboxService,
} from '../types.js';
import type { SandboxAgent } from '../agent/sandbox-agent.js';
import { openAgentTunnel } from '../preview/agent-tunnel.js';
import {
  defaultExecTimeoutMs,
  defaultMaxOutputBytes,
  type RawExecOptions,
  runAgentExec,
} from './exec.js';
import { type ExecIn, listSandboxFiles, readSandboxFile, writeSandboxFile } from './files.js';
import { type ContainerExecutorOptions, resolveExecutorOptions } from './executor-options.js';
import { ContainerSource, discardContainer, type PooledContainer } from './container-source.js';
import { networkModeFor, proxyEnv, type SandboxRuntime } from './host-config.js';
import { armTimer, type EndReason } from './lifecycle.js';
import { envList, resolveLimits, validateName, validateTenant } from './limits.js';
import { sandboxProcessLogs, startSandboxProcess, stopSandboxProcess } from './processes.js';
import { SandboxRegistry, type SandboxRecord, sandboxNotFound } from './registry.js';
import { reapContainers } from './reaper.js';
import { WarmPool } from './warm-pool.js';

export type { ContainerExecutorOptions } from './executor-options.js';

/**
 * Runs each tenant's sandboxes as hardened Docker containers (see host-config.ts), destroys them
 * on lifetime, idle timeout or `close()`, and reaps what a killed predecessor left behind.
 */
export class ContainerExecutor implements SandboxService {
  readonly ownerId: string;
  private readonly docker: Dockerode;
  private readonly image: string;
  private readonly runtime: SandboxRuntime;
  private readonly logger: Logger;
  private readonly registry = new SandboxRegistry();
  private readonly previews: PreviewRegistry;
  private readonly source: ContainerSource;
  private readonly pool: WarmPool<PooledContainer>;
  private readonly reapIntervalMs: number;
  private readonly liveOwners: ReadonlySet<string>;
  private readonly scopeLabels: Record<string, string>;
  private readonly egressNetwork: string | undefined;
  private readonly onEnd: (info: SandboxInfo) => void;
  private reapTimer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(options: ContainerExecutorOptions) {
    const resolved = resolveExecutorOptions(options);
    this.docker = resolved.docker;
    this.previews = new PreviewRegistry();
    this.image = resolved.image;
    this.ownerId = resolved.ownerId;
    this.runtime = resolved.runtime;
    this.logger = resolved.logger.child({ component: 'container', owner: this.ownerId });
    this.reapIntervalMs = resolved.reapIntervalMs;
    this.liveOwners = new Set(resolved.liveOwners);
    this.scopeLabels = resolved.scopeLabels;
    this.egressNetwork = resolved.egressNetwork;
    this.onEnd = resolved.onEnd;
    this.source = new ContainerSource(resolved, this.logger);
    this.pool = this.source.pool;
  }

  /** Checks the runtime is installed, reaps leftovers, fills the pool and starts the reaper. */
  async start(): Promise<void> {
    const info = (await this.docker.info()) as { Runtimes?: Record<string, unknown> };
    if (info.Runtimes !== undefined && !(this.runtime in info.Runtimes)) {
      throw new ConfigError('runtime', `${this.runtime} is not installed in the Docker engine`, {
        hint: 'Install it and register it in daemon.json, or use runc.',
      });
    }
    await this.reap();
    this.pool.refill();
    this.reapTimer = setInterval(() => {
      this.reap().catch((error: unknown) => {
        this.logger.warn({ event: 'sandbox.reap', outcome: 'error', error: String(error) });
      });
    }, this.reapIntervalMs);
    this.reapTimer.unref();
  }

  /** Removes expired containers and those of dead owners; answers the ids removed. */
  async reap(options: { liveOwners?: string[] } = {}): Promise<string[]> {
    const tracked = this.registry.containerIds();
    const liveOwners = new Set([...this.liveOwners, ...(options.liveOwners ?? [])]);
    const scope = { ownerId: this.ownerId, liveOwners, tracked, scopeLabels: this.scopeLabels };
    const removed = await reapContainers(this.docker, scope, this.logger);
    for (const id of removed) this.pool.drop(id)?.agent.close();
    if (removed.length > 0 && !this.closed) this.pool.refill();
    return removed;
  }

  /** Sandboxes that exist now, over all tenants (for metrics). */
  get activeSandboxes(): number {
    return this.registry.all().length;
  }

  /** The ids of the pooled containers ready now, and a promise for when refilling settles. */
  poolState(): { ids: string[]; settled: Promise<void> } {
    return { ids: this.pool.ids(), settled: this.pool.settled() };
  }

  async create(options: CreateSandboxOptions): Promise<SandboxInfo> {
    this.checkOpen();
    const tenant = validateTenant(options.tenant);
    const name = validateName(options.name);
    const limits = resolveLimits(options.limits);
    const networkMode = networkModeFor(options.egress, this.egressNetwork);
    const proxy = proxyEnv(options.egress, options.env?.NODE_OPTIONS);
    const env = envList({ ...options.env, ...proxy }, 'env');
    const startedAtMs = Date.now();
    const expiresAtMs = startedAtMs + limits.maxLifetimeMs;
    this.registry.reserve(tenant, name);
    let started: { container: Dockerode.Container; agent: SandboxAgent } | undefined;
    try {
      const acquired = await this.source.acquire({
        tenant,
        name,
        limits,
        networkMode,
        expiresAtMs,
      });
      started = acquired;
      // close() may have run meanwhile; it would never see this container
      this.checkOpen();
      const { container, agent } = acquired;
      const record = this.register({ tenant, name, container, agent, limits, env, expiresAtMs });
      started = undefined;
      const durationMs = Date.now() - startedAtMs;
      const pooled = acquired.pooled;
      this.logger.info({
        event: 'sandbox.created',
        tenant,
        name,
        pooled,
        outcome: 'ok',
        durationMs,
      });
      return { ...record.info };
    } finally {
      this.registry.release(tenant, name);
      if (started !== undefined) await discardContainer(started);
    }
  }

  async get(tenant: string, name: string): Promise<SandboxInfo> {
    return { ...this.record(tenant, name).info };
  }

  async list(tenant: string): Promise<SandboxInfo[]> {
    return this.registry.ofTenant(validateTenant(tenant)).map((r) => ({ ...r.info }));
  }

  async exec(
    tenant: string,
    name: string,
    command: string[],
    options: ExecOptions = {},
  ): Promise<ExecResult> {
    if (
      !Array.isArray(command) ||
      command.length === 0 ||
      command.some((p) => typeof p !== 'string')
    ) {
      throw new InvalidInputError('command', 'expected a non-empty array of strings');
    }
    if (options.cwd !== undefined && !options.cwd.startsWith('/')) {
      throw new InvalidInputError(
        'cwd',
        `expected an absolute path, got ${JSON.stringify(options.cwd)}`,
      );
    }
    const env = envList(options.env, 'env');
    return this.use(tenant, name, async (run, record) => {
      const remainingMs = record.info.expiresAtMs - Date.now();
      const raw = await run(command, {
        env,
        timeoutMs: Math.min(options.timeoutMs ?? defaultExecTimeoutMs, remainingMs),
        maxOutputBytes: options.maxOutputBytes ?? defaultMaxOutputBytes,
        ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
        ...(options.stdin === undefined ? {} : { stdin: options.stdin }),
        ...(options.onOutput === undefined ? {} : { onOutput: options.onOutput }),
      });
      const { exitCode, timedOut, truncated, durationMs } = raw;
      this.logger.info({
        event: 'sandbox.exec',
        tenant,
        name,
        exitCode,
        timedOut,
        truncated,
        durationMs,
      });
      return { ...raw, stdout: raw.stdout.toString('utf8'), stderr: raw.stderr.toString('utf8') };
    });
  }

  async writeFile(tenant: string, name: string, path: string, content: Uint8Array): Promise<void> {
    await this.use(tenant, name, (run) => writeSandboxFile(run, path, content));
  }

  async readFile(tenant: string, name: string, path: string): Promise<Uint8Array> {
    return this.use(tenant, name, (run) => readSandboxFile(run, path));
  }

  async listFiles(tenant: string, name: string, path: string): Promise<FileEntry[]> {
    return this.use(tenant, name, (run) => listSandboxFiles(run, path));
  }

  async startProcess(
    tenant: string,
    name: string,
    command: string[],
    options: { cwd?: string; env?: Record<string, string> } = {},
  ): Promise<ProcessInfo> {
    const env = envList(options.env, 'env');
    const cwd = options.cwd === undefined ? {} : { cwd: options.cwd };
    return this.use(tenant, name, (run) => startSandboxProcess(run, command, { env, ...cwd }));
  }

  async processLogs(tenant: string, name: string, id: string) {
    return this.use(tenant, name, (run) => sandboxProcessLogs(run, id));
  }

  async stopProcess(tenant: string, name: string, id: string): Promise<void> {
    await this.use(tenant, name, (run) => stopSandboxProcess(run, id));
  }

  /** Makes `port` inside reachable through the preview route (through the agent, no network). */
  async exposePort(tenant: string, name: string, port: number) {
    const checked = checkPort(port);
    return this.use(tenant, name, async (_run, record) => {
      const token = this.previews.expose(record.info, checked);
      record.info.ports = this.previews.portsOf(record.info);
      return { port: checked, token };
    });
  }

  /** A connection for the preview route; a preview request counts as use of the sandbox. */
  async openPreview(token: string): Promise<Duplex | undefined> {
    const target = this.previews.target(token);
    if (target === undefined) return undefined;
    const record = this.registry.find(target.tenant, target.name);
    if (record === undefined) return undefined;
    record.info.lastUsedAtMs = Date.now();
    return openAgentTunnel(record.agent, target.port);
  }

  async destroy(tenant: string, name: string): Promise<void> {
    const record = this.record(tenant, name);
    await this.end(record, 'destroyed');
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.reapTimer);
    await this.pool.close();
    await Promise.all(this.registry.all().map((record) => this.end(record, 'closed')));
  }

  private checkOpen(): void {
    if (this.closed) {
      throw new AirlockError(ErrorCode.Unavailable, 'the container executor is closed', {
        hint: 'Create a new ContainerExecutor.',
      });
    }
  }

  private record(tenant: string, name: string): SandboxRecord {
    return this.registry.get(validateTenant(tenant), validateName(name));
  }

  /** Runs an operation on a sandbox, counting it as use; a vanished container becomes NotFound. */
  private async use<T>(
    tenant: string,
    name: string,
    operation: (run: ExecIn, record: SandboxRecord) => Promise<T>,
  ): Promise<T> {
    const record = this.record(tenant, name);
    const env = record.env;
    const run: ExecIn = (command, options: Partial<RawExecOptions>) =>
      runAgentExec(record.agent, command, {
        timeoutMs: defaultExecTimeoutMs,
        maxOutputBytes: defaultMaxOutputBytes,
        ...options,
        env: [...env, ...(options.env ?? [])],
      });
    record.busy += 1;
    record.info.lastUsedAtMs = Date.now();
    try {
      return await operation(run, record);
    } catch (error) {
      throw await this.translate(error, record);
    } finally {
      record.busy -= 1;
      record.info.lastUsedAtMs = Date.now();
    }
  }

  private async translate(error: unknown, record: SandboxRecord): Promise<unknown> {
    const status = (error as { statusCode?: number }).statusCode;
    if (status !== 404 && status !== 409) return error;
    await this.end(record, 'vanished');
    return sandboxNotFound(record.info.name, error);
  }

  private register(fields: {
    tenant: string;
    name: string;
    container: Dockerode.Container;
    agent: SandboxAgent;
    limits: SandboxLimits;
    env: string[];
    expiresAtMs: number;
  }): SandboxRecord {
    const { tenant, name, container, agent, limits, env, expiresAtMs } = fields;
    const nowMs = Date.now();
    const info: SandboxInfo = {
      tenant,
      name,
      containerId: container.id,
      limits,
      ports: [],
      createdAtMs: expiresAtMs - limits.maxLifetimeMs,
      lastUsedAtMs: nowMs,
      expiresAtMs,
    };
    const record: SandboxRecord = { info, container, agent, env, busy: 0 };
    this.registry.add(record);
    armTimer(record, (reason) => void this.endQuietly(record, reason));
    return record;
  }

  private async end(
    record: SandboxRecord,
    reason: EndReason | 'destroyed' | 'closed' | 'vanished',
  ) {
    const { tenant, name, containerId } = record.info;
    clearTimeout(record.timer);
    this.previews.forget(record.info);
    this.onEnd(record.info);
    if (this.registry.find(tenant, name) === record) this.registry.remove(tenant, name);
    await discardContainer(record, reason);
    this.logger.info({ event: 'sandbox.destroyed', tenant, name, containerId, reason });
  }

  private async endQuietly(record: SandboxRecord, reason: EndReason): Promise<void> {
    try {
      await this.end(record, reason);
    } catch (error) {
      this.logger.warn({
        event: 'sandbox.destroyed',
        outcome: 'error',
        reason,
        error: String(error),
      });
    }
  }
}
