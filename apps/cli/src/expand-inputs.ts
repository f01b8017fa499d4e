import { stat } from 'node:fs/promises';
import { relative, resolve, sep } from 'node:path';
import { UsageError } from '@airlock/core';
import { glob, isDynamicPattern } from 'tinyglobby';

/** The extensions a folder is searched for. Files named explicitly are linted whatever they are. */
export const sourceExtensions = ['js', 'mjs', 'cjs', 'jsx', 'ts', 'mts', 'cts', 'tsx'];

const folderPattern = `**/*.{${sourceExtensions.join(',')}}`;

/** Never searched inside a folder: dependencies and build output. Dot-folders are skipped too. */
const skippedFolders = ['**/node_modules/**', '**/dist/**'];

/** The argument that stands for standard input. */
export const stdinArgument = '-';

export interface ExpandedInputs {
  /** Absolute paths, sorted, each once. */
  files: string[];
  /** Whether `-` was among the arguments. */
  stdin: boolean;
}

async function kindOf(path: string): Promise<'file' | 'folder' | undefined> {
  try {
    const info = await stat(path);
    if (info.isDirectory()) return 'folder';
    return info.isFile() ? 'file' : undefined;
  } catch {
    return undefined;
  }
}

async function expandOne(argument: string, cwd: string): Promise<string[]> {
  const path = resolve(cwd, argument);
  const kind = await kindOf(path);
  if (kind === 'file') return [path];
  if (kind === 'folder') {
    return glob(folderPattern, { cwd: path, absolute: true, dot: false, ignore: skippedFolders });
  }
  if (isDynamicPattern(argument)) {
    return glob(argument, { cwd, absolute: true, dot: false, ignore: ['**/node_modules/**'] });
  }
  throw new UsageError(`${argument}: no such file or folder`, {
    hint: 'Give files, folders or quoted globs such as "src/**/*.ts".',
  });
}

/**
 * Turns the command line's arguments into files: a file as it is, a folder searched for
 * JavaScript and TypeScript sources (skipping node_modules, dist and dot-folders), a glob
 * matched with tinyglobby (skipping node_modules and dot-folders: a glob that names dist
 * gets it), `-` for standard input. An argument that yields no file is a usage error,
 * since linting nothing is almost always a mistake in CI.
 */
export async function expandInputs(args: readonly string[], cwd: string): Promise<ExpandedInputs> {
  const files = new Set<string>();
  let stdin = false;
  for (const argument of args) {
    if (argument === stdinArgument) {
      stdin = true;
      continue;
    }
    const matched = await expandOne(argument, cwd);
    if (matched.length === 0) {
      throw new UsageError(`${argument}: no files matched`, {
        hint: `Folders are searched for .${sourceExtensions.join(' .')} files outside node_modules, dist and dot-folders.`,
      });
    }
    for (const file of matched) files.add(resolve(file));
  }
  return { files: [...files].sort(), stdin };
}

/** A path as the user should see it: relative to `cwd` when inside it, with forward slashes. */
export function displayPath(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  const shown = rel === '' || rel.startsWith('..') ? path : rel;
  return shown.split(sep).join('/');
}
