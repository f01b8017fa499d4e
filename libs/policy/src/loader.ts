import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, relative } from 'node:path';
import { ConfigError } from '@airlock/core';
import { parse as parseYaml } from 'yaml';

export interface PolicySource {
  file: string;
  source: string;
}

export interface LoadedPolicy {
  modules: PolicySource[];
  /** Rego unit-test modules (`*_test.rego`), kept apart so decisions never load them. */
  tests: PolicySource[];
  /** Data files merged into one document: top-level keys of every file, deep-merged. */
  data: Record<string, unknown>;
}

const dataExtensions = new Set(['.json', '.yaml', '.yml']);

function filesUnder(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path, { withFileTypes: true })
    .filter((entry) => !entry.name.startsWith('.'))
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) => filesUnder(join(path, entry.name)));
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Merges `from` into `into`; two files giving different non-object values for a key clash. */
function mergeData(
  into: Record<string, unknown>,
  from: unknown,
  file: string,
  path: string[],
): void {
  if (!isPlainObject(from)) {
    throw new ConfigError(file, 'a data file must hold an object at its top level', {
      hint: 'Write the data as keys, for example `tenants: {…}`.',
    });
  }
  for (const [key, value] of Object.entries(from)) {
    const existing = into[key];
    if (isPlainObject(existing) && isPlainObject(value)) {
      mergeData(existing, value, file, [...path, key]);
    } else if (existing !== undefined) {
      throw new ConfigError(
        `${file}: ${[...path, key].join('.')}`,
        'is also set by another data file',
        {
          hint: 'Give each data key in one file only.',
        },
      );
    } else {
      into[key] = value;
    }
  }
}

function readDataFile(file: string): unknown {
  const text = readFileSync(file, 'utf8');
  try {
    return extname(file) === '.json' ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    throw new ConfigError(file, `is not valid ${extname(file).slice(1).toUpperCase()}`, {
      cause: error,
    });
  }
}

/**
 * Reads Rego modules and data files from files and folders (folders recursively, in
 * name order). File names in the result are relative to `cwd`, as errors will show them.
 */
export function loadPolicy(paths: readonly string[], cwd = process.cwd()): LoadedPolicy {
  const loaded: LoadedPolicy = { modules: [], tests: [], data: {} };
  for (const path of paths) {
    let files: string[];
    try {
      files = filesUnder(path);
    } catch (error) {
      throw new ConfigError(path, 'cannot be read', { cause: error, hint: 'Check the path.' });
    }
    for (const file of files) {
      const name = relative(cwd, file) || file;
      if (file.endsWith('.rego')) {
        const target = file.endsWith('_test.rego') ? loaded.tests : loaded.modules;
        target.push({ file: name, source: readFileSync(file, 'utf8') });
      } else if (dataExtensions.has(extname(file))) {
        mergeData(loaded.data, readDataFile(file), name, []);
      }
    }
  }
  return loaded;
}
