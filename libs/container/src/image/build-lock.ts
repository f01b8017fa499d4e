import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { ImageBuildError } from './image-build-error.js';

const pollMs = 1_000;
/** A lock folder without an owner file this old was left by a process that died at once. */
const ownerlessStaleMs = 10_000;

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function isStale(lockDir: string): Promise<boolean> {
  try {
    const pid = Number(await readFile(join(lockDir, 'owner'), 'utf8'));
    return !Number.isInteger(pid) || !isAlive(pid);
  } catch {
    const info = await stat(lockDir).catch(() => undefined);
    return info !== undefined && Date.now() - info.mtimeMs > ownerlessStaleMs;
  }
}

async function tryAcquire(lockDir: string): Promise<boolean> {
  try {
    await mkdir(lockDir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    if (await isStale(lockDir)) await rm(lockDir, { recursive: true, force: true });
    return false;
  }
  await writeFile(join(lockDir, 'owner'), String(process.pid));
  return true;
}

/**
 * Runs `work` while holding a machine-wide lock named `key`, so test files and CLI runs in
 * separate processes build an image once instead of side by side. `onWait` is called once
 * when another process holds the lock.
 * NOTE: a lock whose owner died is taken over; two waiters taking over the same dead lock at
 * the same instant can both build. That costs time, not correctness: both tag equal images.
 */
export async function withBuildLock<T>(
  key: string,
  options: { timeoutMs: number; onWait: () => void },
  work: () => Promise<T>,
): Promise<T> {
  const lockDir = join(tmpdir(), `airlock-image-build-${key}.lock`);
  const deadlineMs = Date.now() + options.timeoutMs;
  let waited = false;
  while (!(await tryAcquire(lockDir))) {
    if (!waited) options.onWait();
    waited = true;
    if (Date.now() > deadlineMs) {
      throw new ImageBuildError('build', `another process held ${lockDir} too long`, {
        hint: 'If no image build is running, remove that folder and build again.',
      });
    }
    await sleep(pollMs);
  }
  try {
    return await work();
  } finally {
    await rm(lockDir, { recursive: true, force: true });
  }
}
