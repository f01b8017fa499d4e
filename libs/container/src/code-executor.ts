/**
 * Runs one piece of generated code in a fresh container when the policy picks the container
 * executor (`runtime: "container"`): the same `(input, env)` module contract as the isolate
 * executor, with a real file system, processes and node's standard library. Threat model:
 * the sandbox is created for this execution only and destroyed in a finally; what the code
 * can reach is the sandbox's hardening (no network, no capabilities, limits), not this file.
 */
import { randomBytes } from 'node:crypto';
import {
  defaultIsolateLimits,
  transpile,
  type ExecutionRequest,
  type ExecutionResult,
  type Json,
  type LogEntry,
} from '@airlock/isolate';
import type { ExecResult, SandboxService } from './types.js';

const resultPath = '/tmp/.airlock-result.json';
const modulePath = '/workspace/main.mjs';
const harnessPath = '/workspace/.airlock-harness.mjs';

/**
 * Reads the input from stdin, captures console output, calls the default export with an
 * empty `env` (containers get no capability bindings) and writes the outcome as JSON.
 */
const harness = `import { readFileSync, writeFileSync } from 'node:fs';
const logs = [];
for (const level of ['log', 'info', 'warn', 'error', 'debug']) {
  console[level] = (...parts) =>
    logs.push({ level, source: 'console', message: parts.map(String).join(' ') });
}
const write = (outcome) =>
  writeFileSync(${JSON.stringify(resultPath)}, JSON.stringify({ ...outcome, logs }));
try {
  const input = JSON.parse(readFileSync(0, 'utf8') || 'null');
  const module = await import(${JSON.stringify(modulePath)});
  const value = await module.default(input, Object.freeze({}));
  write({ ok: true, value: value === undefined ? null : value });
} catch (error) {
  const name = typeof error?.name === 'string' ? error.name : 'Error';
  const message = String(error?.message ?? error);
  write({ ok: false, error: { name, message, stack: String(error?.stack ?? '') } });
  process.exitCode = 1;
}
`;

interface HarnessOutcome {
  ok: boolean;
  value?: Json;
  error?: { name: string; message: string; stack: string };
  logs: LogEntry[];
}

/** Executes requests in one-off sandboxes of `service`; shaped like the isolate executor. */
export class ContainerCodeExecutor {
  constructor(private readonly service: SandboxService) {}

  async execute(request: ExecutionRequest): Promise<ExecutionResult> {
    const limits = { ...defaultIsolateLimits, ...request.limits };
    const transpiled = transpile(request.code, request.language, 'main.ts');
    if (!transpiled.ok) return this.result(request, 'error', 0, { error: transpiled.error });
    const name = `run-${randomBytes(6).toString('hex')}`;
    const { tenant } = request;
    await this.service.create({
      tenant,
      name,
      limits: { memoryMb: limits.memoryMb, maxLifetimeMs: limits.wallTimeMs + 60_000 },
    });
    try {
      await this.service.writeFile(tenant, name, modulePath, Buffer.from(transpiled.code));
      await this.service.writeFile(tenant, name, harnessPath, Buffer.from(harness));
      const ran = await this.service.exec(tenant, name, ['node', harnessPath], {
        stdin: JSON.stringify(request.input ?? null),
        timeoutMs: limits.wallTimeMs,
        maxOutputBytes: limits.maxOutputBytes,
      });
      return await this.outcome(request, name, ran);
    } finally {
      await this.service.destroy(tenant, name).catch(() => undefined);
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
