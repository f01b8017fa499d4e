import type { ExecutionResult, ExecutionStatus, IsolateLimits } from '@airlock/isolate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNothingLeaked, startAttackRig, type AttackRig } from './attack-harness.js';

const workers = 2;
let rig: AttackRig;
let tenantCounter = 0;

beforeAll(async () => {
  rig = await startAttackRig({ workers, poolSize: 2 });
});

afterAll(async () => {
  await rig?.close();
});

interface DenialCase {
  name: string;
  code: string;
  limits: Partial<IsolateLimits>;
  /** The non-`ok` statuses that end it within its limits. */
  statuses: ExecutionStatus[];
  /** The limit that must end it; the run must finish within 10 times this. */
  boundMs: number;
  holds?: (result: ExecutionResult) => void;
}

const denials: DenialCase[] = [
  {
    name: 'an endless loop',
    code: `export default () => { for (;;) {} }`,
    limits: { timeoutMs: 200 },
    statuses: ['timeout'],
    boundMs: 200,
  },
  {
    // V8 may abort the whole worker on this one allocation despite the memory limit.
    name: 'new Array(1e8).fill(1)',
    code: `export default () => new Array(1e8).fill(1).length`,
    limits: { wallTimeMs: 2_000 },
    statuses: ['memory', 'crashed'],
    boundMs: 2_000,
  },
  {
    // charCodeAt in the middle flattens the rope, so each doubling really allocates.
    name: 'string doubling',
    code: `export default () => { let text = 'x'; for (;;) { text += text; text.charCodeAt(text.length >> 1); } }`,
    limits: { memoryMb: 32, wallTimeMs: 2_000 },
    statuses: ['memory', 'crashed', 'error'],
    boundMs: 2_000,
    holds: (result) => {
      if (result.status === 'error') expect(result.error?.message).toBe('Invalid string length');
    },
  },
  {
    name: 'an endless microtask chain',
    code: `export default () => { const again = () => Promise.resolve().then(again); again(); return new Promise(() => {}); }`,
    limits: { timeoutMs: 200, wallTimeMs: 1_000 },
    statuses: ['timeout'],
    boundMs: 1_000,
  },
  {
    name: 'a promise that never settles',
    code: `export default () => new Promise(() => {})`,
    limits: { wallTimeMs: 300 },
    statuses: ['timeout'],
    boundMs: 300,
  },
  {
    name: 'Atomics.wait on memory nobody will ever notify',
    code: `export default () => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0)`,
    limits: { wallTimeMs: 500 },
    statuses: ['timeout'],
    boundMs: 500,
  },
  {
    name: 'a console flood',
    code: `export default () => { for (;;) console.log('flood '.repeat(100)); }`,
    limits: { timeoutMs: 200, wallTimeMs: 1_000, maxOutputBytes: 64 * 1024 },
    statuses: ['timeout'],
    boundMs: 1_000,
    holds: (result) => {
      const loggedBytes = Buffer.byteLength(JSON.stringify(result.logs));
      expect(loggedBytes).toBeLessThan(2 * 64 * 1024);
      expect(result.logs.at(-1)?.message).toContain('output truncated');
    },
  },
  {
    name: 'a giant result',
    code: `export default () => Array.from({ length: 300_000 }, (_, i) => 'row ' + i)`,
    limits: { maxOutputBytes: 64 * 1024 },
    statuses: ['error'],
    boundMs: 1_000,
    holds: (result) => {
      expect(result.error?.message).toBe('result exceeds maxOutputBytes');
      expect(result.value).toBeUndefined();
    },
  },
  {
    name: 'a deep recursion',
    code: `export default () => { const deeper = (n) => deeper(n + 1) + 1; return deeper(0); }`,
    limits: { timeoutMs: 1_000 },
    statuses: ['error'],
    boundMs: 1_000,
    holds: (result) => expect(result.error?.name).toBe('RangeError'),
  },
  {
    name: 'a capability call flood beyond maxCapabilityCalls',
    code: `export default async (input, env) => {
      for (let i = 0; i < 10_000; i++) await env.probe.echo(i);
      return 'flooded';
    }`,
    limits: { maxCapabilityCalls: 20 },
    statuses: ['error'],
    boundMs: 5_000,
    holds: (result) => {
      expect(result.error?.message).toMatch(/maxCapabilityCalls/);
      expect(result.usage.capabilityCalls.probe).toBe(20);
    },
  },
  {
    name: 'a burst of capability calls without awaiting them',
    code: `export default (input, env) => Promise.all(Array.from({ length: 5_000 }, (_, i) => env.kv.get('k' + i)))`,
    limits: { maxCapabilityCalls: 50 },
    statuses: ['error'],
    boundMs: 5_000,
    holds: (result) => {
      expect(result.error?.message).toMatch(/maxCapabilityCalls/);
      expect(result.usage.capabilityCalls.kv).toBe(50);
    },
  },
];

async function expectNextTenantSucceeds(): Promise<void> {
  tenantCounter += 1;
  const next = await rig.run(`export default async (input, env) => env.probe.tenant()`, {
    tenant: `tenant-after-${tenantCounter}`,
  });
  expect(next).toMatchObject({ status: 'ok', value: `tenant-after-${tenantCounter}` });
}

describe('denial of service: each attack ends non-ok within its limits', () => {
  for (const denial of denials) {
    it(denial.name, async () => {
      const startedMs = performance.now();
      const result = await rig.run(denial.code, { limits: denial.limits });
      const tookMs = performance.now() - startedMs;

      expect(denial.statuses).toContain(result.status);
      expect(tookMs).toBeLessThan(10 * denial.boundMs);
      denial.holds?.(result);
      expectNothingLeaked(result);
      expect(rig.executor.stats().workerProcesses.length).toBe(workers);
      await expectNextTenantSucceeds();
    });
  }
});

describe('denial of service: tenants side by side', () => {
  it('many tenants in parallel see only their own kv keys', async () => {
    const tenants = Array.from({ length: 24 }, (_, i) => `tenant-parallel-${i}`);
    const code = `export default async (input, env) => {
      const mine = await env.probe.tenant();
      await env.kv.put('secret', mine);
      await env.kv.put('only-' + mine, mine);
      return { secret: await env.kv.get('secret'), keys: await env.kv.list('') };
    }`;

    const results = await Promise.all(tenants.map((tenant) => rig.run(code, { tenant })));

    results.forEach((result, i) => {
      const tenant = tenants[i] as string;
      expect(result).toMatchObject({
        status: 'ok',
        value: { secret: tenant, keys: [`only-${tenant}`, 'secret'] },
      });
    });
  });

  it('an attacker spinning in one worker does not stop other tenants being served', async () => {
    const spinning = rig.run(`export default () => { for (;;) {} }`, {
      tenant: 'tenant-spinner',
      limits: { timeoutMs: 1_500, wallTimeMs: 3_000 },
    });
    const others = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        rig.run(`export default (input) => input.n * 2`, {
          tenant: `tenant-bystander-${i}`,
          input: { n: i },
        }),
      ),
    );

    expect(others.map((result) => result.value)).toEqual(
      Array.from({ length: 10 }, (_, i) => i * 2),
    );
    expect((await spinning).status).toBe('timeout');
  });
});
