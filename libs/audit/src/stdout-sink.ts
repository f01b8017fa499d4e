import type { AuditEvent, AuditSink } from '@airlock/core';
import { emptyChainHead, type ChainHead } from './chain.js';
import { prepareRecord } from './prepare-record.js';
import { createRedactor, type RedactorOptions } from './redact.js';

/** Anything with a Node-style `write`: `process.stdout`, a socket, a file stream. */
export interface WritableLike {
  write(chunk: string, callback?: (error?: Error | null) => void): boolean;
}

/**
 * Writes one JSON line per event to a stream, for log shippers that read a process's
 * output. Records are chained like the file sink's, so a shipper that keeps them all
 * can verify them. `record()` resolves when the stream has taken the line.
 *
 * NOTE: what happens after the stream takes a line (buffering, a shipper restarting) is
 * outside this sink; it makes no durability promise the way the file sink does.
 */
export class StdoutAuditSink implements AuditSink {
  private chainHead: ChainHead = emptyChainHead;
  private readonly redact: <T>(value: T) => T;

  constructor(
    private readonly stream: WritableLike = process.stdout,
    options: RedactorOptions = {},
  ) {
    this.redact = createRedactor(options);
  }

  record(event: AuditEvent): Promise<void> {
    let line: string;
    try {
      const sealed = prepareRecord(event, this.chainHead, this.redact);
      this.chainHead = { seq: sealed.record.seq, hash: sealed.record.hash };
      line = sealed.line;
    } catch (error) {
      return Promise.reject(error);
    }
    return new Promise((resolve, reject) => {
      this.stream.write(line, (error) => (error ? reject(error) : resolve()));
    });
  }
}
