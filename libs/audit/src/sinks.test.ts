import { PassThrough } from 'node:stream';
import { InvalidInputError } from '@airlock/core';
import { describe, expect, it } from 'vitest';
import { auditEventSchema, type AuditRecord } from './audit-event-schema.js';
import { canonicalJson } from './canonical-json.js';
import { MemoryAuditSink } from './memory-sink.js';
import { StdoutAuditSink } from './stdout-sink.js';
import { events, sampleEvent } from './test-helpers.js';
import { verifyRecords } from './verify.js';

describe('auditEventSchema', () => {
  const valid = [
    sampleEvent(),
    sampleEvent({ kind: 'audit', detail: { repaired: 'torn last line', bytes: 3 } }),
    {
      ...sampleEvent({ kind: 'egress', outcome: 'refused' }),
      egress: {
        route: 'connect' as const,
        method: 'CONNECT',
        host: 'example.com',
        port: 443,
        status: 403,
        bytesIn: 0,
        bytesOut: 0,
        rule: 'ssrf:private',
      },
    },
  ];
  const invalid: Array<[string, unknown]> = [
    ['unknown kind', { ...sampleEvent(), kind: 'party' }],
    ['time not ISO', { ...sampleEvent(), time: 'yesterday' }],
    ['short code hash', { ...sampleEvent(), codeHash: 'abc' }],
    ['empty tenant', { ...sampleEvent(), tenant: '' }],
    ['negative duration', { ...sampleEvent(), durationMs: -1 }],
    ['port out of range', { ...valid[2], egress: { ...valid[2]?.egress, port: 70_000 } }],
  ];

  it.each(valid.map((event) => [event.kind, event] as const))('accepts a %s event', (_, event) => {
    expect(auditEventSchema.safeParse(event).success).toBe(true);
  });
  it.each(invalid)('refuses: %s', (_, event) => {
    expect(auditEventSchema.safeParse(event).success).toBe(false);
  });
});

describe('canonicalJson', () => {
  it('sorts keys at every level and drops undefined members', () => {
    const text = canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: undefined } });
    expect(text).toBe('{"a":{"d":[3,{"y":2,"z":1}]},"b":1}');
  });
});

describe('MemoryAuditSink', () => {
  it('keeps checked, redacted, chained records that verify', () => {
    const sink = new MemoryAuditSink({ secrets: ['memory-canary-1'] });
    sink.record(sampleEvent({ detail: { note: 'saw memory-canary-1', token: 'abc' } }));
    sink.record(sampleEvent({ id: 'evt-2' }));
    expect(sink.records[0]?.detail).toEqual({ note: 'saw [redacted]', token: '[redacted]' });
    expect(verifyRecords(sink.records)).toEqual({ ok: true, records: 2 });
    expect(() => sink.record({ ...sampleEvent(), tenant: '' })).toThrow(InvalidInputError);
  });

  it('drops the oldest records beyond maxRecords, and the chain goes on', () => {
    const sink = new MemoryAuditSink({ maxRecords: 3 });
    for (const event of events(5)) sink.record(event);
    expect(sink.records.map((r) => r.seq)).toEqual([3, 4, 5]);
    expect(sink.head.seq).toBe(5);
  });
});

describe('StdoutAuditSink', () => {
  it('writes one chained JSON line per event to the stream', async () => {
    const stream = new PassThrough();
    const chunks: string[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk.toString()));
    const sink = new StdoutAuditSink(stream, { secrets: ['stdout-canary-1'] });
    await sink.record(sampleEvent({ detail: { text: 'stdout-canary-1' } }));
    await sink.record(sampleEvent({ id: 'evt-2' }));

    const lines = chunks.join('').split('\n');
    expect(lines.at(-1)).toBe('');
    const records = lines.slice(0, -1).map((line) => JSON.parse(line) as AuditRecord);
    expect(records.map((r) => r.seq)).toEqual([1, 2]);
    expect(chunks.join('')).not.toContain('stdout-canary-1');
    expect(verifyRecords(records).ok).toBe(true);
  });
});
