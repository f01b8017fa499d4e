import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * For tests that run the real command: the built bin/airlock.js in a child process, as CI
 * and users run it. Test-only; excluded from the build.
 */
export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
export const bin = join(repoRoot, 'apps/cli/bin/airlock.js');

/** A stack frame in output: user errors must never print one. */
export const stackFrame = /\n\s+at .+:\d+:\d+/;

export interface Ran {
  status: number | null;
  stdout: string;
  stderr: string;
}

export interface SpawnOptions {
  input?: string;
  /** Added to the environment (which always gets NO_COLOR). */
  env?: Record<string, string>;
  /** Variables of this process the child must not inherit. */
  unset?: string[];
}

function childEnv({ env = {}, unset = [] }: SpawnOptions): NodeJS.ProcessEnv {
  const inherited: NodeJS.ProcessEnv = { ...process.env };
  for (const name of unset) delete inherited[name];
  return { ...inherited, NO_COLOR: '1', ...env };
}

/** Runs `airlock …args` and waits for it; for tests that need its exit status and output. */
export function airlockSync(args: string[], cwd: string, options: SpawnOptions = {}): Ran {
  const child = spawnSync(process.execPath, [bin, ...args], {
    cwd,
    input: options.input,
    encoding: 'utf8',
    env: childEnv(options),
    timeout: 30_000,
  });
  return { status: child.status, stdout: child.stdout, stderr: child.stderr };
}

/** The same, asynchronous, so one group's tests can run their processes side by side. */
export function airlockAsync(args: string[], cwd: string, options: SpawnOptions = {}) {
  return new Promise<Ran>((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], {
      cwd,
      env: childEnv(options),
      timeout: 30_000,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
    if (options.input !== undefined) child.stdin.end(options.input);
    else child.stdin.end();
  });
}

/** Builds the CLI and what it imports, so the bin runs current code; for `beforeAll`. */
export function buildCli(): void {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const build = spawnSync(process.execPath, [tsc, '-b', 'apps/cli'], {
    cwd: repoRoot,
    encoding: 'utf8',
  });
  if (build.status !== 0) throw new Error(`npx tsc -b apps/cli failed:\n${build.stdout}`);
}
