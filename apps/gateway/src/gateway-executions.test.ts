import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execution, keys, startTestGateway, type TestGateway } from './test-helpers.js';

let gw: TestGateway;

beforeAll(async () => {
  // Skipping the validator lets the executor's own limits be tested through the gateway.
  gw = await startTestGateway({ allowSkipValidation: true });
});

afterAll(async () => {
  await gw?.close();
});

const post = (body: unknown, key?: string) =>
  gw.call('POST', '/v1/executions', { body, ...(key === undefined ? {} : { key }) });

describe('POST /v1/executions', () => {
  it('runs allowed code and answers its value, usage, findings and decision', async () => {
    const code = 'export default (input) => ({ sum: input.a + input.b });';
    const { status, body } = await post(execution('alpha', code, { input: { a: 2, b: 3 } }));
    expect(status).toBe(200);
    expect(body.status).toBe('ok');
    expect(body.value).toEqual({ sum: 5 });
    expect(body.executionId).toMatch(/^[0-9a-f-]{36}$/);
    expect(body.findings).toEqual([]);
    expect(body.decision).toMatchObject({ allow: true, executor: 'isolate' });
    expect(body.usage.wallMs).toBeGreaterThan(0);
  });

  it('runs TypeScript', async () => {
    const code = 'export default (n: number): string => `n=${n * 2}`;';
    const { body } = await post({ tenant: 'alpha', language: 'typescript', code, input: 21 });
    expect(body).toMatchObject({ status: 'ok', value: 'n=42' });
  });

  it('denies code the validator flags, with the reasons, and runs nothing', async () => {
    const code = 'export default () => process.env.SECRET;';
    const { status, body } = await post(execution('alpha', code));
    expect(status).toBe(200);
    expect(body.status).toBe('denied');
    expect(body.findings.map((f: { ruleId: string }) => f.ruleId)).toContain('no-process-env');
    expect(body.decision.allow).toBe(false);
    expect(body.decision.reasons.join(' ')).toMatch(/no-process-env/);
    expect(body.usage.wallMs).toBe(0);
  });

  it('denies a capability the policy does not grant the tenant', async () => {
    const code = 'export default async (_, env) => env.kv.get("k");';
    const { body } = await post(execution('stranger', code), keys.both);
    expect(body.status).toBe('denied');
    expect(body.decision.reasons).toContain('capability "kv" is not granted to tenant "stranger"');
  });

  it('keeps kv state per tenant across executions; another tenant never sees it', async () => {
    const put =
      'export default async (_, env) => { await env.kv.put("color", "teal"); return 1; };';
    const get = 'export default async (_, env) => env.kv.get("color");';
    expect((await post(execution('alpha', put))).body.status).toBe('ok');
    expect((await post(execution('alpha', get))).body.value).toBe('teal');
    const other = await post(execution('beta', get), keys.beta);
    expect(other.body).toMatchObject({ status: 'ok', value: null });
  });

  it('ends an endless loop with timeout and the next execution succeeds', async () => {
    const code = 'export default () => { for (;;) {} };';
    const loop = await post(execution('alpha', code, { validate: false }));
    expect(loop.body.status).toBe('timeout');
    expect(loop.body.error.name).toBe('TimeoutError');
    const next = await post(execution('beta', 'export default () => "fine";'), keys.beta);
    expect(next.body).toMatchObject({ status: 'ok', value: 'fine' });
  });

  it('ends a memory bomb without taking the gateway down', async () => {
    const code = `export default () => { const keep = []; for (;;) keep.push(new Array(1e5).fill(7)); };`;
    const limits = { memoryMb: 32 };
    const { body } = await post(execution('alpha', code, { limits, validate: false }));
    expect(['memory', 'crashed']).toContain(body.status);
    const health = await gw.call('GET', '/readyz', { key: null });
    expect(health.status).toBe(200);
  });

  it('clamps limits asked for beyond the decision to the decision', async () => {
    const limits = { timeoutMs: 999_999, memoryMb: 4_096 };
    const { body } = await post(execution('alpha', 'export default () => 1;', { limits }));
    expect(body.status).toBe('ok');
    expect(body.decision.limits).toMatchObject({ timeoutMs: 2000, memoryMb: 128 });
  });
});

describe('GET /v1/executions/:id', () => {
  it("answers an execution from the audit log for the caller's tenants only", async () => {
    const ran = await post(execution('alpha', 'export default () => 7;'));
    const id = ran.body.executionId as string;

    const own = await gw.call('GET', `/v1/executions/${id}`);
    expect(own.status).toBe(200);
    expect(own.body).toMatchObject({ executionId: id, tenant: 'alpha', status: 'ok' });
    expect(own.body.codeHash).toMatch(/^[0-9a-f]{64}$/);
    expect(own.body.decision.allow).toBe(true);

    // Tenant separation: beta's key cannot tell alpha's execution from a missing one.
    const other = await gw.call('GET', `/v1/executions/${id}`, { key: keys.beta });
    expect(other.status).toBe(404);
    const missing = await gw.call('GET', '/v1/executions/00000000-0000-0000-0000-000000000000');
    expect(missing.status).toBe(404);
    expect(other.body.error).toEqual({ ...missing.body.error, message: other.body.error.message });
  });

  it('refuses an id that cannot be one with 400 naming the field', async () => {
    const { status, body } = await gw.call('GET', '/v1/executions/..%2F..%2Fetc');
    expect(status).toBe(400);
    expect(body.error.field).toBe('id');
  });
});

describe('POST /v1/validate', () => {
  it('answers findings and needs and runs nothing', async () => {
    const code = 'export default async (_, env) => [process.env.HOME, await env.kv.get("a")];';
    const { status, body } = await gw.call('POST', '/v1/validate', {
      body: { tenant: 'alpha', language: 'javascript', code },
    });
    expect(status).toBe(200);
    expect(body.ok).toBe(false);
    expect(body.findings.map((f: { ruleId: string }) => f.ruleId)).toContain('no-process-env');
    expect(body.needs.capabilities).toContain('kv');
  });
});
