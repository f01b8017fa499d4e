/**
 * The gateway under a bounded soak: 2,000 mixed executions, a fifth of them hostile or
 * malformed, from 50 concurrent callers over real HTTP. Afterwards the gateway must be
 * healthy, run as many worker processes as it started with, leave none behind when it
 * closes, and its audit log must verify with one execution event per request.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { listAuditFiles, queryAudit, verifyAuditFiles } from '@airlock/audit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  execution,
  keys,
  startTestGateway,
  type TestGateway,
} from '../../apps/gateway/src/test-helpers.js';

const totalExecutions = 2_000;
const concurrentCallers = 50;
const workers = 2;

/** One kind of request, how often it comes, and the statuses it may end with. */
interface Mix {
  name: string;
  weight: number;
  body: (n: number) => unknown;
  key?: string;
  http: number;
  statuses?: string[];
}

const mix: Mix[] = [
  {
    name: 'trivial',
    weight: 70,
    body: (n) => execution('alpha', `export default () => ${n};`),
    http: 200,
    statuses: ['ok'],
  },
  {
    name: 'kv',
    weight: 8,
    key: keys.beta,
    body: () =>
      execution(
        'beta',
        'export default async (_, env) => { await env.kv.put("k", 1); return env.kv.get("k"); };',
      ),
    http: 200,
    statuses: ['ok'],
  },
  {
    name: 'validator denial',
    weight: 6,
    body: () => execution('alpha', 'export default () => process.env.PATH;'),
    http: 200,
    statuses: ['denied'],
  },
  {
    name: 'policy denial',
    weight: 4,
    key: keys.both,
    body: () => execution('stranger', 'export default async (_, env) => env.kv.get("k");'),
    http: 200,
    statuses: ['denied'],
  },
  {
    name: 'endless loop',
    weight: 4,
    body: () =>
      execution('alpha', 'export default () => { for (;;) {} };', {
        validate: false,
        limits: { timeoutMs: 50 },
      }),
    http: 200,
    statuses: ['timeout'],
  },
  {
    name: 'memory bomb',
    weight: 2,
    body: () =>
      execution(
        'alpha',
        'export default () => { const a = []; for (;;) a.push(new Array(1e5).fill(1)); };',
        { validate: false, limits: { memoryMb: 16 } },
      ),
    http: 200,
    statuses: ['memory', 'crashed'],
  },
  {
    name: 'throws',
    weight: 2,
    body: () => execution('alpha', 'export default () => { throw new TypeError("nope"); };'),
    http: 200,
    statuses: ['error'],
  },
  {
    name: 'malformed',
    weight: 3,
    body: () => ({ tenant: 'alpha', language: 'cobol', code: '' }),
    http: 400,
  },
  {
    name: 'wrong tenant',
    weight: 1,
    body: () => execution('beta', 'export default () => 1;'),
    http: 403,
  },
];

function pick(n: number): Mix {
  const total = mix.reduce((sum, entry) => sum + entry.weight, 0);
  let slot = (n * 7919) % total;
  for (const entry of mix) {
    if (slot < entry.weight) return entry;
    slot -= entry.weight;
  }
  return mix[0] as Mix;
}

/** Worker processes whose parent is this process, from /proc. */
function childWorkers(): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .filter((pid) => {
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
        const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
        return parent === process.pid && command.includes('worker');
      } catch {
        return false;
      }
    })
    .map(Number);
}

let gw: TestGateway;

beforeAll(async () => {
  gw = await startTestGateway({
    allowSkipValidation: true,
    isolate: { workers, poolSize: 4 },
    concurrency: { perTenant: 16, queuePerTenant: 1_000 },
  });
});

afterAll(async () => {
  await gw?.close();
});

describe('soak', () => {
  it(
    'stays bounded through 2,000 mixed executions from 50 callers',
    { timeout: 240_000 },
    async () => {
      const unexpected: string[] = [];
      let next = 0;
      const caller = async () => {
        while (next < totalExecutions) {
          const n = next++;
          const kind = pick(n);
          const { status, body } = await gw.call('POST', '/v1/executions', {
            body: kind.body(n),
            ...(kind.key === undefined ? {} : { key: kind.key }),
          });
          const ok = status === kind.http && (kind.statuses?.includes(body.status) ?? true);
          if (!ok)
            unexpected.push(`${kind.name}: HTTP ${status} ${JSON.stringify(body).slice(0, 200)}`);
        }
      };
      await Promise.all(Array.from({ length: concurrentCallers }, caller));
      expect(unexpected).toEqual([]);

      const ready = await gw.call('GET', '/readyz', { key: null });
      expect(ready.body).toMatchObject({ status: 'ready', workers, activeExecutions: 0 });
      const after = await gw.call('POST', '/v1/executions', {
        body: execution('alpha', 'export default () => "alive";'),
      });
      expect(after.body).toMatchObject({ status: 'ok', value: 'alive' });
      expect(childWorkers()).toHaveLength(workers);

      await gw.gateway.close();
      expect(childWorkers()).toEqual([]);
      const verified = await verifyAuditFiles(await listAuditFiles(gw.auditDir));
      expect(verified.ok).toBe(true);
      let executions = 0;
      for await (const record of queryAudit(gw.auditDir, { kind: 'execution' })) {
        if (record.executionId !== undefined) executions += 1;
      }
      // Every request but the 403s (audited as `request` events) went through the pipeline.
      const forbidden = Array.from({ length: totalExecutions }, (_, n) => pick(n)).filter(
        (kind) => kind.http === 403,
      ).length;
      expect(executions).toBe(totalExecutions - forbidden + 1);
    },
  );
});
