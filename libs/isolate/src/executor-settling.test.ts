import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IsolateExecutor } from './executor.js';
import { request, startTestExecutor } from './test-helpers.js';

let executor: IsolateExecutor;

beforeAll(async () => {
  executor = await startTestExecutor();
}, 180_000);

afterAll(async () => {
  await executor.close();
});

const withEcho = { capabilities: ['echo'] };

describe('IsolateExecutor: calls still in flight when the default export returns', () => {
  it('keeps the log entries of calls nobody awaited, in every one of 30 runs', async () => {
    const code = `export default (input, env) => { env.echo.note('not awaited'); return 1; }`;

    for (let i = 0; i < 30; i++) {
      const result = await executor.execute(request(code, withEcho));

      expect(result).toMatchObject({ status: 'ok', value: 1 });
      expect(result.logs).toEqual([{ level: 'info', source: 'env.log', message: 'not awaited' }]);
    }
  });

  it('ends at wallTimeMs with the result when a call nobody awaited never answers', async () => {
    const code = `export default (input, env) => { env.echo.never(); return 'done'; }`;
    const startedMs = performance.now();

    const result = await executor.execute(
      request(code, { ...withEcho, limits: { wallTimeMs: 300 } }),
    );

    expect(result).toMatchObject({ status: 'ok', value: 'done' });
    expect(performance.now() - startedMs).toBeLessThan(3_000);
  });
});

describe('IsolateExecutor: a rejection nobody handles fails the run, wherever it comes from', () => {
  it('a rejected promise of the user code', async () => {
    const code = `export default () => { Promise.reject(new Error('nobody awaits me')); return 1; }`;

    const result = await executor.execute(request(code));

    expect(result.status).toBe('error');
    expect(result.error?.message).toBe('nobody awaits me');
  });

  it('a capability call that fails after the default export returned', async () => {
    const code = `export default (input, env) => { env.echo.fail(); return 1; }`;

    const result = await executor.execute(request(code, withEcho));

    expect(result.status).toBe('error');
    expect(result.error?.message).toMatch(/echo failed on purpose|capability failed/);
  });

  it('but not a failing call whose rejection is handled', async () => {
    const code = `export default (input, env) => { env.echo.fail().catch(() => null); return 1; }`;

    const result = await executor.execute(request(code, withEcho));

    expect(result).toMatchObject({ status: 'ok', value: 1 });
  });

  it('keeps the default export’s own error when both fail', async () => {
    const code = `export default (input, env) => { env.echo.fail(); throw new TypeError('mine'); }`;

    const result = await executor.execute(request(code, withEcho));

    expect(result.error).toMatchObject({ name: 'TypeError', message: 'mine' });
  });
});

describe('IsolateExecutor: top-level await', () => {
  it('runs the default export after a top-level await that settles', async () => {
    const code = `const greeting = await Promise.resolve().then(() => 'hi');
      export default () => greeting`;

    const result = await executor.execute(request(code));

    expect(result).toMatchObject({ status: 'ok', value: 'hi' });
  });

  it('ends `timeout` at wallTimeMs when the top-level await never settles', async () => {
    const code = `await new Promise(() => {}); export default () => 1;`;
    const startedMs = performance.now();

    const result = await executor.execute(request(code, { limits: { wallTimeMs: 300 } }));

    expect(result.status).toBe('timeout');
    expect(result.error?.name).toBe('TimeoutError');
    expect(performance.now() - startedMs).toBeLessThan(3_000);
  });

  it('reports a top-level await that rejects as `error`', async () => {
    const code = `await Promise.reject(new RangeError('top level failed'));
      export default () => 1;`;

    const result = await executor.execute(request(code));

    expect(result.status).toBe('error');
    expect(result.error?.message).toBe('top level failed');
  });
});
