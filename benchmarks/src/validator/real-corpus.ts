import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultLimits } from '@airlock/validator';

/**
 * Published JavaScript from packages the workspace already installs, read at run time
 * (never copied into this repository). Each entry is a folder under node_modules and the
 * file endings to take from it; folders of packages that are missing are skipped.
 */
const sources: ReadonlyArray<{ dir: string; endings: readonly string[] }> = [
  { dir: 'acorn/dist', endings: ['acorn.js'] },
  { dir: 'tinyglobby/dist', endings: ['.mjs'] },
  { dir: 'commander/lib', endings: ['.js'] },
  { dir: 'zod/v4/core', endings: ['.js'] },
  { dir: 'zod/v4/classic', endings: ['.js'] },
  { dir: 'yaml/dist', endings: ['.js'] },
  { dir: 'ajv/dist', endings: ['.js'] },
  { dir: 'pino/lib', endings: ['.js'] },
  { dir: 'undici/lib', endings: ['.js'] },
  { dir: 'eslint-scope/lib', endings: ['.js'] },
  { dir: 'espree/dist', endings: ['.cjs'] },
  { dir: 'semver', endings: ['.js'] },
  { dir: 'picomatch/lib', endings: ['.js'] },
];

export interface SourceFile {
  /** Path relative to node_modules. */
  name: string;
  text: string;
  bytes: number;
}

function findNodeModules(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'node_modules');
    if (existsSync(join(candidate, 'acorn'))) return candidate;
    const parent = dirname(dir);
    if (parent === dir) throw new Error('node_modules not found above the benchmarks folder.');
    dir = parent;
  }
}

function listFiles(dir: string, endings: readonly string[]): string[] {
  if (!existsSync(dir)) return [];
  const entries = readdirSync(dir, { recursive: true, encoding: 'utf8' });
  return entries
    .filter((entry) => !entry.split(/[\\/]/).includes('node_modules'))
    .filter((entry) => endings.some((ending) => entry.endsWith(ending)))
    .map((entry) => join(dir, entry))
    .filter((path) => statSync(path).isFile())
    .sort();
}

/** Minified files are one long line; nobody reviews them as source. */
function looksMinified(name: string, text: string): boolean {
  if (name.includes('.min.')) return true;
  const lines = text.split('\n').length;
  return text.length / lines > 200;
}

/**
 * Reads the corpus: every listed file that is not minified and is within the validator's
 * default limits (256 KiB, 10,000 lines), since larger files are refused before parsing.
 */
export function readRealCorpus(): SourceFile[] {
  const root = findNodeModules();
  const files: SourceFile[] = [];
  for (const { dir, endings } of sources) {
    for (const path of listFiles(join(root, dir), endings)) {
      const text = readFileSync(path, 'utf8');
      const bytes = Buffer.byteLength(text);
      const name = relative(root, path);
      if (bytes > defaultLimits.maxBytes || text.split('\n').length > defaultLimits.maxLines)
        continue;
      if (looksMinified(name, text)) continue;
      files.push({ name, text, bytes });
    }
  }
  return files;
}
