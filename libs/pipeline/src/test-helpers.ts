import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AuditEvent, AuditSink } from '@airlock/core';
import {
  IsolateExecutor,
  createKvCapability,
  createLogCapability,
  type KvCapability,
} from '@airlock/isolate';
import { silentLogger } from '@airlock/core';
import { createDecider } from '@airlock/policy';
import { createPipeline, type Pipeline, type PipelineOptions } from './pipeline.js';

// The isolate library's own build step (under its lock, shared with its tests): worker
// processes run its compiled dist, which must be current.
export { buildIsolateLibrary } from '../../isolate/src/test-helpers.js';

/** An audit sink that keeps events in memory: a real sink, for tests and embedding. */
export class MemoryAuditSink implements AuditSink {
  readonly events: AuditEvent[] = [];

  record(event: AuditEvent): void {
    this.events.push(event);
  }
}

export interface Harness {
  executor: IsolateExecutor;
  audit: MemoryAuditSink;
  /** A pipeline over the real validator, the default policy and the shared executor. */
  pipeline(options?: Partial<PipelineOptions>): Pipeline;
  close(): Promise<void>;
}

/** A started executor with `log` and `kv` (in a temp SQLite file), and an audit sink. */
export async function startHarness(): Promise<Harness> {
  const dir = mkdtempSync(join(tmpdir(), 'airlock-pipeline-'));
  const kv: KvCapability = createKvCapability({ file: join(dir, 'kv.sqlite') });
  const log = createLogCapability({ logger: silentLogger });
  const executor = new IsolateExecutor({ workers: 1, poolSize: 1, capabilities: [log, kv] });
  await executor.start();
  const decider = createDecider();
  const audit = new MemoryAuditSink();
  return {
    executor,
    audit,
    pipeline: (options = {}) => createPipeline({ decider, executor, audit, ...options }),
    async close() {
      await executor.close();
      kv.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
