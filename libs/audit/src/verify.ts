import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import type { AuditRecord } from './audit-event-schema.js';
import { emptyChainHead, hashRecord, type ChainHead } from './chain.js';

/** Where verification stopped, and why, in words a person can act on. */
export interface VerifyFailure {
  file: string;
  /** 1-based line number in `file`. */
  line: number;
  reason: string;
}

export interface VerifyResult {
  ok: boolean;
  /** Records that verified before the first failure (all of them when ok). */
  records: number;
  firstBad?: VerifyFailure;
}

/** Checks one record against the chain so far; returns the reason it fails, if it does. */
export function checkRecord(value: unknown, head: ChainHead): string | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return 'not a JSON object';
  }
  const record = value as Partial<AuditRecord>;
  if (typeof record.hash !== 'string' || hashRecord(record as AuditRecord) !== record.hash) {
    return 'hash does not match the record: it was edited';
  }
  const expected = head.seq + 1;
  if (record.seq !== expected) {
    const what =
      typeof record.seq === 'number' && record.seq > expected ? 'removed' : 'inserted or reordered';
    return `seq ${String(record.seq)} where ${expected} was expected: records were ${what}`;
  }
  if (record.prevHash !== head.hash) {
    return "prevHash is not the previous record's hash: a record was removed, inserted or reordered";
  }
  return undefined;
}

/** Verifies records already in memory (a MemoryAuditSink's, a shipper's). */
export function verifyRecords(records: readonly unknown[]): VerifyResult {
  let head = emptyChainHead;
  for (const [index, value] of records.entries()) {
    const reason = checkRecord(value, head);
    if (reason !== undefined) {
      return { ok: false, records: index, firstBad: { file: '<memory>', line: index + 1, reason } };
    }
    const record = value as AuditRecord;
    head = { seq: record.seq, hash: record.hash };
  }
  return { ok: true, records: records.length };
}

async function endsWithNewline(file: string): Promise<boolean> {
  const handle = await open(file, 'r');
  try {
    const { size } = await handle.stat();
    if (size === 0) return true;
    const last = Buffer.alloc(1);
    await handle.read(last, 0, 1, size - 1);
    return last[0] === 0x0a;
  } finally {
    await handle.close();
  }
}

function parseLine(text: string): { value?: unknown; reason?: string } {
  if (text.trim() === '') return { reason: 'empty line: something was inserted or cut' };
  try {
    return { value: JSON.parse(text) };
  } catch {
    return { reason: 'not valid JSON: the line was cut short or edited' };
  }
}

/** Verifies one file, continuing the chain from `state.head`; stops at the first failure. */
async function verifyFile(
  file: string,
  state: { head: ChainHead; records: number },
): Promise<VerifyFailure | undefined> {
  const lines = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
  let lineNumber = 0;
  try {
    for await (const text of lines) {
      lineNumber += 1;
      const parsed = parseLine(text);
      const reason = parsed.reason ?? checkRecord(parsed.value, state.head);
      if (reason !== undefined) return { file, line: lineNumber, reason };
      const record = parsed.value as AuditRecord;
      state.head = { seq: record.seq, hash: record.hash };
      state.records += 1;
    }
  } finally {
    lines.close();
  }
  if (lineNumber > 0 && !(await endsWithNewline(file))) {
    return { file, line: lineNumber, reason: 'the last line has no newline: a write was torn' };
  }
  return undefined;
}

/**
 * Verifies audit files as one chain, in the order given (oldest first): every record's
 * hash, a seq one more than the last, and a prevHash equal to the last record's hash; the
 * first record must be seq 1 chained to the genesis hash. Any record edited, removed,
 * inserted or reordered breaks one of these at or just after the change.
 *
 * NOTE: a log cut off at the end (its newest records or files deleted whole) still
 * verifies: the chain proves order and integrity, not completeness. Compare `records`
 * with a count kept elsewhere (the gateway's metrics) to catch that.
 */
export async function verifyAuditFiles(files: readonly string[]): Promise<VerifyResult> {
  const state = { head: emptyChainHead, records: 0 };
  for (const file of files) {
    const firstBad = await verifyFile(file, state);
    if (firstBad !== undefined) return { ok: false, records: state.records, firstBad };
  }
  return { ok: true, records: state.records };
}
