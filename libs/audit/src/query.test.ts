import { describe, expect, it } from 'vitest';
import type { AuditEvent } from '@airlock/core';
import { followAudit } from './follow.js';
import { JsonlAuditSink } from './jsonl-sink.js';
import { queryAudit, tailAudit } from './query.js';
import { sampleEvent, tempDir } from './test-helpers.js';

const log: AuditEvent[] = [
  sampleEvent({ id: 'a1', tenant: 'acme', time: '2026-12-01T09:00:00.000Z', outcome: 'ok' }),
  sampleEvent({ id: 'a2', tenant: 'acme', time: '2026-12-02T09:00:00.000Z', outcome: 'denied' }),
  sampleEvent({ id: 'b1', tenant: 'beta', time: '2026-12-02T10:00:00.000Z', kind: 'egress' }),
  sampleEvent({ id: 'a3', tenant: 'acme', time: '2026-12-03T09:00:00.000Z', kind: 'egress' }),
  sampleEvent({ id: 'a4', tenant: 'acme', time: '2026-12-03T10:00:00.000Z', executionId: 'x9' }),
];

async function writtenLog(maxFileBytes = 1_500): Promise<string> {
  const dir = tempDir();
  const sink = await JsonlAuditSink.open({ dir, maxFileBytes });
  for (const event of log) await sink.record(event);
  await sink.close();
  return dir;
}

async function ids(records: AsyncIterable<{ id: string }>): Promise<string[]> {
  const out: string[] = [];
  for await (const record of records) out.push(record.id);
  return out;
}

describe('queryAudit', () => {
  const cases = [
    { query: {}, expected: ['a1', 'a2', 'b1', 'a3', 'a4'] },
    { query: { tenant: 'acme' }, expected: ['a1', 'a2', 'a3', 'a4'] },
    { query: { kind: 'egress' as const }, expected: ['b1', 'a3'] },
    { query: { outcome: 'denied' as const }, expected: ['a2'] },
    { query: { executionId: 'x9' }, expected: ['a4'] },
    // since is inclusive, until exclusive
    { query: { since: new Date('2026-12-02T09:00:00Z') }, expected: ['a2', 'b1', 'a3', 'a4'] },
    { query: { until: new Date('2026-12-02T10:00:00Z') }, expected: ['a1', 'a2'] },
    { query: { tenant: 'acme', limit: 2 }, expected: ['a1', 'a2'] },
    { query: { limit: 0 }, expected: [] },
    { query: { tenant: 'nobody' }, expected: [] },
  ];

  it.each(cases)('$query → $expected', async ({ query, expected }) => {
    const dir = await writtenLog();
    expect(await ids(queryAudit(dir, query))).toEqual(expected);
  });

  it('finds nothing, without failing, in a folder that does not exist', async () => {
    expect(await ids(queryAudit(`${tempDir()}/missing`))).toEqual([]);
  });
});

describe('tailAudit', () => {
  it.each([
    { count: 2, expected: ['a3', 'a4'] },
    { count: 4, expected: ['a2', 'b1', 'a3', 'a4'] },
    { count: 50, expected: ['a1', 'a2', 'b1', 'a3', 'a4'] },
    { count: 0, expected: [] },
  ])('last $count records across rotated files', async ({ count, expected }) => {
    const dir = await writtenLog(1_500);
    expect((await tailAudit(dir, count)).map((r) => r.id)).toEqual(expected);
  });
});

describe('followAudit', () => {
  it('yields records written after it started, across a rotation, until aborted', async () => {
    const dir = await writtenLog(1_500);
    const controller = new AbortController();
    const seen: string[] = [];
    const stream = await followAudit(dir, { signal: controller.signal, intervalMs: 20 });
    const following = (async () => {
      for await (const record of stream) {
        seen.push(record.id);
        if (seen.length === 3) controller.abort();
      }
    })();

    const sink = await JsonlAuditSink.open({ dir, maxFileBytes: 1_500 });
    for (const id of ['n1', 'n2', 'n3']) await sink.record(sampleEvent({ id }));
    await sink.close();
    await following;
    expect(seen).toEqual(['n1', 'n2', 'n3']);
  });
});
