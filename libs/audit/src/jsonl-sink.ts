import { constants } from 'node:fs';
import { mkdir, open, type FileHandle } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import { basename, join } from 'node:path';
import {
  AirlockError,
  ErrorCode,
  InvalidInputError,
  silentLogger,
  type AuditEvent,
  type AuditSink,
  type Logger,
} from '@airlock/core';
import { auditFileIndex, auditFileName, listAuditFiles } from './audit-files.js';
import type { ChainHead } from './chain.js';
import { prepareRecord } from './prepare-record.js';
import { createRedactor } from './redact.js';
import { recoverTail } from './tail-recovery.js';

/**
 * Appends that are on disk when the write returns (O_DSYNC: like write + fdatasync, in one
 * system call, so a record costs one trip to the file system thread instead of two).
 */
const appendSynced =
  constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | constants.O_DSYNC;

export interface JsonlAuditSinkOptions {
  /** The folder holding `audit-000001.jsonl`, `audit-000002.jsonl`, …; created if missing. */
  dir: string;
  /** A file that would grow past this starts the next one. Default 64 MiB. */
  maxFileBytes?: number;
  /** Secret values scrubbed from every string before it is written. */
  secrets?: readonly string[];
  logger?: Logger;
}

interface Pending {
  line: string;
  bytes: number;
  resolve(): void;
  reject(error: unknown): void;
}

export const defaultMaxFileBytes = 64 * 1024 * 1024;

async function syncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * The default audit sink: hash-chained JSON Lines files, appended with group commit.
 * `record()` resolves once the record is written and fsync'ed; records that arrive while
 * a write is in flight are written together in the next one, so many writers share each
 * fsync. Open it with `JsonlAuditSink.open`, which repairs a torn last line first.
 *
 * NOTE: one process may write a folder at a time; two sinks on the same folder would
 * fork the chain. Nothing locks the folder.
 */
export class JsonlAuditSink implements AuditSink {
  private pending: Pending[] = [];
  private draining = false;
  private idleWaiters: Array<() => void> = [];
  private failure: unknown;
  private closed = false;
  private batches = 0;
  private written = 0;

  private constructor(
    private readonly dir: string,
    private handle: FileHandle,
    private fileIndex: number,
    private fileBytes: number,
    private chainHead: ChainHead,
    private readonly maxFileBytes: number,
    private readonly redact: <T>(value: T) => T,
  ) {}

  /** Opens (or creates) the log in `options.dir`, repairing and recording a torn tail. */
  static async open(options: JsonlAuditSinkOptions): Promise<JsonlAuditSink> {
    const logger = options.logger ?? silentLogger;
    const maxFileBytes = options.maxFileBytes ?? defaultMaxFileBytes;
    if (!Number.isSafeInteger(maxFileBytes) || maxFileBytes < 1024) {
      throw new InvalidInputError(
        'maxFileBytes',
        `expected a whole number ≥ 1024, got ${maxFileBytes}`,
      );
    }
    await mkdir(options.dir, { recursive: true });
    const files = await listAuditFiles(options.dir);
    const tail = await recoverTail(files);
    const newest = files.at(-1);
    const index = newest === undefined ? 1 : (auditFileIndex(basename(newest)) ?? 1);
    const path = join(options.dir, auditFileName(index));
    const handle = await open(path, appendSynced, 0o600);
    if (newest === undefined) await syncDir(options.dir);
    const { size } = await handle.stat();

    const redact = createRedactor({ secrets: options.secrets ?? [] });
    const sink = new JsonlAuditSink(
      options.dir,
      handle,
      index,
      size,
      tail.head,
      maxFileBytes,
      redact,
    );
    if (tail.tornBytes > 0) {
      logger.warn(
        { event: 'audit.repair', file: path, bytes: tail.tornBytes },
        'torn last line cut',
      );
      await sink.record(repairEvent(tail.tornBytes, auditFileName(index)));
    }
    return sink;
  }

  /** The last record's seq and hash: where the next record will chain from. */
  get head(): ChainHead {
    return this.chainHead;
  }

  /** Records written and fsync'ed since open, and the group commits (batches) that did it. */
  get stats(): { records: number; batches: number } {
    return { records: this.written, batches: this.batches };
  }

  /** Validates, redacts and chains `event`; resolves when it is on disk (fsync'ed). */
  record(event: AuditEvent): Promise<void> {
    if (this.closed) return Promise.reject(sinkClosed());
    if (this.failure !== undefined) return Promise.reject(sinkFailed(this.failure));
    let line: string;
    try {
      const { record, line: text } = prepareRecord(event, this.chainHead, this.redact);
      line = text;
      this.chainHead = { seq: record.seq, hash: record.hash };
    } catch (error) {
      return Promise.reject(error);
    }
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ line, bytes: Buffer.byteLength(line), resolve, reject });
      if (!this.draining) {
        this.draining = true;
        void this.drain();
      }
    });
  }

  /** Resolves when every record accepted so far is on disk. */
  flush(): Promise<void> {
    if (!this.draining) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Flushes, then closes the file. Later `record()` calls reject. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.flush();
    await this.handle.close();
  }

  private async drain(): Promise<void> {
    while (this.pending.length > 0 && this.failure === undefined) {
      const batch = this.pending;
      this.pending = [];
      try {
        await this.writeBatch(batch);
        this.batches += 1;
        this.written += batch.length;
        for (const item of batch) item.resolve();
      } catch (error) {
        this.failure = error;
        for (const item of [...batch, ...this.pending]) item.reject(sinkFailed(error));
        this.pending = [];
      }
    }
    this.draining = false;
    for (const resolve of this.idleWaiters.splice(0)) resolve();
  }

  /** Writes a batch, starting a new file wherever the current one would pass its limit. */
  private async writeBatch(batch: readonly Pending[]): Promise<void> {
    let chunk: string[] = [];
    let chunkBytes = 0;
    for (const { line, bytes } of batch) {
      const used = this.fileBytes + chunkBytes;
      if (used > 0 && used + bytes > this.maxFileBytes) {
        await this.writeChunk(chunk, chunkBytes);
        await this.rotate();
        chunk = [];
        chunkBytes = 0;
      }
      chunk.push(line);
      chunkBytes += bytes;
    }
    await this.writeChunk(chunk, chunkBytes);
  }

  private async writeChunk(lines: string[], totalBytes: number): Promise<void> {
    if (totalBytes === 0) return;
    const bytes = Buffer.from(lines.join(''), 'utf8');
    let offset = 0;
    while (offset < bytes.length) {
      const { bytesWritten } = await this.handle.write(bytes, offset, bytes.length - offset);
      offset += bytesWritten;
    }
    this.fileBytes += totalBytes;
  }

  private async rotate(): Promise<void> {
    await this.handle.close();
    this.fileIndex += 1;
    this.handle = await open(join(this.dir, auditFileName(this.fileIndex)), appendSynced, 0o600);
    await syncDir(this.dir);
    this.fileBytes = 0;
  }
}

/** The record a sink writes about its own repair of a torn last line. */
function repairEvent(bytes: number, file: string): AuditEvent {
  return {
    id: randomUUID(),
    time: new Date().toISOString(),
    kind: 'audit',
    tenant: 'airlock',
    outcome: 'ok',
    durationMs: 0,
    detail: { repaired: 'torn last line', bytes, file },
  };
}

function sinkClosed(): AirlockError {
  return new AirlockError(ErrorCode.Internal, 'audit sink is closed; nothing was recorded', {
    hint: 'Open a new JsonlAuditSink to record more events.',
  });
}

function sinkFailed(cause: unknown): AirlockError {
  return new AirlockError(ErrorCode.Internal, 'audit sink could not write to disk', {
    cause,
    hint: 'Fix the disk problem, then reopen the sink; it repairs a torn tail on open.',
  });
}
