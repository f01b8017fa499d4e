/**
 * A real IsolateExecutor for the adversarial suites, granted `log`, `kv` (a SQLite file in
 * a temp dir) and a test capability `probe`, with a canary secret in the host environment.
 * Threat model: every payload is untrusted code; what it returns, logs or throws must hold
 * no host object, no host path and never the canary.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '@airlock/core';
import {
  IsolateExecutor,
  createKvCapability,
  createLogCapability,
  defineCapability,
  type ExecutionRequest,
  type ExecutionResult,
  type IsolateExecutorOptions,
  type KvCapability,
} from '@airlock/isolate';
import { expect } from 'vitest';
import { z } from 'zod';
import { buildIsolateLibrary } from '../../libs/isolate/src/test-helpers.js';

/** Set in the host before the executor starts; must never reach any result. */
export const canary = `canary-${randomBytes(12).toString('hex')}`;

/** Strings that only a host object, a host stack or a host file could put in a result. */
const hostMarkers = ['/work/', 'node_modules', 'node:internal', 'isolated-vm', 'dist/worker'];

export const grantedCapabilities = ['log', 'kv', 'probe'];

/** `probe.echo(x)` answers x; `probe.fail()` rejects; `probe.tenant()` names the caller. */
const probeCapability = defineCapability({
  name: 'probe',
  methods: {
    echo: { args: z.tuple([z.unknown()]), handler: (_context, [value]) => value ?? null },
    fail: {
      args: z.tuple([]),
      handler: () => {
        throw new Error('probe failed on purpose');
      },
    },
    tenant: { args: z.tuple([]), handler: (context) => context.tenant },
  },
});

export interface AttackRig {
  executor: IsolateExecutor;
  kv: KvCapability;
  run(code: string, overrides?: Partial<ExecutionRequest>): Promise<ExecutionResult>;
  close(): Promise<void>;
}

let executionCounter = 0;

/** Builds the library (workers run its dist), sets the canary and starts an executor. */
export async function startAttackRig(
  options: Omit<IsolateExecutorOptions, 'capabilities'> = {},
): Promise<AttackRig> {
  process.env.AIRLOCK_CANARY = canary;
  await buildIsolateLibrary();
  const dir = mkdtempSync(join(tmpdir(), 'airlock-attacks-'));
  const kv = createKvCapability({ file: join(dir, 'kv.db') });
  const log = createLogCapability({ logger: silentLogger });
  const executor = new IsolateExecutor({
    workers: 1,
    logger: silentLogger,
    ...options,
    capabilities: [log, kv, probeCapability],
  });
  await executor.start();

  const run = (code: string, overrides: Partial<ExecutionRequest> = {}) => {
    executionCounter += 1;
    return executor.execute({
      executionId: `attack-${process.pid}-${executionCounter}`,
      tenant: 'tenant-attacker',
      code,
      language: 'javascript',
      input: { greeting: 'hello', list: [1, 2, 3] },
      capabilities: grantedCapabilities,
      ...overrides,
    });
  };
  const close = async () => {
    await executor.close();
    kv.close();
    rmSync(dir, { recursive: true, force: true });
  };
  return { executor, kv, run, close };
}

/** No canary, no host path or frame anywhere in the result, and the host is unpolluted. */
export function expectNothingLeaked(result: ExecutionResult): void {
  const text = JSON.stringify(result);
  expect(text).not.toContain(canary);
  for (const marker of hostMarkers) expect(text).not.toContain(marker);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
}

/** The environment of a live process, from /proc, as one string. */
export function processEnvironment(pid: number): string {
  return readFileSync(`/proc/${pid}/environ`, 'utf8');
}
