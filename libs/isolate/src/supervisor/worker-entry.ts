import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { AirlockError, ErrorCode } from '@airlock/core';

/**
 * The compiled worker entry, `dist/worker/main.js`. A worker is a plain `node` process,
 * which cannot load TypeScript, so it always runs the build output: next to this file
 * when this file is itself built (`dist/supervisor/`), and `../../dist/worker/main.js`
 * when this file runs from its source under vitest (`src/supervisor/`). Tests therefore
 * build the library first (see `test-helpers.ts`).
 */
export function resolveWorkerEntry(): string {
  const here = import.meta.url;
  const relative = here.endsWith('.ts') ? '../../dist/worker/main.js' : '../worker/main.js';
  const entry = fileURLToPath(new URL(relative, here));
  if (!existsSync(entry)) {
    throw new AirlockError(ErrorCode.Internal, `the isolate worker entry ${entry} does not exist`, {
      hint: 'build the library first: npx tsc -b libs/isolate',
    });
  }
  return entry;
}
