import { appendFileSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { AirlockError, InvalidInputError } from '@airlock/core';
import { describe, expect, it } from 'vitest';
import type { AuditRecord } from './audit-event-schema.js';
import { genesisHash, hashRecord } from './chain.js';
import { JsonlAuditSink } from './jsonl-sink.js';
import { listAuditFiles } from './audit-files.js';
import { events, sampleEvent, tempDir } from './test-helpers.js';
import { verifyAuditFiles } from './verify.js';

function readRecords(file: string): AuditRecord[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as AuditRecord);
}

describe('JsonlAuditSink', () => {
  it('writes one chained line per record, starting from the genesis hash', async () => {
    const dir = tempDir();
    const sink = await JsonlAuditSink.open({ dir });
    for (const event of events(3)) await sink.record(event);
    await sink.close();

    const records = readRecords(join(dir, 'audit-000001.jsonl'));
    expect(records.map((r) => [r.id, r.seq])).toEqual([
      ['evt-0', 1],
      ['evt-1', 2],
      ['evt-2', 3],
    ]);
    expect(records[0]?.prevHash).toBe(genesisHash);
    expect(records[1]?.prevHash).toBe(records[0]?.hash);
    expect(records.every((r) => hashRecord(r) === r.hash)).toBe(true);
  });

  it('resolves every concurrent record() after its batch is on disk, in call order', async () => {
    const dir = tempDir();
    const sink = await JsonlAuditSink.open({ dir });
    const acknowledged: string[] = [];
    await Promise.all(
      events(2_000).map((event) =>
        sink.record(event).then(() => {
          // At acknowledgement the line must already be in the file (checked on a sample).
          if (acknowledged.length % 250 === 0) {
            const text = readFileSync(join(dir, 'audit-000001.jsonl'), 'utf8');
            expect(text).toContain(`"id":"${event.id}"`);
          }
          acknowledged.push(event.id);
        }),
      ),
    );
    await sink.close();
    const records = readRecords(join(dir, 'audit-000001.jsonl'));
    expect(records.map((r) => r.id)).toEqual(events(2_000).map((e) => e.id));
    expect(records.at(-1)?.seq).toBe(2_000);
  });

  it('rotates by size and keeps one chain across files', async () => {
    const dir = tempDir();
    const sink = await JsonlAuditSink.open({ dir, maxFileBytes: 4_096 });
    await Promise.all(events(100).map((event) => sink.record(event)));
    await sink.close();

    const files = await listAuditFiles(dir);
    expect(files.length).toBeGreaterThan(5);
    for (const file of files) expect(statSync(file).size).toBeLessThanOrEqual(4_096);
    const first = readRecords(files[1] as string)[0];
    const previous = readRecords(files[0] as string).at(-1);
    expect(first?.prevHash).toBe(previous?.hash);
    expect(await verifyAuditFiles(files)).toEqual({ ok: true, records: 100 });
  });

  it('continues the chain after a clean reopen, in the newest file', async () => {
    const dir = tempDir();
    const first = await JsonlAuditSink.open({ dir, maxFileBytes: 2_048 });
    await Promise.all(events(10, 'a').map((event) => first.record(event)));
    await first.close();
    const second = await JsonlAuditSink.open({ dir, maxFileBytes: 2_048 });
    expect(second.head.seq).toBe(10);
    await Promise.all(events(10, 'b').map((event) => second.record(event)));
    await second.close();

    const files = await listAuditFiles(dir);
    expect(await verifyAuditFiles(files)).toEqual({ ok: true, records: 20 });
    expect(readdirSync(dir).filter((name) => name.startsWith('.'))).toEqual([]);
  });

  it('cuts a torn last line on open, records the repair and continues the chain', async () => {
    const dir = tempDir();
    const sink = await JsonlAuditSink.open({ dir });
    await Promise.all(events(5).map((event) => sink.record(event)));
    await sink.close();
    const file = join(dir, 'audit-000001.jsonl');
    const torn = '{"id":"half-written","time":"2026-12-0';
    appendFileSync(file, torn);

    const reopened = await JsonlAuditSink.open({ dir });
    await reopened.record(sampleEvent({ id: 'after' }));
    await reopened.close();

    const records = readRecords(file);
    expect(records.map((r) => r.id).slice(0, 5)).toEqual(events(5).map((e) => e.id));
    expect(records[5]).toMatchObject({
      seq: 6,
      kind: 'audit',
      outcome: 'ok',
      detail: { repaired: 'torn last line', bytes: torn.length, file: 'audit-000001.jsonl' },
    });
    expect(records[6]).toMatchObject({ id: 'after', seq: 7 });
    expect(await verifyAuditFiles([file])).toEqual({ ok: true, records: 7 });
  });

  it('refuses to open when a complete last line was edited: that is no crash', async () => {
    const dir = tempDir();
    const sink = await JsonlAuditSink.open({ dir });
    await sink.record(sampleEvent());
    await sink.close();
    const file = join(dir, 'audit-000001.jsonl');
    const text = readFileSync(file, 'utf8').replace('"tenant":"acme"', '"tenant":"evil"');
    appendFileSync(file, text);

    await expect(JsonlAuditSink.open({ dir })).rejects.toThrow(/does not match its hash/);
  });

  it('redacts before writing: no secret byte reaches the file', async () => {
    const dir = tempDir();
    const canary = 'canary-secret-93f1c2';
    const sink = await JsonlAuditSink.open({ dir, secrets: [canary] });
    await sink.record(
      sampleEvent({
        decision: {
          allow: false,
          executor: 'isolate',
          reasons: [`code sent ${canary} with Bearer eyJabc.def.ghijklmnop`],
          capabilities: [],
          limits: {},
        },
        detail: { headers: { authorization: `Bearer ${canary}` }, note: `x ${canary}` },
      }),
    );
    await sink.close();
    const text = readFileSync(join(dir, 'audit-000001.jsonl'), 'utf8');
    expect(text).not.toContain(canary);
    expect(text).not.toContain('eyJabc');
    expect(await verifyAuditFiles([join(dir, 'audit-000001.jsonl')])).toMatchObject({ ok: true });
  });

  it('rejects an event that does not fit the schema, naming the field', async () => {
    const dir = tempDir();
    const sink = await JsonlAuditSink.open({ dir });
    const bad = { ...sampleEvent(), kind: 'party' } as unknown as ReturnType<typeof sampleEvent>;
    const error = await sink.record(bad).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).message).toMatch(/^event\.kind: /);
    await sink.record(sampleEvent());
    expect(sink.head.seq).toBe(1);
    await sink.close();
    await expect(sink.record(sampleEvent())).rejects.toBeInstanceOf(AirlockError);
  });

  it.each([0, 100, 1.5, Number.NaN])('refuses maxFileBytes %s', async (maxFileBytes) => {
    await expect(JsonlAuditSink.open({ dir: tempDir(), maxFileBytes })).rejects.toThrow(
      /^maxFileBytes: expected a whole number ≥ 1024/,
    );
  });
});
