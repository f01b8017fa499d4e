import { silentLogger } from '@airlock/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IsolateExecutor } from './executor.js';
import { isProcessAlive, request, startTestExecutor } from './test-helpers.js';

let executor: IsolateExecutor;

beforeAll(async () => {
  executor = await startTestExecutor({ workers: 2, poolSize: 2 });
}, 180_000);

afterAll(async () => {
  await executor.close();
});

async function expectNextTenantSucceeds(): Promise<void> {
  const next = await executor.execute(
    request('export default () => "still alive"', { tenant: 'tenant-next' }),
  );
  expect(next).toMatchObject({ status: 'ok', value: 'still alive' });
}

describe('IsolateExecutor: time limits', () => {
  it('ends an endless loop at its CPU budget', async () => {
    const startedMs = performance.now();
    const result = await executor.execute(
      request('export default () => { while (true) {} }', { limits: { timeoutMs: 100 } }),
    );
    expect(result.status).toBe('timeout');
    expect(performance.now() - startedMs).toBeLessThan(5_000);
    expect(result.usage.cpuMs).toBeGreaterThanOrEqual(90);
    await expectNextTenantSucceeds();
  });

  it('ends an endless loop that starts after an awaited capability call', async () => {
    const code = 'export default async (input, env) => { await env.echo.say(); while (true) {} }';
    const startedMs = performance.now();
    const result = await executor.execute(
      request(code, { capabilities: ['echo'], limits: { timeoutMs: 100 } }),
    );
    expect(result.status).toBe('timeout');
    expect(performance.now() - startedMs).toBeLessThan(5_000);
  });

  it('ends an endless microtask chain', async () => {
    const code =
      'export default () => { const spin = () => Promise.resolve().then(spin); return spin(); }';
    const result = await executor.execute(request(code, { limits: { timeoutMs: 100 } }));
    expect(result.status).toBe('timeout');
  });

  it('ends a capability call that never answers at the wall time', async () => {
    const code = 'export default async (input, env) => env.echo.never()';
    const startedMs = performance.now();
    const result = await executor.execute(
      request(code, { capabilities: ['echo'], limits: { wallTimeMs: 200 } }),
    );
    expect(result.status).toBe('timeout');
    expect(result.usage.capabilityCalls).toEqual({ echo: 1 });
    expect(performance.now() - startedMs).toBeLessThan(5_000);
  });

  it('ends a promise that never settles at the wall time', async () => {
    const code = 'export default () => new Promise(() => {})';
    const result = await executor.execute(request(code, { limits: { wallTimeMs: 200 } }));
    expect(result.status).toBe('timeout');
    expect(result.usage.wallMs).toBeGreaterThanOrEqual(190);
  });
});

describe('IsolateExecutor: output floods', () => {
  it('ends a console flood within its limits and keeps the first lines', async () => {
    const code = 'export default () => { for (;;) console.log("flood"); }';
    const startedMs = performance.now();
    const result = await executor.execute(request(code, { limits: { timeoutMs: 200 } }));
    expect(result.status).toBe('timeout');
    expect(performance.now() - startedMs).toBeLessThan(5_000);
    expect(result.logs[0]).toEqual({ level: 'log', source: 'console', message: 'flood' });
    expect(result.logs.at(-1)?.message).toContain('output truncated');
    await expectNextTenantSucceeds();
  });

  it('refuses a giant result without copying it out', async () => {
    const code = 'export default () => "x".repeat(20 * 1024 * 1024)';
    const result = await executor.execute(request(code, { limits: { memoryMb: 128 } }));
    expect(result.status).toBe('error');
    expect(result.error?.message).toBe('result exceeds maxOutputBytes');
  });
});

describe('IsolateExecutor: memory and crashes', () => {
  it('ends a growing heap at the memory limit', async () => {
    const code =
      'export default () => { const a = []; while (true) a.push({ n: a.length, s: "x" + a.length }); }';
    const result = await executor.execute(
      request(code, { limits: { memoryMb: 16, timeoutMs: 10_000, wallTimeMs: 20_000 } }),
    );
    expect(['memory', 'crashed']).toContain(result.status);
    await expectNextTenantSucceeds();
  });

  it('refuses typed arrays beyond the memory limit', async () => {
    const code = `export default () => {
      const keep = [];
      for (let i = 0; i < 100; i++) keep.push(new Uint8Array(32 * 1024 * 1024).fill(1));
      return keep.length;
    }`;
    const result = await executor.execute(request(code));
    expect(['memory', 'error', 'crashed']).toContain(result.status);
    await expectNextTenantSucceeds();
  });

  // Boundary: V8 may abort the whole worker on one huge allocation despite memoryLimit.
  it('survives one huge allocation and runs the next tenant', async () => {
    const result = await executor.execute(
      request('export default () => new Array(1e8).fill(1).length'),
    );
    expect(['memory', 'crashed']).toContain(result.status);
    await expectNextTenantSucceeds();
  });

  it('answers crashed when the worker is killed mid-execution, and recovers', async () => {
    const restartsBefore = executor.stats().restarts;
    const victim = executor.execute(
      request('export default () => new Promise(() => {})', { tenant: 'tenant-victim' }),
    );
    await waitFor(() => busyWorkers().length === 1);
    const [victimPid] = busyWorkers();
    const busyLoop = 'const end = Date.now() + 300; while (Date.now() < end) {} return "done";';
    const bystander = executor.execute(
      request(`export default () => { ${busyLoop} }`, { tenant: 'tenant-bystander' }),
    );
    await waitFor(() => busyWorkers().length === 2);

    process.kill(victimPid as number, 'SIGKILL');

    const result = await victim;
    expect(result.status).toBe('crashed');
    expect(result.error?.name).toBe('WorkerCrashError');
    expect(await bystander).toMatchObject({ status: 'ok', value: 'done' });
    await waitFor(() => executor.stats().workers === 2);
    expect(executor.stats().restarts).toBe(restartsBefore + 1);
    await expectNextTenantSucceeds();
  });
});

describe('IsolateExecutor: close', () => {
  it('leaves no worker process behind', async () => {
    const own = new IsolateExecutor({ workers: 2, poolSize: 1, logger: silentLogger });
    await own.start();
    const pids = own.stats().workerProcesses.map((worker) => worker.pid);
    expect(pids).toHaveLength(2);
    await own.execute(request('export default () => 1'));
    await own.close();
    for (const pid of pids) expect(isProcessAlive(pid)).toBe(false);
  });
});

/** Pids of the workers running at least one execution. */
function busyWorkers(): number[] {
  return executor
    .stats()
    .workerProcesses.filter((worker) => worker.activeExecutions > 0)
    .map((worker) => worker.pid);
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function waitFor(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await delay(20);
  }
}
