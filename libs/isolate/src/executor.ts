/**
 * The isolate executor: runs untrusted ES modules in V8 isolates inside supervised
 * worker processes, with exactly the capabilities granted. Threat model: nothing the code
 * does (throw, loop, allocate, crash its worker) makes `execute` reject or harms another
 * execution; requests the executor cannot honour are refused before anything runs.
 */
import { ConfigError, UsageError, silentLogger, type Logger } from '@airlock/core';
import { CapabilityDispatcher } from './supervisor/capability-dispatch.js';
import { Supervisor } from './supervisor/supervisor.js';
import { resolveWorkerEntry } from './supervisor/worker-entry.js';
import { transpile } from './transpile.js';
import {
  defaultIsolateLimits,
  type Capability,
  type ExecutionRequest,
  type ExecutionResult,
  type IsolateLimits,
} from './types.js';
import { defaultMaxIdleIsolates, type WorkerJob, type WorkerOutcome } from './worker/protocol.js';

export interface IsolateExecutorOptions {
  /** Worker processes. Default 2. */
  workers?: number;
  /** Blank isolates kept warm in each worker. Default 4. */
  poolSize?: number;
  /**
   * Idle isolates kept for returning tenants in each worker. Default 128, about 1.5 MiB
   * resident each (see `defaultMaxIdleIsolates`).
   */
  maxIdleIsolatesPerWorker?: number;
  /** The host implementations that requests may be granted. Default none. */
  capabilities?: Capability[];
  /** Default `silentLogger`. */
  logger?: Logger;
  /** The compiled worker script. Default `dist/worker/main.js` of this library. */
  workerEntry?: string;
}

export interface IsolateExecutorStats {
  workers: number;
  restarts: number;
  pooledIsolates: number;
  tenantIsolates: number;
  activeExecutions: number;
  /** Each live worker process with the executions running in it. */
  workerProcesses: { pid: number; activeExecutions: number }[];
  /**
   * The isolates that served each tenant (ids unique per executor), for the most recent
   * 1,000 tenants: the evidence that no isolate served two tenants.
   */
  isolatesByTenant: Record<string, string[]>;
}

const maxTrackedTenants = 1_000;
const maxTrackedIsolatesPerTenant = 64;

export class IsolateExecutor {
  private readonly dispatcher: CapabilityDispatcher;
  private readonly logger: Logger;
  private readonly active = new Set<string>();
  private readonly isolatesByTenant = new Map<string, Set<string>>();
  private supervisor: Supervisor | undefined;
  private closed = false;

  constructor(private readonly options: IsolateExecutorOptions = {}) {
    checkCount('workers', options.workers, 1);
    checkCount('poolSize', options.poolSize, 0);
    checkCount('maxIdleIsolatesPerWorker', options.maxIdleIsolatesPerWorker, 0);
    this.dispatcher = new CapabilityDispatcher(options.capabilities ?? []);
    this.logger = options.logger ?? silentLogger;
  }

  async start(): Promise<void> {
    if (this.supervisor !== undefined) return;
    this.supervisor = new Supervisor({
      workers: this.options.workers ?? 2,
      poolSize: this.options.poolSize ?? 4,
      defaultMemoryMb: defaultIsolateLimits.memoryMb,
      maxIdleIsolates: this.options.maxIdleIsolatesPerWorker ?? defaultMaxIdleIsolates,
      entry: this.options.workerEntry ?? resolveWorkerEntry(),
      logger: this.logger,
      dispatch: (...call) => this.dispatcher.dispatch(...call),
    });
    await this.supervisor.start();
  }

  /**
   * Runs one request. Rejects only when the executor is not started or already closed.
   *
   * The outcome is decided once the default export has settled and every capability call
   * still in flight then has been answered (waited for up to wallTimeMs; `env.log` entries
   * of calls nobody awaited are kept). A promise rejected with no handler until then, from
   * the user's code or from a failing capability call, ends the run `error` with that
   * rejection, unless the default export already failed with its own error. A top-level
   * await that never settles ends `timeout` at wallTimeMs.
   *
   * NOTE: requests are not queued or shed: every call goes to a worker at once, so the
   * caller (the pipeline) bounds concurrency.
   */
  async execute(request: ExecutionRequest): Promise<ExecutionResult> {
    const supervisor = this.requireStarted();
    const startedMs = performance.now();
    const result = await this.runChecked(supervisor, request);
    this.logger.info({
      event: 'execution',
      outcome: result.status,
      durationMs: Math.round(performance.now() - startedMs),
      tenant: request.tenant,
      executionId: request.executionId,
      capabilityCalls: result.usage.capabilityCalls,
    });
    return result;
  }

  stats(): IsolateExecutorStats {
    const base = this.supervisor?.stats() ?? emptyStats();
    const isolatesByTenant: Record<string, string[]> = {};
    for (const [tenant, ids] of this.isolatesByTenant) isolatesByTenant[tenant] = [...ids];
    return { ...base, isolatesByTenant };
  }

  /** Kills every worker process and waits until they are gone. */
  async close(): Promise<void> {
    this.closed = true;
    await this.supervisor?.close();
  }

  private async runChecked(
    supervisor: Supervisor,
    request: ExecutionRequest,
  ): Promise<ExecutionResult> {
    const refusal = this.refusal(request);
    if (refusal !== undefined) return denied(request, refusal);
    const inputJson = serializeInput(request.input);
    if (inputJson === undefined) return denied(request, 'input is not JSON-compatible');
    const limits: IsolateLimits = { ...defaultIsolateLimits, ...request.limits };
    const filename = request.language === 'typescript' ? 'user-code.ts' : 'user-code.js';
    const transpiled = transpile(request.code, request.language, filename);
    if (!transpiled.ok) return failed(request.executionId, 'error', transpiled.error);

    const job: WorkerJob = {
      executionId: request.executionId,
      tenant: request.tenant,
      code: transpiled.code,
      filename,
      inputJson,
      capabilityMethods: this.dispatcher.methodsOf(request.capabilities),
      limits,
    };
    return this.runInWorker(supervisor, job, request.capabilities);
  }

  /** Runs a checked job with its capability session open for exactly as long. */
  private async runInWorker(
    supervisor: Supervisor,
    job: WorkerJob,
    granted: string[],
  ): Promise<ExecutionResult> {
    const { executionId, tenant } = job;
    const maxCapabilityCalls = job.limits.maxCapabilityCalls;
    this.active.add(executionId);
    this.dispatcher.open({ tenant, executionId, granted, maxCapabilityCalls });
    try {
      const done = await supervisor.run(job);
      if (done.isolateId !== undefined) this.recordIsolate(tenant, done.isolateId);
      return toResult(executionId, done.outcome, this.dispatcher.close(executionId));
    } catch (error) {
      const message = `the execution could not be handed to a worker: ${String(error)}`;
      return failed(executionId, 'crashed', { name: 'WorkerCrashError', message });
    } finally {
      this.dispatcher.close(executionId);
      this.active.delete(executionId);
    }
  }

  private refusal(request: ExecutionRequest): string | undefined {
    if (typeof request.tenant !== 'string' || request.tenant === '') return 'tenant is empty';
    if (typeof request.executionId !== 'string' || request.executionId === '') {
      return 'executionId is empty';
    }
    if (this.active.has(request.executionId)) {
      return `executionId ${request.executionId} is already running`;
    }
    if (typeof request.code !== 'string') return 'code must be a string';
    if (request.language !== 'javascript' && request.language !== 'typescript') {
      const language = String(request.language);
      return `language ${language} cannot run in an isolate (javascript or typescript)`;
    }
    if (!Array.isArray(request.capabilities)) return 'capabilities must be a list of names';
    const missing = request.capabilities.filter((name) => !this.dispatcher.has(name));
    if (missing.length > 0) {
      return `no implementation for the capabilities ${missing.join(', ')} in this executor`;
    }
    return limitsProblem(request.limits ?? {});
  }

  private recordIsolate(tenant: string, isolateId: string): void {
    const ids = this.isolatesByTenant.get(tenant) ?? new Set<string>();
    this.isolatesByTenant.delete(tenant);
    this.isolatesByTenant.set(tenant, ids);
    if (ids.size < maxTrackedIsolatesPerTenant) ids.add(isolateId);
    if (this.isolatesByTenant.size > maxTrackedTenants) {
      this.isolatesByTenant.delete(this.isolatesByTenant.keys().next().value as string);
    }
  }

  private requireStarted(): Supervisor {
    if (this.closed) throw new UsageError('the isolate executor is closed');
    if (this.supervisor === undefined) {
      throw new UsageError('the isolate executor is not started', { hint: 'await start() first' });
    }
    return this.supervisor;
  }
}

function checkCount(option: string, value: number | undefined, minimum: number): void {
  if (value === undefined || (Number.isInteger(value) && value >= minimum)) return;
  throw new ConfigError(option, `must be a whole number of at least ${minimum}, got ${value}`, {
    hint: `pass ${option} >= ${minimum} or leave it out for the default`,
  });
}

function limitsProblem(limits: Partial<IsolateLimits>): string | undefined {
  for (const [name, value] of Object.entries(limits)) {
    if (!(name in defaultIsolateLimits)) return `limits.${name} is not a known limit`;
    if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
      return `limits.${name} must be a positive number, got ${String(value)}`;
    }
  }
  if ((limits.memoryMb ?? defaultIsolateLimits.memoryMb) < 8)
    return 'limits.memoryMb must be at least 8';
  return undefined;
}

function serializeInput(input: ExecutionRequest['input']): string | undefined {
  try {
    return JSON.stringify(input ?? null);
  } catch {
    return undefined;
  }
}

function toResult(
  executionId: string,
  outcome: WorkerOutcome,
  capabilityCalls: Record<string, number>,
): ExecutionResult {
  return { executionId, ...outcome, usage: { ...outcome.usage, capabilityCalls } };
}

function failed(
  executionId: string,
  status: ExecutionResult['status'],
  error: NonNullable<ExecutionResult['error']>,
): ExecutionResult {
  const usage = { cpuMs: 0, wallMs: 0, heapBytes: 0, capabilityCalls: {} };
  return { executionId, status, logs: [], error, usage };
}

function denied(request: ExecutionRequest, reason: string): ExecutionResult {
  return failed(request.executionId, 'denied', { name: 'DeniedError', message: reason });
}

function emptyStats(): Omit<IsolateExecutorStats, 'isolatesByTenant'> {
  return {
    workers: 0,
    restarts: 0,
    pooledIsolates: 0,
    tenantIsolates: 0,
    activeExecutions: 0,
    workerProcesses: [],
  };
}
