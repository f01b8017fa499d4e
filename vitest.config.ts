import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { defineConfig } from 'vitest/config';

// Tests import libraries by package name; point those names at the sources so a test
// run never depends on a stale build.
const libsDir = resolve(import.meta.dirname, 'libs');
const alias = readdirSync(libsDir).flatMap((dir) => {
  try {
    const pkg = JSON.parse(readFileSync(join(libsDir, dir, 'package.json'), 'utf8'));
    return [{ find: new RegExp(`^${pkg.name}$`), replacement: join(libsDir, dir, 'src/index.ts') }];
  } catch {
    return [];
  }
});

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
