import { UsageError } from '@airlock/core';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { displayPath, expandInputs } from './expand-inputs.js';
import { tempProject } from './test-helpers.js';

const project = tempProject({
  'src/a.js': '',
  'src/b.ts': '',
  'src/nested/c.tsx': '',
  'src/nested/d.mjs': '',
  'src/e.cjs': '',
  'src/f.mts': '',
  'src/g.cts': '',
  'src/h.jsx': '',
  'src/readme.md': '',
  'src/data.json': '',
  'src/node_modules/pkg/index.js': '',
  'src/dist/bundle.js': '',
  'src/.cache/tmp.js': '',
  'lib/only.txt': '',
  'scripts/build.sh': '',
});

async function shown(args: string[]): Promise<string[]> {
  const { files } = await expandInputs(args, project);
  return files.map((file) => displayPath(file, project));
}

async function usageError(args: string[]): Promise<UsageError> {
  const error = await expandInputs(args, project).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(UsageError);
  return error as UsageError;
}

describe('expandInputs', () => {
  it('walks a folder for every source extension, skipping node_modules, dist and dot-folders', async () => {
    expect(await shown(['src'])).toEqual([
      'src/a.js',
      'src/b.ts',
      'src/e.cjs',
      'src/f.mts',
      'src/g.cts',
      'src/h.jsx',
      'src/nested/c.tsx',
      'src/nested/d.mjs',
    ]);
  });

  // A glob says what it wants, so only node_modules and dot-folders are left out of it.
  it('matches globs, skipping node_modules and dot-folders but not dist', async () => {
    expect(await shown(['src/**/*.js'])).toEqual(['src/a.js', 'src/dist/bundle.js']);
    expect(await shown(['src/*.{ts,mts}'])).toEqual(['src/b.ts', 'src/f.mts']);
    expect((await usageError(['**/index.js'])).message).toBe('**/index.js: no files matched');
  });

  it('lints a file named explicitly whatever its extension', async () => {
    expect(await shown(['scripts/build.sh'])).toEqual(['scripts/build.sh']);
  });

  it('lists each file once however often it is named', async () => {
    expect(await shown(['src/a.js', 'src', './src/a.js'])).toHaveLength(8);
  });

  it('recognises - as standard input', async () => {
    expect(await expandInputs(['-'], project)).toEqual({ files: [], stdin: true });
  });

  it('rejects a path that does not exist', async () => {
    expect((await usageError(['src/missing.js'])).message).toBe(
      'src/missing.js: no such file or folder',
    );
  });

  it('rejects a folder without sources and a glob matching nothing', async () => {
    expect((await usageError(['lib'])).message).toBe('lib: no files matched');
    expect((await usageError(['src/**/*.py'])).message).toBe('src/**/*.py: no files matched');
  });
});

describe('displayPath', () => {
  it('shows paths inside the working directory relative, others absolute', () => {
    expect(displayPath(join(project, 'src', 'a.js'), project)).toBe('src/a.js');
    expect(displayPath('/elsewhere/x.js', project)).toBe('/elsewhere/x.js');
  });
});
