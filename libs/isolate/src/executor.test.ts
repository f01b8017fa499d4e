import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IsolateExecutor } from './executor.js';
import { request, startTestExecutor } from './test-helpers.js';

let executor: IsolateExecutor;

beforeAll(async () => {
  executor = await startTestExecutor();
}, 180_000);

afterAll(async () => {
  await executor.close();
});

describe('IsolateExecutor: results', () => {
  it('returns the default export of a JavaScript module', async () => {
    const result = await executor.execute(
      request('export default (input) => input.a + 1', { input: { a: 41 } }),
    );
    expect(result).toMatchObject({ status: 'ok', value: 42, logs: [] });
    expect(result.usage.wallMs).toBeGreaterThanOrEqual(0);
    expect(result.usage.heapBytes).toBeGreaterThan(0);
  });

  it('awaits an async default export of a TypeScript module', async () => {
    const code = [
      'interface Row { n: number }',
      'export default async (input: Row[]): Promise<number> =>',
      '  input.reduce((sum: number, row: Row) => sum + row.n, 0);',
    ].join('\n');
    const result = await executor.execute(
      request(code, { language: 'typescript', input: [{ n: 1 }, { n: 2 }] }),
    );
    expect(result).toMatchObject({ status: 'ok', value: 3 });
  });

  it('gives the code a copy of the input, so changing it changes nothing outside', async () => {
    const input = { list: [1, 2] };
    const code = 'export default (input) => { input.list.push(3); return input.list.length; }';
    const result = await executor.execute(request(code, { input }));
    expect(result.value).toBe(3);
    expect(input.list).toEqual([1, 2]);
  });

  it('answers null for a function that returns nothing', async () => {
    const result = await executor.execute(request('export default () => {}'));
    expect(result).toMatchObject({ status: 'ok', value: null });
  });

  it('resolves thenables and getters of the result inside the isolate', async () => {
    const code = `export default () => ({ then(resolve) { resolve({ get x() { return 7; } }); } })`;
    const result = await executor.execute(request(code));
    expect(result).toMatchObject({ status: 'ok', value: { x: 7 } });
  });

  // Boundary: JSON cannot carry BigInt or cycles, and a function cannot be copied out.
  it.each([
    ['a BigInt', 'export default () => ({ n: 1n })'],
    ['a cycle', 'export default () => { const a = {}; a.a = a; return a; }'],
    ['a function', 'export default () => () => 1'],
  ])('refuses a result that is not JSON-compatible: %s', async (_name, code) => {
    const result = await executor.execute(request(code));
    expect(result.status).toBe('error');
    expect(result.error?.message).toContain('not JSON-compatible');
  });

  it('refuses a module without a default export', async () => {
    const result = await executor.execute(request('export const x = 1;'));
    expect(result.status).toBe('error');
    expect(result.error?.message).toContain('default function');
  });
});

describe('IsolateExecutor: pool and concurrency', () => {
  it('keeps a warm pool of blank isolates', async () => {
    await executor.execute(request('export default () => 1', { tenant: 'tenant-pool' }));
    const deadline = Date.now() + 10_000;
    while (executor.stats().pooledIsolates < 4 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(executor.stats()).toMatchObject({ workers: 1, pooledIsolates: 4, activeExecutions: 0 });
  });

  it('runs many executions of several tenants at once, each with its own answer', async () => {
    const code = 'export default async (input) => { await null; return input.n * 2; }';
    const runs = Array.from({ length: 24 }, (_, n) =>
      executor.execute(request(code, { tenant: `tenant-${n % 4}`, input: { n } })),
    );
    const results = await Promise.all(runs);
    expect(results.map((result) => result.value)).toEqual(runs.map((_, n) => n * 2));
  });
});

describe('IsolateExecutor: requests refused before running', () => {
  it.each([
    ['an empty tenant', { tenant: '' }, 'tenant'],
    ['an unknown language', { language: 'python' as never }, 'language'],
    ['a negative limit', { limits: { timeoutMs: -1 } }, 'limits.timeoutMs'],
    ['an unknown limit', { limits: { cpuCores: 2 } as never }, 'limits.cpuCores'],
    ['a memory limit below 8 MB', { limits: { memoryMb: 4 } }, 'limits.memoryMb'],
    ['an input that is not JSON', { input: { n: 1n } as never }, 'input'],
    ['capabilities that are not a list', { capabilities: 'echo' as never }, 'capabilities'],
  ])('answers denied for %s', async (_name, overrides, field) => {
    const result = await executor.execute(request('export default () => 1', overrides));
    expect(result.status).toBe('denied');
    expect(result.error?.message).toContain(field);
  });

  it.each([
    ['no workers', { workers: 0 }, 'workers'],
    ['a fractional pool', { poolSize: 1.5 }, 'poolSize'],
  ])('refuses options with %s', (_name, options, field) => {
    expect(() => new IsolateExecutor(options)).toThrow(field);
  });

  it('throws when used before start', async () => {
    const unstarted = new IsolateExecutor();
    await expect(unstarted.execute(request('export default () => 1'))).rejects.toThrow(
      'not started',
    );
  });
});

describe('IsolateExecutor: console', () => {
  it('captures every console level with arguments formatted inside the isolate', async () => {
    const code = `export default () => {
      console.log('a', 1, { b: [2] }, null, undefined);
      console.info('i'); console.warn('w'); console.error(new TypeError('e')); console.debug('d');
      console.log({ toString() { return 'never called'; }, get x() { return 5; } });
    }`;
    const result = await executor.execute(request(code));
    expect(result.logs).toEqual([
      { level: 'log', source: 'console', message: 'a 1 {"b":[2]} null undefined' },
      { level: 'info', source: 'console', message: 'i' },
      { level: 'warn', source: 'console', message: 'w' },
      { level: 'error', source: 'console', message: 'TypeError: e' },
      { level: 'debug', source: 'console', message: 'd' },
      { level: 'log', source: 'console', message: '{"x":5}' },
    ]);
  });

  it('truncates logs at maxOutputBytes with a marker and keeps the result', async () => {
    const code = `export default () => { for (let i = 0; i < 1000; i++) console.log('line ' + i); return 'done'; }`;
    const result = await executor.execute(request(code, { limits: { maxOutputBytes: 2_000 } }));
    expect(result.status).toBe('ok');
    expect(result.value).toBe('done');
    expect(result.logs.length).toBeLessThan(100);
    expect(result.logs.at(-1)?.message).toContain('output truncated');
    expect(Buffer.byteLength(JSON.stringify(result.logs))).toBeLessThan(2_500);
  });

  it('refuses a result larger than maxOutputBytes', async () => {
    const code = `export default () => 'x'.repeat(5_000)`;
    const result = await executor.execute(request(code, { limits: { maxOutputBytes: 1_000 } }));
    expect(result.status).toBe('error');
    expect(result.error?.message).toBe('result exceeds maxOutputBytes');
  });
});

describe('IsolateExecutor: errors', () => {
  const hostTraces = ['/work/', 'node:', 'node_modules', 'airlock-bootstrap', 'isolated-vm'];

  it('reports a thrown error with a stack of the user code only', async () => {
    const code = [
      'function inner() {',
      '  throw new RangeError("too far");',
      '}',
      'export default () => inner();',
    ].join('\n');
    const result = await executor.execute(request(code));
    expect(result.status).toBe('error');
    expect(result.error).toMatchObject({ name: 'RangeError', message: 'too far' });
    expect(result.error?.stack).toContain('user-code.js:2:9');
    expect(result.error?.stack).toContain('user-code.js:4:22');
    for (const trace of hostTraces) expect(result.error?.stack).not.toContain(trace);
  });

  it('reports an error after an awaited capability call the same way', async () => {
    const code = `export default async (input, env) => {\n  await env.echo.say();\n  null.x;\n}`;
    const result = await executor.execute(request(code, { capabilities: ['echo'] }));
    expect(result.error?.name).toBe('TypeError');
    expect(result.error?.stack).toContain('user-code.js:3:');
    for (const trace of hostTraces) expect(result.error?.stack).not.toContain(trace);
  });

  it('points a TypeScript runtime error at the line the user wrote', async () => {
    const code = [
      'type Box = { value: number };',
      'const boxes: Box[] = [];',
      'export default (): number => {',
      '  const first: Box | undefined = boxes[0];',
      '  return (first as Box).value;',
      '};',
    ].join('\n');
    const result = await executor.execute(request(code, { language: 'typescript' }));
    expect(result.status).toBe('error');
    expect(result.error?.stack).toContain('user-code.ts:5:');
  });

  it('reports a TypeScript syntax error with its line', async () => {
    const code = 'const a: number = 1;\nconst b = (;\nexport default () => a;';
    const result = await executor.execute(request(code, { language: 'typescript' }));
    expect(result.status).toBe('error');
    expect(result.error?.name).toBe('SyntaxError');
    expect(result.error?.message).toContain('user-code.ts:2:');
  });

  it('reports a JavaScript syntax error with its line', async () => {
    const result = await executor.execute(request('const a = 1;\nexport default () => { a b };'));
    expect(result.status).toBe('error');
    expect(result.error?.name).toBe('SyntaxError');
    expect(result.error?.message).toContain('user-code.js:2:');
  });

  it('cuts a huge error message', async () => {
    const code = `export default () => { throw new Error('x'.repeat(1_000_000)); }`;
    const result = await executor.execute(request(code));
    expect(result.status).toBe('error');
    expect(result.error?.message.length).toBeLessThan(10_000);
  });

  it('describes a thrown value that is not an Error', async () => {
    const result = await executor.execute(request(`export default () => { throw { code: 7 }; }`));
    expect(result.status).toBe('error');
    expect(result.error?.message).toContain('{"code":7}');
  });

  it('refuses static imports before running anything', async () => {
    const code = `import { readFileSync } from 'node:fs';\nexport default () => readFileSync('/etc/passwd', 'utf8');`;
    const result = await executor.execute(request(code));
    expect(result.status).toBe('error');
    expect(result.error?.message).toBe(
      'imports are not available in the isolate executor; ask for the container executor',
    );
  });

  it('refuses dynamic import() inside the isolate', async () => {
    const result = await executor.execute(request(`export default async () => import('node:fs')`));
    expect(result.status).toBe('error');
  });
});
