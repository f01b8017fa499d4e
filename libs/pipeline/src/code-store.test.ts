import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CodeStore } from '@airlock/audit';
import { AirlockError, ErrorCode } from '@airlock/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PipelineRequest } from './request.js';
import { buildIsolateLibrary, startHarness, type Harness } from './test-helpers.js';

/**
 * The pipeline with a real CodeStore in a temp folder: the code of every run, allowed or
 * refused, is on disk under its hash before the run's one `execution` event is written.
 */
let harness: Harness;
let dir: string;
let store: CodeStore;

beforeAll(async () => {
  await buildIsolateLibrary();
  harness = await startHarness();
  dir = mkdtempSync(join(tmpdir(), 'airlock-pipeline-code-'));
  store = new CodeStore(dir);
}, 300_000);

afterAll(async () => {
  await harness?.close();
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
});

let tenantCounter = 0;
function js(code: string, overrides: Partial<PipelineRequest> = {}): PipelineRequest {
  tenantCounter += 1;
  const tenant = `code-store-${process.pid}-${tenantCounter}`;
  return { tenant, language: 'javascript', code, ...overrides };
}

function eventsOf(executionId: string) {
  return harness.audit.events.filter((event) => event.executionId === executionId);
}

const cases = [
  {
    name: 'an allowed run',
    code: 'export default () => "stored";',
    overrides: {},
    outcome: 'ok',
    reasons: undefined,
    findings: undefined,
  },
  {
    name: 'a run the validator refuses',
    code: 'export default () => eval("1 + 1") + eval("2");',
    overrides: {},
    outcome: 'denied',
    reasons: /^validator: no-eval/,
    findings: [{ ruleId: 'no-eval', severity: 'error', count: 2 }],
  },
  {
    name: 'a run the policy refuses (a capability outside the tenant tier)',
    code: 'export default () => "wants sql";',
    overrides: { capabilities: ['sql'] },
    outcome: 'denied',
    reasons: /sql/,
    findings: undefined,
  },
] as const;

describe('the code store', () => {
  it.each(cases)('keeps the code of $name under the hash its one event names', async (c) => {
    const result = await harness.pipeline({ codeStore: store }).run(js(c.code, c.overrides));
    const events = eventsOf(result.executionId);

    expect(events).toHaveLength(1);
    const [event] = events;
    expect(event).toMatchObject({ kind: 'execution', outcome: c.outcome });
    expect(readFileSync(join(dir, 'code', event?.codeHash ?? 'missing'), 'utf8')).toBe(c.code);
    expect(await store.read(event?.codeHash ?? '')).toBe(c.code);
    if (c.reasons !== undefined) {
      expect(event?.decision?.allow).toBe(false);
      expect(event?.decision?.reasons.join('; ')).toMatch(c.reasons);
    }
    if (c.findings === undefined) expect(event?.detail).toBeUndefined();
    else expect(event?.detail).toEqual({ findings: c.findings });
    // The event carries the hash, never the code or the findings' messages.
    expect(JSON.stringify(event)).not.toContain(c.code);
  });

  it('stores the same code once however often it runs', async () => {
    const code = 'export default () => "twice";';
    const first = await harness.pipeline({ codeStore: store }).run(js(code));
    const second = await harness.pipeline({ codeStore: store }).run(js(code));
    const hashes = [first, second].map((r) => eventsOf(r.executionId)[0]?.codeHash);

    expect(hashes[0]).toBe(hashes[1]);
    const files = readdirSync(join(dir, 'code')).filter((name) => name === hashes[0]);
    expect(files).toHaveLength(1);
  });

  it('still writes the event, marked, and withholds the result when the store fails', async () => {
    const broken = {
      store: () => {
        throw new Error('disk full');
      },
    };
    const before = harness.audit.events.length;
    const pipeline = harness.pipeline({ codeStore: broken });
    const error = await pipeline.run(js('export default () => 1;')).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(AirlockError);
    expect(error).toMatchObject({ code: ErrorCode.Internal });
    expect((error as Error).message).toBe('the code of the run could not be stored');
    expect(harness.audit.events.slice(before)).toMatchObject([
      { outcome: 'ok', detail: { codeStored: false } },
    ]);
  });

  it('refuses a store whose answer is not the hash of the code', async () => {
    const lying = { store: () => '0'.repeat(64) };
    const error = await harness
      .pipeline({ codeStore: lying })
      .run(js('export default () => 2;'))
      .catch((e: unknown) => e);

    expect((error as Error).message).toBe('the code of the run could not be stored');
  });
});
