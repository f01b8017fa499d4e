import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { listAuditFiles } from './audit-files.js';
import { chainRecord, emptyChainHead } from './chain.js';
import { JsonlAuditSink } from './jsonl-sink.js';
import { MemoryAuditSink } from './memory-sink.js';
import { events, sampleEvent, tempDir } from './test-helpers.js';
import { verifyAuditFiles, verifyRecords } from './verify.js';

/** A log of 10 records in one file, and a log of 40 records over several files. */
let single: string;
let singleLines: string[];
let rotatedDir: string;

beforeAll(async () => {
  const dir = tempDir();
  const sink = await JsonlAuditSink.open({ dir });
  for (const event of events(10)) await sink.record(event);
  await sink.close();
  single = join(dir, 'audit-000001.jsonl');
  singleLines = readFileSync(single, 'utf8').split('\n').slice(0, -1);

  rotatedDir = tempDir();
  const rotated = await JsonlAuditSink.open({ dir: rotatedDir, maxFileBytes: 3_000 });
  await Promise.all(events(40).map((event) => rotated.record(event)));
  await rotated.close();
});

/** A copy of the single-file log with its lines changed by `edit`. */
function tampered(edit: (lines: string[]) => string[], end = '\n'): string {
  const file = join(tempDir(), 'audit-000001.jsonl');
  writeFileSync(file, edit([...singleLines]).join('\n') + end);
  return file;
}

describe('verifyAuditFiles', () => {
  it('passes an untouched log', async () => {
    expect(await verifyAuditFiles([single])).toEqual({ ok: true, records: 10 });
  });

  const cases: Array<{
    name: string;
    edit: (lines: string[]) => string[];
    line: number;
    reason: RegExp;
  }> = [
    {
      name: 'a field edited',
      edit: (lines) =>
        lines.map((l, i) => (i === 3 ? l.replace('"outcome":"ok"', '"outcome":"denied"') : l)),
      line: 4,
      reason: /hash does not match the record: it was edited/,
    },
    {
      name: 'a line deleted',
      edit: (lines) => lines.filter((_, i) => i !== 4),
      line: 5,
      reason: /seq 6 where 5 was expected: records were removed/,
    },
    {
      name: 'a copy of an earlier line inserted',
      edit: (lines) => [...lines.slice(0, 6), lines[2] as string, ...lines.slice(6)],
      line: 7,
      reason: /seq 3 where 7 was expected: records were inserted or reordered/,
    },
    {
      // A forger who recomputes the hash and takes the right seq still breaks prevHash.
      name: 'a forged, self-consistent line inserted',
      edit: (lines) => {
        const forged = chainRecord(sampleEvent({ id: 'forged' }), { seq: 5, hash: 'f'.repeat(64) });
        return [...lines.slice(0, 5), JSON.stringify(forged), ...lines.slice(5)];
      },
      line: 6,
      reason: /prevHash is not the previous record's hash/,
    },
    {
      name: 'two lines swapped',
      edit: (lines) => lines.map((l, i) => (i === 2 ? lines[7] : i === 7 ? lines[2] : l) as string),
      line: 3,
      reason: /seq 8 where 3 was expected/,
    },
    {
      name: 'a blank line inserted',
      edit: (lines) => [...lines.slice(0, 2), '', ...lines.slice(2)],
      line: 3,
      reason: /empty line/,
    },
    {
      name: 'the file cut mid-line',
      edit: (lines) => [...lines.slice(0, 8), (lines[8] as string).slice(0, 40)],
      line: 9,
      reason: /not valid JSON/,
    },
  ];

  it.each(cases)('names the line when $name', async ({ edit, line, reason }) => {
    const file = tampered(edit);
    const result = await verifyAuditFiles([file]);
    expect(result.ok).toBe(false);
    expect(result.firstBad).toMatchObject({ file, line });
    expect(result.firstBad?.reason).toMatch(reason);
  });

  it('flags a last line whose newline was cut off', async () => {
    const file = tampered((lines) => lines, '');
    const result = await verifyAuditFiles([file]);
    expect(result.firstBad).toMatchObject({
      file,
      line: 10,
      reason: expect.stringMatching(/no newline/),
    });
  });

  it('verifies rotated files as one chain, and catches a missing or reordered file', async () => {
    const files = await listAuditFiles(rotatedDir);
    expect(files.length).toBeGreaterThanOrEqual(3);
    expect(await verifyAuditFiles(files)).toEqual({ ok: true, records: 40 });

    const withoutSecond = [files[0], ...files.slice(2)] as string[];
    const missing = await verifyAuditFiles(withoutSecond);
    expect(missing.firstBad).toMatchObject({ file: files[2], line: 1 });
    expect(missing.firstBad?.reason).toMatch(/records were removed/);

    const reordered = await verifyAuditFiles([files[1], files[0]] as string[]);
    expect(reordered.firstBad).toMatchObject({ file: files[1], line: 1 });
  });

  it('catches an edit in a later file and reports how many records verified first', async () => {
    const dir = tempDir();
    const files = await listAuditFiles(rotatedDir);
    const copies = files.map((file, i) => {
      const copy = join(dir, `audit-00000${i + 1}.jsonl`);
      const text = readFileSync(file, 'utf8');
      writeFileSync(copy, i === 1 ? text.replace('"tenant":"acme"', '"tenant":"acne"') : text);
      return copy;
    });
    const result = await verifyAuditFiles(copies);
    const before = readFileSync(files[0] as string, 'utf8').split('\n').length - 1;
    expect(result).toMatchObject({
      ok: false,
      records: before,
      firstBad: { file: copies[1], line: 1 },
    });
  });
});

describe('verifyRecords', () => {
  it('verifies a memory sink and catches a removed record', () => {
    const sink = new MemoryAuditSink();
    for (const event of events(5)) sink.record(event);
    expect(verifyRecords(sink.records)).toEqual({ ok: true, records: 5 });
    const gap = [...sink.records.slice(0, 2), ...sink.records.slice(3)];
    expect(verifyRecords(gap).firstBad).toMatchObject({ line: 3 });
    expect(verifyRecords([chainRecord(sampleEvent(), emptyChainHead), 'x']).firstBad).toMatchObject(
      {
        line: 2,
        reason: 'not a JSON object',
      },
    );
  });
});
