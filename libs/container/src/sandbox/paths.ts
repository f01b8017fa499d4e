/**
 * Threat model: a caller names a path to escape the sandbox's writable folders. The container
 * itself confines the user (read-only root, no host mounts); this module keeps the file API to
 * `/workspace` and `/tmp`, so a mistake here cannot reach beyond the container either.
 */
import { posix } from 'node:path';
import { InvalidInputError } from '@airlock/core';
import { tmpDir, workspaceDir } from './host-config.js';

const roots = [workspaceDir, tmpDir];

/**
 * An absolute, normalised path inside `/workspace` or `/tmp`; relative paths start at `/workspace`.
 * NOTE: the check is on the name only; a symlink the sandbox made inside `/workspace` is followed
 * by the read and write inside the container, so it reaches whatever the sandbox user can
 * reach in its own container (the read-only image), never the host.
 */
export function resolveSandboxPath(path: unknown, options: { allowRoot: boolean }): string {
  if (typeof path !== 'string' || path.length === 0 || path.length > 4096 || path.includes('\0')) {
    throw new InvalidInputError('path', 'expected a non-empty path without NUL bytes', {
      hint: 'Give a path relative to /workspace, or an absolute one under /workspace or /tmp.',
    });
  }
  const absolute = posix.normalize(posix.isAbsolute(path) ? path : posix.join(workspaceDir, path));
  const trimmed = absolute.length > 1 ? absolute.replace(/\/+$/, '') : absolute;
  const root = roots.find((r) => trimmed === r || trimmed.startsWith(`${r}/`));
  if (root === undefined || (!options.allowRoot && trimmed === root)) {
    throw new InvalidInputError('path', `${JSON.stringify(path)} is outside /workspace and /tmp`, {
      hint: 'Files can be written and read only under /workspace or /tmp.',
    });
  }
  return trimmed;
}
