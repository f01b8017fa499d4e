import { open, stat } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import type { AuditRecord } from './audit-event-schema.js';
import { listAuditFiles } from './audit-files.js';

export interface FollowOptions {
  /** Ends the stream. */
  signal: AbortSignal;
  /** How often to look for new lines. Default 250. */
  intervalMs?: number;
}

interface Cursor {
  file: string;
  offset: number;
  /** Bytes of a line whose newline has not been written yet. */
  partial: Buffer;
}

async function readFrom(cursor: Cursor): Promise<AuditRecord[]> {
  const handle = await open(cursor.file, 'r');
  let bytes: Buffer;
  try {
    const { size } = await handle.stat();
    if (size <= cursor.offset) return [];
    bytes = Buffer.alloc(size - cursor.offset);
    await handle.read(bytes, 0, bytes.length, cursor.offset);
    cursor.offset = size;
  } finally {
    await handle.close();
  }
  const text = Buffer.concat([cursor.partial, bytes]);
  const end = text.lastIndexOf(0x0a) + 1;
  cursor.partial = text.subarray(end);
  return text
    .subarray(0, end)
    .toString('utf8')
    .split('\n')
    .filter((line) => line !== '')
    .flatMap((line) => {
      try {
        return [JSON.parse(line) as AuditRecord];
      } catch {
        return [];
      }
    });
}

/** The newest file and its size now; records written later are followed. */
async function startCursor(dir: string): Promise<Cursor | undefined> {
  const file = (await listAuditFiles(dir)).at(-1);
  if (file === undefined) return undefined;
  return { file, offset: (await stat(file)).size, partial: Buffer.alloc(0) };
}

/**
 * Starts following the audit folder `dir`: the position is taken now, when the promise
 * resolves, and the returned stream yields every record appended after it, across
 * rotations, until `signal` aborts. It polls; it never writes. Take the position before
 * printing a tail and skip seqs already printed, and nothing falls between the two.
 */
export async function followAudit(
  dir: string,
  options: FollowOptions,
): Promise<AsyncGenerator<AuditRecord>> {
  return follow(dir, await startCursor(dir), options);
}

async function* follow(
  dir: string,
  start: Cursor | undefined,
  options: FollowOptions,
): AsyncGenerator<AuditRecord> {
  const intervalMs = options.intervalMs ?? 250;
  let cursor = start;
  while (!options.signal.aborted) {
    if (cursor === undefined) {
      const first = (await listAuditFiles(dir))[0];
      if (first !== undefined) cursor = { file: first, offset: 0, partial: Buffer.alloc(0) };
    }
    if (cursor !== undefined) {
      yield* await readFrom(cursor);
      const files = await listAuditFiles(dir);
      const next = files[files.indexOf(cursor.file) + 1];
      if (next !== undefined) {
        yield* await readFrom(cursor);
        cursor = { file: next, offset: 0, partial: Buffer.alloc(0) };
        continue;
      }
    }
    await sleep(intervalMs, undefined, { signal: options.signal }).catch(() => undefined);
  }
}
