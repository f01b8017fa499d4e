import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { defineConfig } from 'vitest/config';

// Tests import libraries by package name; point those names at the sources so a test
// run never depends on a stale build.
const aliasesIn = (folder: string) => {
  const dir = resolve(import.meta.dirname, folder);
  return readdirSync(dir).flatMap((name) => {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, name, 'package.json'), 'utf8'));
      return [{ find: new RegExp(`^${pkg.name}$`), replacement: join(dir, name, 'src/index.ts') }];
    } catch {
      return [];
    }
  });
};
const alias = [...aliasesIn('libs'), ...aliasesIn('apps')];

export default defineConfig({
  resolve: { alias },
  test: {
    include: [
      'libs/*/src/**/*.test.ts',
      'apps/*/src/**/*.test.ts',
      'benchmarks/src/**/*.test.ts',
      'test/**/*.test.ts',
    ],
    pool: 'forks',
    execArgv: ['--no-node-snapshot'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
