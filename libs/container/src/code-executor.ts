/**
 * Runs one piece of generated code in a fresh container when the policy picks the container
 * executor (`runtime: "container"`): the same `(input, env)` module contract as the isolate
 * executor, with a real file system, processes and node's standard library. Threat model:
 * the sandbox is created for this execution only and destroyed in a finally; what the code
 * can reach is the sandbox's hardening (no capabilities, limits, and no network unless
 * `fetch` was granted: then only the egress proxy, with a credential for the granted hosts).
 */
import { randomBytes } from 'node:crypto';
import {
  defaultIsolateLimits,
  transpile,
  type ExecutionRequest,
  type ExecutionResult,
  type FetchGrant,
  type Json,
  type LogEntry,
} from '@airlock/isolate';
import type { ExecResult, SandboxEgress, SandboxService } from './types.js';

const resultPath = '/tmp/.airlock-result.json';
const modulePath = '/workspace/main.mjs';
const harnessPath = '/workspace/.airlock-harness.mjs';

/**
 * Reads `{ input, fetch }` from stdin, captures console output, calls the default export and
 * writes the outcome as JSON. `env` holds `fetch` when it was granted: Node's fetch, which
 * the image's preload (`proxy-fetch.cjs`) sends through the egress proxy of the sandbox.
 */
const harness = `import { readFileSync, writeFileSync } from 'node:fs';
const logs = [];
for (const level of ['log', 'info', 'warn', 'error', 'debug']) {
  console[level] = (...parts) =>
    logs.push({ level, source: 'console', message: parts.map(String).join(' ') });
}
const write = (outcome) =>
  writeFileSync(${JSON.stringify(resultPath)}, JSON.stringify({ ...outcome, logs }));
// the image's preload has made it go through the proxy; taken before user code can touch it
const proxiedFetch = globalThis.fetch;
try {
  const { input, fetch } = JSON.parse(readFileSync(0, 'utf8'));
  const env = Object.freeze(fetch ? { fetch: (url, init) => proxiedFetch(url, init) } : {});
  const module = await import(${JSON.stringify(modulePath)});
  const value = await module.default(input, env);
  write({ ok: true, value: value === undefined ? null : value });
} catch (error) {
  const name = typeof error?.name === 'string' ? error.name : 'Error';
  const message = String(error?.message ?? error);
  write({ ok: false, error: { name, message, stack: String(error?.stack ?? '') } });
  process.exitCode = 1;
}
`;

/** Issues a sandbox its proxy credential for a grant (the gateway's `ContainerEgress`). */
export interface SandboxEgressIssuer {
  grant(
    tenant: string,
    name: string,
    hosts: string[],
    secrets: Record<string, string[]>,
    executionId?: string,
  ): { egress: SandboxEgress; revoke: () => void } | undefined;
}

interface HarnessOutcome {
  ok: boolean;
  value?: Json;
  error?: { name: string; message: string; stack: string };
  logs: LogEntry[];
}

/**
 * Executes requests in one-off sandboxes of `service`; shaped like the isolate executor. With
 * `egress`, a request granted `fetch` runs on the egress network with a credential for exactly
 * the granted hosts, revoked when it ends; without it, `fetch` is not offered.
 */
export class ContainerCodeExecutor {
  constructor(
    private readonly service: SandboxService,
    private readonly egress?: SandboxEgressIssuer,
  ) {}

  async execute(
    request: ExecutionRequest,
    grant?: Pick<FetchGrant, 'hosts' | 'secrets'>,
  ): Promise<ExecutionResult> {
    const limits = { ...defaultIsolateLimits, ...request.limits };
    const transpiled = transpile(request.code, request.language, 'main.ts');
    if (!transpiled.ok) return this.result(request, 'error', 0, { error: transpiled.error });
    if (grant !== undefined && this.egress === undefined) {
      const message = 'fetch needs the egress network, which this container executor was not given';
      return this.result(request, 'denied', 0, { error: { name: 'EgressError', message } });
    }
    const name = `run-${randomBytes(6).toString('hex')}`;
    const { tenant } = request;
    const granted =
      grant && this.egress?.grant(tenant, name, grant.hosts, grant.secrets, request.executionId);
    try {
      await this.service.create({
        tenant,
        name,
        limits: { memoryMb: limits.memoryMb, maxLifetimeMs: limits.wallTimeMs + 60_000 },
        ...(granted === undefined ? {} : { egress: granted.egress }),
      });
      await this.service.writeFile(tenant, name, modulePath, Buffer.from(transpiled.code));
      await this.service.writeFile(tenant, name, harnessPath, Buffer.from(harness));
      const stdin = { input: request.input ?? null, fetch: granted !== undefined };
      const ran = await this.service.exec(tenant, name, ['node', harnessPath], {
        stdin: JSON.stringify(stdin),
        timeoutMs: limits.wallTimeMs,
        maxOutputBytes: limits.maxOutputBytes,
      });
      return await this.outcome(request, name, ran);
    } finally {
      // a create that failed leaves nothing to destroy: not_found is ignored
      await this.service.destroy(tenant, name).catch(() => undefined);
      granted?.revoke();
    }
  }

  private async outcome(request: ExecutionRequest, name: string, ran: ExecResult) {
    if (ran.timedOut) return this.result(request, 'timeout', ran.durationMs, {});
    const outcome = await this.readOutcome(request.tenant, name);
    if (outcome === undefined) {
      // No outcome written: the process was killed, by the memory limit when it says 137.
      const status = ran.exitCode === 137 ? 'memory' : 'crashed';
      const message = `node exited with code ${ran.exitCode}: ${ran.stderr.slice(-500)}`;
      const error = { name: status === 'memory' ? 'MemoryLimitError' : 'CrashError', message };
      return this.result(request, status, ran.durationMs, { error });
    }
    const logs = outcome.logs.slice(0, 1_000);
    if (!outcome.ok)
      return this.result(request, 'error', ran.durationMs, { logs, error: outcome.error });
    return this.result(request, 'ok', ran.durationMs, { logs, value: outcome.value });
  }

  private async readOutcome(tenant: string, name: string): Promise<HarnessOutcome | undefined> {
    try {
      const bytes = await this.service.readFile(tenant, name, resultPath);
      return JSON.parse(Buffer.from(bytes).toString('utf8')) as HarnessOutcome;
    } catch {
      return undefined;
    }
  }

  private result(
    request: ExecutionRequest,
    status: ExecutionResult['status'],
    wallMs: number,
    parts: Partial<Pick<ExecutionResult, 'value' | 'logs' | 'error'>>,
  ): ExecutionResult {
    return {
      executionId: request.executionId,
      status,
      logs: parts.logs ?? [],
      ...(parts.value === undefined ? {} : { value: parts.value }),
      ...(parts.error === undefined ? {} : { error: parts.error }),
      usage: { cpuMs: 0, wallMs, heapBytes: 0, capabilityCalls: {} },
    };
  }
}
