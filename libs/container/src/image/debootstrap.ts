import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { ImageBuildError } from './image-build-error.js';
import type { ImageRecipe } from './recipe.js';

const installHint = 'Install it with scripts/docker-engine.sh (or apt-get install debootstrap).';
const tailLines = 15;

function debootstrapCommand(): string {
  return existsSync('/usr/sbin/debootstrap') ? '/usr/sbin/debootstrap' : 'debootstrap';
}

/**
 * Installs the recipe's Debian base system into `dir` with debootstrap, passing each line
 * it prints to `onLine`. Needs root (debootstrap creates device nodes and chroots).
 */
export function runDebootstrap(
  recipe: ImageRecipe,
  dir: string,
  onLine: (line: string) => void,
): Promise<void> {
  const args = [`--variant=${recipe.variant}`, recipe.suite, dir, recipe.mirror];
  const child = spawn(debootstrapCommand(), args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const recent: string[] = [];
  const collect = (line: string) => {
    recent.push(line);
    if (recent.length > tailLines) recent.shift();
    onLine(line);
  };
  createInterface({ input: child.stdout }).on('line', collect);
  createInterface({ input: child.stderr }).on('line', collect);

  return new Promise((resolve, reject) => {
    child.on('error', (error: NodeJS.ErrnoException) => {
      const missing = error.code === 'ENOENT';
      const message = missing ? 'debootstrap is not installed' : error.message;
      reject(new ImageBuildError('debootstrap', message, { hint: installHint, cause: error }));
    });
    child.on('close', (code, signal) => {
      if (code === 0) return resolve();
      const how = signal === null ? `exited with ${code}` : `was killed by ${signal}`;
      const hint =
        `Check that ${recipe.mirror} is reachable and that the build runs as root; ` +
        `its last lines:\n${recent.join('\n')}`;
      reject(new ImageBuildError('debootstrap', `debootstrap ${how}`, { hint }));
    });
  });
}

/** Mount points at or below `dir`, deepest first (debootstrap mounts /proc and /sys inside). */
async function mountsBelow(dir: string): Promise<string[]> {
  const table = await readFile('/proc/self/mounts', 'utf8');
  return table
    .split('\n')
    .map((line) => (line.split(' ')[1] ?? '').replace(/\\040/g, ' '))
    .filter((point) => point === dir || point.startsWith(`${dir}/`))
    .sort((a, b) => b.length - a.length);
}

/**
 * Removes a debootstrap folder. A debootstrap that was killed can leave the host's /proc or
 * /sys mounted inside it; a recursive delete would then walk into the host's own files, so
 * those are unmounted first, and nothing is deleted while any remains.
 */
export async function removeRootfs(dir: string): Promise<void> {
  for (const point of await mountsBelow(dir)) spawnSync('umount', ['-l', point]);
  const left = await mountsBelow(dir);
  if (left.length > 0) {
    throw new ImageBuildError('debootstrap', `cannot unmount ${left.join(', ')}`, {
      hint: `Unmount them by hand (umount -l <path>), then remove ${dir}.`,
    });
  }
  await rm(dir, { recursive: true, force: true });
}
