import type { FileHandle } from 'node:fs/promises';
import { open } from 'node:fs/promises';
import { AirlockError, ErrorCode } from '@airlock/core';
import type { AuditRecord } from './audit-event-schema.js';
import { emptyChainHead, hashRecord, type ChainHead } from './chain.js';

const chunkBytes = 64 * 1024;
const newline = 0x0a;

/** What opening a log found at its end. */
export interface TailState {
  head: ChainHead;
  /** Bytes cut from the end of the newest file: a line a crash left half written. */
  tornBytes: number;
}

/** The offset just past the last newline before `end`, or 0 when there is none. */
async function lineStartBefore(handle: FileHandle, end: number): Promise<number> {
  let cursor = end;
  const buffer = Buffer.alloc(chunkBytes);
  while (cursor > 0) {
    const start = Math.max(0, cursor - chunkBytes);
    const { bytesRead } = await handle.read(buffer, 0, cursor - start, start);
    const at = buffer.subarray(0, bytesRead).lastIndexOf(newline);
    if (at !== -1) return start + at + 1;
    cursor = start;
  }
  return 0;
}

function corruptTail(file: string, reason: string): AirlockError {
  return new AirlockError(ErrorCode.Internal, `${file}: the last record ${reason}`, {
    context: { file },
    hint: 'Run `airlock audit verify` and move the damaged file aside before writing again.',
  });
}

/** Parses and checks the complete last line of a file; undefined for an empty file. */
async function lastRecord(handle: FileHandle, size: number, file: string) {
  if (size === 0) return undefined;
  const start = await lineStartBefore(handle, size - 1);
  const buffer = Buffer.alloc(size - 1 - start);
  await handle.read(buffer, 0, buffer.length, start);
  let record: AuditRecord;
  try {
    record = JSON.parse(buffer.toString('utf8')) as AuditRecord;
  } catch {
    throw corruptTail(file, 'is not valid JSON although the line is complete');
  }
  if (hashRecord(record) !== record.hash) throw corruptTail(file, 'does not match its hash');
  return { seq: record.seq, hash: record.hash };
}

/**
 * Cuts a torn last line (no newline at the end) off `file`, fsyncs the cut, and returns
 * the chain head of the last intact record in it, or undefined when nothing is left.
 */
async function repairFile(file: string): Promise<{ head?: ChainHead; tornBytes: number }> {
  const handle = await open(file, 'r+');
  try {
    const { size } = await handle.stat();
    const intactEnd = size === 0 ? 0 : await lineStartBefore(handle, size);
    const tornBytes = size - intactEnd;
    if (tornBytes > 0) {
      await handle.truncate(intactEnd);
      await handle.sync();
    }
    const head = await lastRecord(handle, intactEnd, file);
    return head === undefined ? { tornBytes } : { head, tornBytes };
  } finally {
    await handle.close();
  }
}

/**
 * Reads the end of the newest audit file, repairs a torn last line, and finds where the
 * chain stands. An empty newest file (a crash right after rotation) continues from the
 * file before it. A complete last line that fails its hash is not repaired: it was not
 * torn by a crash, so opening fails and a person must look.
 */
export async function recoverTail(files: readonly string[]): Promise<TailState> {
  const newest = files.at(-1);
  if (newest === undefined) return { head: emptyChainHead, tornBytes: 0 };
  const repaired = await repairFile(newest);
  if (repaired.head !== undefined) return { head: repaired.head, tornBytes: repaired.tornBytes };

  for (const file of files.slice(0, -1).reverse()) {
    const earlier = await repairFile(file);
    const tornBytes = repaired.tornBytes + earlier.tornBytes;
    if (earlier.head !== undefined) return { head: earlier.head, tornBytes };
  }
  return { head: emptyChainHead, tornBytes: repaired.tornBytes };
}
