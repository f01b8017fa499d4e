import { createHash } from 'node:crypto';
import { AirlockError, ErrorCode, InvalidInputError } from '@airlock/core';
import { IsolateExecutor } from '@airlock/isolate';
import { createDecider } from '@airlock/policy';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { containerUnavailable, createPipeline } from './pipeline.js';
import type { PipelineRequest } from './request.js';
import { buildIsolateLibrary, startHarness, type Harness } from './test-helpers.js';

/**
 * The pipeline over the real validator, the default policy (policies/airlock: tenant
 * `demo` is a builder with log, kv and fetch; any other tenant gets log only) and a real
 * isolate executor. Tenants are unique per test, so the executor's per-tenant isolate
 * record shows whether anything ran for them.
 */
let harness: Harness;

beforeAll(async () => {
  await buildIsolateLibrary();
  harness = await startHarness();
}, 300_000);

afterAll(async () => {
  await harness?.close();
});

let tenantCounter = 0;
function stranger(): string {
  tenantCounter += 1;
  return `stranger-${process.pid}-${tenantCounter}`;
}

function ranFor(tenant: string): boolean {
  return harness.executor.stats().isolatesByTenant[tenant] !== undefined;
}

function js(code: string, overrides: Partial<PipelineRequest> = {}): PipelineRequest {
  return { tenant: stranger(), language: 'javascript', code, ...overrides };
}

const counter = `export default async (input, env) => {
  const n = (await env.kv.get('n')) ?? 0;
  await env.kv.put('n', n + 1);
  await env.log.info('counted', { n });
  return n + 1;
};
`;
const busyLoop = `export default () => {
  const end = Date.now() + 3000;
  while (Date.now() < end) {}
  return 'finished';
};
`;

describe('an allowed run', () => {
  it('validates, decides, runs and answers with the decision', async () => {
    const request = js('export default (input) => input.a + input.b;', { input: { a: 1, b: 2 } });
    const result = await harness.pipeline().run(request);

    expect(result).toMatchObject({ status: 'ok', value: 3, findings: [] });
    expect(result.executionId).toMatch(/^[0-9a-f-]{36}$/);
    expect(result.decision).toMatchObject({ allow: true, executor: 'isolate', reasons: [] });
    expect(result.needs).toEqual({ modules: [], hosts: [], capabilities: [] });
    expect(ranFor(request.tenant)).toBe(true);
  });

  it('runs TypeScript', async () => {
    const code = 'export default (input: { a: number }): number => input.a * 2;\n';
    const result = await harness
      .pipeline()
      .run(js(code, { language: 'typescript', input: { a: 21 } }));
    expect(result).toMatchObject({ status: 'ok', value: 42 });
  });

  it('grants the capabilities the code uses when the tenant has them, and no more', async () => {
    const result = await harness.pipeline().run(js(counter, { tenant: 'demo' }));

    expect(result.status).toBe('ok');
    expect(result.needs.capabilities).toEqual(['kv', 'log']);
    expect(result.decision.capabilities).toEqual(['kv', 'log']);
    expect(result.usage.capabilityCalls).toEqual({ kv: 2, log: 1 });
    expect(result.logs).toContainEqual(expect.objectContaining({ source: 'env.log' }));
  });

  it('gives every run its own execution id', async () => {
    const pipeline = harness.pipeline();
    const ids = await Promise.all(
      [1, 2, 3].map(async () => (await pipeline.run(js('export default () => 1;'))).executionId),
    );
    expect(new Set(ids).size).toBe(3);
  });
});

describe('refusals: nothing runs', () => {
  it('denies code the validator blocks, with the rule in the reasons', async () => {
    const request = js('export default () => process.env.SECRET;');
    const result = await harness.pipeline().run(request);

    expect(result.status).toBe('denied');
    expect(result.findings.map((f) => f.ruleId)).toContain('no-process-env');
    expect(result.decision.allow).toBe(false);
    expect(result.decision.reasons[0]).toMatch(/^validator: no-process-env: /);
    expect(result.error).toMatchObject({ name: 'DeniedError' });
    expect(result.usage).toEqual({ cpuMs: 0, wallMs: 0, heapBytes: 0, capabilityCalls: {} });
    expect(ranFor(request.tenant)).toBe(false);
  });

  it('denies a capability outside the tenant tier', async () => {
    const request = js('export default () => 1;', { capabilities: ['kv'] });
    const result = await harness.pipeline().run(request);

    expect(result.status).toBe('denied');
    expect(result.decision.reasons).toEqual([
      `capability "kv" is not granted to tenant "${request.tenant}"`,
    ]);
    expect(ranFor(request.tenant)).toBe(false);
  });

  it('denies code that uses a capability the tenant lacks, inferred from the code', async () => {
    const request = js(counter);
    const result = await harness.pipeline().run(request);

    expect(result.status).toBe('denied');
    expect(result.decision.reasons).toContain(
      `capability "kv" is not granted to tenant "${request.tenant}"`,
    );
    expect(ranFor(request.tenant)).toBe(false);
  });

  it.each([
    {
      name: 'asked for the container runtime',
      code: 'export default () => 1;',
      runtime: 'container' as const,
    },
    {
      name: 'code that imports a module (auto picks the container)',
      code: "import { readFileSync } from 'node:fs';\nexport default () => readFileSync('/etc/hostname');\n",
      runtime: undefined,
    },
  ])('denies the container executor until it exists: $name', async ({ code, runtime }) => {
    const request = js(code, { tenant: 'demo', ...(runtime === undefined ? {} : { runtime }) });
    const result = await harness.pipeline().run(request);

    expect(result.status).toBe('denied');
    expect(result.decision).toMatchObject({ allow: false, executor: 'container' });
    expect(result.decision.reasons).toEqual([containerUnavailable]);
    expect(result.error?.message).toBe(containerUnavailable);
  });
});

describe('limits', () => {
  it('clamps limits asked beyond the decision to it', async () => {
    const request = js(busyLoop, { limits: { timeoutMs: 60_000, memoryMb: 4_096 } });
    const result = await harness.pipeline().run(request);

    expect(result.decision.limits).toMatchObject({ timeoutMs: 1_000, memoryMb: 64 });
    // The 1 s CPU budget of the default tier ended the 3 s loop, not the 60 s asked for.
    expect(result.status).toBe('timeout');
    expect(result.usage.cpuMs).toBeLessThan(2_900);
  });

  it('keeps limits asked below the decision', async () => {
    const request = js(busyLoop, { limits: { timeoutMs: 100 } });
    const result = await harness.pipeline().run(request);

    expect(result.decision.limits.timeoutMs).toBe(100);
    expect(result.status).toBe('timeout');
    expect(result.usage.wallMs).toBeLessThan(2_000);
  });
});

describe('skipping the validator', () => {
  const leaky = 'export default (input, env) => [typeof process, typeof env.kv];';

  it('runs unvalidated code when allowed; the policy sees no findings and no needs', async () => {
    const pipeline = harness.pipeline({ allowSkipValidation: true });
    const result = await pipeline.run(js(leaky, { tenant: 'demo', validate: false }));

    expect(result).toMatchObject({ status: 'ok', findings: [] });
    expect(result.needs).toEqual({ modules: [], hosts: [], capabilities: [] });
    // No needs and no capabilities asked: nothing is granted, even to a builder tenant.
    expect(result.decision.capabilities).toEqual([]);
    expect(result.value).toEqual(['undefined', 'undefined']);
  });

  it('is refused by default with InvalidInputError naming the field', async () => {
    const request = js(leaky, { validate: false });
    const error = await harness
      .pipeline()
      .run(request)
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(InvalidInputError);
    expect(error).toMatchObject({ code: ErrorCode.InvalidInput, context: { field: 'validate' } });
    expect(ranFor(request.tenant)).toBe(false);
  });
});

describe('malformed requests', () => {
  const cases = [
    { name: 'no tenant', request: { language: 'javascript', code: '' }, field: 'tenant' },
    {
      name: 'an empty tenant',
      request: { tenant: '', language: 'javascript', code: '' },
      field: 'tenant',
    },
    {
      name: 'an unknown language',
      request: { tenant: 't', language: 'python', code: '' },
      field: 'language',
    },
    {
      name: 'an unknown field',
      request: { tenant: 't', language: 'javascript', code: '', shell: true },
      field: 'shell',
    },
    // Boundary: a limit of 0 would make the executor refuse; the pipeline names it first.
    {
      name: 'a zero limit',
      request: { tenant: 't', language: 'javascript', code: '', limits: { timeoutMs: 0 } },
      field: 'limits.timeoutMs',
    },
    {
      name: 'an unknown limit',
      request: { tenant: 't', language: 'javascript', code: '', limits: { cpus: 4 } },
      field: 'limits.cpus',
    },
  ];

  it.each(cases)('refuses $name', async ({ request, field }) => {
    const error = await harness
      .pipeline()
      .run(request as unknown as PipelineRequest)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(error).toMatchObject({ context: { field } });
  });
});

describe('the audit event', () => {
  function eventOf(executionId: string) {
    return harness.audit.events.filter((event) => event.executionId === executionId);
  }

  it('is written once for an allowed run, with the code hash, decision and usage', async () => {
    const code = 'export default () => "audited";';
    const result = await harness.pipeline().run(js(code, { user: 'u1', agent: 'a1' }));
    const events = eventOf(result.executionId);

    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      kind: 'execution',
      outcome: 'ok',
      user: 'u1',
      agent: 'a1',
      codeHash: createHash('sha256').update(code).digest('hex'),
      decision: { allow: true, executor: 'isolate', capabilities: [] },
      usage: result.usage,
    });
    expect(Date.parse(events[0]?.time ?? '')).not.toBeNaN();
  });

  it('is written for a denial, with the reasons', async () => {
    const result = await harness.pipeline().run(js('export default () => eval("1");'));
    const [event] = eventOf(result.executionId);
    expect(event?.outcome).toBe('denied');
    expect(event?.decision?.reasons[0]).toMatch(/^validator: no-eval/);
  });

  it('is written for a malformed request, as invalid', async () => {
    const before = harness.audit.events.length;
    const tenant = stranger();
    const request = { tenant, language: 'cobol', code: 'DISPLAY 1' };
    await expect(harness.pipeline().run(request as never)).rejects.toThrow(InvalidInputError);

    const event = harness.audit.events.at(-1);
    expect(harness.audit.events.length).toBe(before + 1);
    expect(event).toMatchObject({ tenant, outcome: 'invalid' });
    expect(event?.decision).toBeUndefined();
  });

  it('is written when the executor is not running, as failed', async () => {
    const before = harness.audit.events.length;
    const stopped = new IsolateExecutor();
    const pipeline = createPipeline({
      decider: createDecider(),
      executor: stopped,
      audit: harness.audit,
    });

    await expect(pipeline.run(js('export default () => 1;'))).rejects.toThrow(/not started/);
    expect(harness.audit.events.slice(before)).toMatchObject([{ outcome: 'failed' }]);
  });

  it('withholds the result when the sink cannot record it', async () => {
    const broken = {
      record: async () => {
        throw new Error('disk full');
      },
    };
    const pipeline = harness.pipeline({ audit: broken });
    const error = await pipeline.run(js('export default () => 1;')).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(AirlockError);
    expect(error).toMatchObject({ code: ErrorCode.Internal });
    expect((error as Error).message).toBe('the audit event could not be written');
  });
});
