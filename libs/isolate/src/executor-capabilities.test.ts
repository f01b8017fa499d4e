import type { LogFields, Logger } from '@airlock/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IsolateExecutor } from './executor.js';
import { request, startTestExecutor } from './test-helpers.js';

const events: LogFields[] = [];
const recordingLogger: Logger = {
  debug: () => undefined,
  info: (fields) => events.push(fields),
  warn: () => undefined,
  error: () => undefined,
  child: () => recordingLogger,
};

let executor: IsolateExecutor;

beforeAll(async () => {
  executor = await startTestExecutor({ poolSize: 2, logger: recordingLogger });
}, 180_000);

afterAll(async () => {
  await executor.close();
});

describe('IsolateExecutor: capabilities', () => {
  it('calls a granted capability with the tenant and execution from the executor', async () => {
    const code = `export default async (input, env) => [await env.echo.say(1, 'two'), await env.echo.say()]`;
    const req = request(code, { capabilities: ['echo'], tenant: 'tenant-caps' });
    const result = await executor.execute(req);
    expect(result.status).toBe('ok');
    expect(result.value).toEqual([
      { tenant: 'tenant-caps', executionId: req.executionId, args: [1, 'two'] },
      { tenant: 'tenant-caps', executionId: req.executionId, args: [] },
    ]);
    expect(result.usage.capabilityCalls).toEqual({ echo: 2 });
  });

  it('leaves a capability that was not granted out of env', async () => {
    const code = `export default (input, env) => ({ keys: Object.keys(env), echo: typeof env.echo })`;
    const result = await executor.execute(request(code));
    expect(result.value).toEqual({ keys: [], echo: 'undefined' });
  });

  it('answers denied, running nothing, for a capability the executor does not implement', async () => {
    const code = `export default () => { console.log('ran'); return 1; }`;
    const result = await executor.execute(request(code, { capabilities: ['echo', 'fetch'] }));
    expect(result.status).toBe('denied');
    expect(result.error?.message).toContain('fetch');
    expect(result.logs).toEqual([]);
  });

  it('gives env as frozen objects created inside the isolate', async () => {
    const code = `export default (input, env) => [
      Object.isFrozen(env), Object.isFrozen(env.echo), Object.getPrototypeOf(env) === null,
      env.echo.say.constructor === Function, env.echo.say('x') instanceof Promise]`;
    const result = await executor.execute(request(code, { capabilities: ['echo'] }));
    expect(result.value).toEqual([true, true, true, true, true]);
  });

  it('refuses to let the code replace a capability method', async () => {
    const code = `export default (input, env) => { env.echo.say = () => 'replaced'; }`;
    const result = await executor.execute(request(code, { capabilities: ['echo'] }));
    expect(result.status).toBe('error');
    expect(result.error?.name).toBe('TypeError');
  });

  it('rejects a capability error inside the isolate as a plain Error with the message only', async () => {
    const code = `export default async (input, env) => {
      try { await env.echo.fail(); } catch (error) {
        return { isError: error instanceof Error, proto: Object.getPrototypeOf(error) === Error.prototype,
          message: error.message, keys: Object.keys(error) };
      }
    }`;
    const result = await executor.execute(request(code, { capabilities: ['echo'] }));
    expect(result.value).toEqual({
      isError: true,
      proto: true,
      message: 'echo failed on purpose',
      keys: [],
    });
  });

  it('refuses arguments that are not JSON-compatible inside the isolate', async () => {
    const code = `export default async (input, env) => env.echo.say(1n).catch((error) => error.message)`;
    const result = await executor.execute(request(code, { capabilities: ['echo'] }));
    expect(result.value).toContain('JSON-compatible');
    expect(result.usage.capabilityCalls).toEqual({});
  });

  it('rejects calls past maxCapabilityCalls and reports the calls made', async () => {
    const code = `export default async (input, env) => {
      const outcomes = [];
      for (let i = 0; i < 5; i++) {
        outcomes.push(await env.echo.say(i).then(() => 'ok', (error) => error.message));
      }
      return outcomes;
    }`;
    const result = await executor.execute(
      request(code, { capabilities: ['echo'], limits: { maxCapabilityCalls: 3 } }),
    );
    expect(result.value).toEqual([
      'ok',
      'ok',
      'ok',
      'capability call limit reached (maxCapabilityCalls 3)',
      'capability call limit reached (maxCapabilityCalls 3)',
    ]);
    expect(result.usage.capabilityCalls).toEqual({ echo: 3 });
  });

  it('adds entries a capability appends to the result logs, in order with console', async () => {
    const code = `export default async (input, env) => {
      console.log('before'); await env.echo.note('from the host'); console.log('after');
    }`;
    const result = await executor.execute(request(code, { capabilities: ['echo'] }));
    expect(result.logs).toEqual([
      { level: 'log', source: 'console', message: 'before' },
      { level: 'info', source: 'env.log', message: 'from the host' },
      { level: 'log', source: 'console', message: 'after' },
    ]);
  });
});

describe('IsolateExecutor: isolation', () => {
  it('exposes only ECMAScript built-ins, console and no host objects', async () => {
    const code = `export default () => ['process', 'require', 'Buffer', 'fetch', 'setTimeout',
      'setInterval', 'queueMicrotask', 'global', 'module', 'exports', '__dirname', 'WebAssembly']
      .filter((name) => typeof globalThis[name] !== 'undefined')`;
    const result = await executor.execute(request(code));
    expect(result).toMatchObject({ status: 'ok', value: [] });
  });

  it('gives every execution a fresh context, also for the same tenant', async () => {
    const set = `export default () => { globalThis.leftover = 'secret'; Array.prototype.extra = 1; return 1; }`;
    const read = `export default () => [typeof globalThis.leftover, typeof [].extra]`;
    await executor.execute(request(set, { tenant: 'tenant-fresh' }));
    const result = await executor.execute(request(read, { tenant: 'tenant-fresh' }));
    expect(result.value).toEqual(['undefined', 'undefined']);
  });

  it('never runs two tenants in the same isolate', async () => {
    const code = 'export default () => 1';
    for (let round = 0; round < 3; round++) {
      await Promise.all(
        ['tenant-x', 'tenant-y', 'tenant-z'].map((tenant) =>
          executor.execute(request(code, { tenant })),
        ),
      );
    }
    const { isolatesByTenant } = executor.stats();
    const seen = new Map<string, string>();
    for (const tenant of ['tenant-x', 'tenant-y', 'tenant-z']) {
      const ids = isolatesByTenant[tenant] ?? [];
      expect(ids.length).toBeGreaterThan(0);
      for (const id of ids) {
        expect(seen.get(id) ?? tenant).toBe(tenant);
        seen.set(id, tenant);
      }
    }
    // A returning tenant gets its own idle isolate back instead of a new one.
    expect(isolatesByTenant['tenant-x']?.length).toBeLessThan(3);
  });

  it('logs one structured event per execution', async () => {
    const req = request('export default () => 1', { tenant: 'tenant-logged' });
    await executor.execute(req);
    const event = events.find((fields) => fields.executionId === req.executionId);
    expect(event).toMatchObject({ event: 'execution', outcome: 'ok', tenant: 'tenant-logged' });
    expect(typeof event?.durationMs).toBe('number');
  });
});
