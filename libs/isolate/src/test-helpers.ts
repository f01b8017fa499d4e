import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, rmdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { silentLogger } from '@airlock/core';
import { IsolateExecutor, type IsolateExecutorOptions } from './executor.js';
import type { Capability, ExecutionRequest } from './types.js';

const libraryDir = fileURLToPath(new URL('..', import.meta.url));
const sourceDir = fileURLToPath(new URL('.', import.meta.url));
const distDir = fileURLToPath(new URL('../dist', import.meta.url));
const buildInfo = fileURLToPath(new URL('../tsconfig.tsbuildinfo', import.meta.url));
const workerEntry = fileURLToPath(new URL('../dist/worker/main.js', import.meta.url));
const lockDir = fileURLToPath(new URL('../dist/.test-build.lock', import.meta.url));
/** A lock older than this was left by a test run that died. */
const staleLockMs = 120_000;

/**
 * Worker processes run the compiled `dist/worker/main.js` (plain node cannot load
 * TypeScript), so executor tests build the library first, unless every source the worker
 * runs is older than its output (as after `npm test`'s own build). Test files run in
 * parallel processes, so one build at a time, under a lock.
 */
export async function buildIsolateLibrary(): Promise<void> {
  if (workerBuildIsCurrent()) return;
  mkdirSync(fileURLToPath(new URL('../dist', import.meta.url)), { recursive: true });
  while (!tryLock()) await new Promise((resolve) => setTimeout(resolve, 200));
  if (workerBuildIsCurrent()) {
    rmdirSync(lockDir);
    return;
  }
  try {
    execFileSync('npx', ['tsc', '-b', libraryDir], { stdio: 'pipe', timeout: 300_000 });
  } catch (error) {
    // tsc still writes its output when another file has a type error; run on it then.
    if (!existsSync(workerEntry)) throw error;
  } finally {
    rmdirSync(lockDir);
  }
}

/**
 * The worker runs `worker/`, `sandbox/` and `types.ts`; each must have an output and be
 * older than it or than the last build (tsc leaves an output alone when it would not change).
 */
function workerBuildIsCurrent(): boolean {
  const builtMs = statSync(buildInfo, { throwIfNoEntry: false })?.mtimeMs ?? 0;
  const sources = ['worker', 'sandbox'].flatMap((dir) =>
    readdirSync(join(sourceDir, dir))
      .filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts'))
      .map((name) => join(dir, name)),
  );
  return [...sources, 'types.ts'].every((source) => {
    const outputPath = join(distDir, source.replace(/\.ts$/, '.js'));
    const output = statSync(outputPath, { throwIfNoEntry: false });
    const sourceMs = statSync(join(sourceDir, source)).mtimeMs;
    return output !== undefined && Math.max(output.mtimeMs, builtMs) >= sourceMs;
  });
}

function tryLock(): boolean {
  try {
    mkdirSync(lockDir);
    return true;
  } catch {
    const lock = statSync(lockDir, { throwIfNoEntry: false });
    if (lock !== undefined && Date.now() - lock.mtimeMs > staleLockMs)
      rmSync(lockDir, { force: true, recursive: true });
    return false;
  }
}

let executionCounter = 0;

/** A JavaScript request for `tenant` with fresh ids, no capabilities and default limits. */
export function request(code: string, overrides: Partial<ExecutionRequest> = {}): ExecutionRequest {
  executionCounter += 1;
  return {
    executionId: `test-${process.pid}-${executionCounter}`,
    tenant: 'tenant-a',
    code,
    language: 'javascript',
    capabilities: [],
    ...overrides,
  };
}

/** A tiny capability for tests: `echo.say` answers its call, `echo.never` never settles. */
export const echoCapability: Capability = {
  name: 'echo',
  methods: {
    say: (context, args) => ({ tenant: context.tenant, executionId: context.executionId, args }),
    never: () => new Promise(() => undefined),
    fail: () => {
      throw new Error('echo failed on purpose');
    },
    note: (context, args) => {
      context.appendLog?.({ level: 'info', message: String(args[0]) });
      return null;
    },
  },
};

/** Whether a process with this id still exists. */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Builds the library, then starts an executor: one worker, the echo capability and a
 * silent logger unless `options` say otherwise. The caller closes it.
 */
export async function startTestExecutor(
  options: IsolateExecutorOptions = {},
): Promise<IsolateExecutor> {
  await buildIsolateLibrary();
  const executor = new IsolateExecutor({
    workers: 1,
    capabilities: [echoCapability],
    logger: silentLogger,
    ...options,
  });
  await executor.start();
  return executor;
}
