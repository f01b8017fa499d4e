import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildIsolateLibrary } from '../test-helpers.js';

const guardModule = fileURLToPath(new URL('../../dist/worker/sync-guard.js', import.meta.url));

/** A process that busy-waits `callMs` inside a guarded call given `timeoutMs`. */
function runGuarded(callMs: number, timeoutMs: number) {
  const script = `import { SyncGuard } from ${JSON.stringify(guardModule)};
    const guard = new SyncGuard();
    await new Promise((resolve) => setTimeout(resolve, 200));
    guard.run(${timeoutMs}, () => {
      const endMs = Date.now() + ${callMs};
      while (Date.now() < endMs) {}
    });
    process.stdout.write('returned');`;
  return spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    encoding: 'utf8',
    timeout: 30_000,
  });
}

beforeAll(buildIsolateLibrary, 180_000);

describe('SyncGuard', () => {
  it('kills the process when a call outlives its timeout by far', () => {
    const startedMs = performance.now();

    const result = runGuarded(20_000, 100);

    expect(result.signal).toBe('SIGKILL');
    expect(result.stdout).toBe('');
    expect(performance.now() - startedMs).toBeLessThan(10_000);
  });

  it('leaves a call alone that ends within its timeout', () => {
    const result = runGuarded(50, 200);

    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toBe('returned');
  });
});
