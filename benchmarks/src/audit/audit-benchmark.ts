import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { JsonlAuditSink } from '@airlock/audit';
import type { AuditEvent } from '@airlock/core';
import type { Benchmark, Figure } from '../harness.js';

const name = 'audit';
const writerCounts = [1, 100, 1_000];
const durationMs = 3_000;
/** On the benchmark's own disk, not a tmpfs, so every fsync reaches the device. */
const scratchParent = fileURLToPath(new URL('../../', import.meta.url));

/** An execution event of typical size: a decision, usage, about 600 bytes a line. */
function executionEvent(writer: number, n: number): AuditEvent {
  return {
    id: `w${writer}-${n}`,
    time: new Date().toISOString(),
    kind: 'execution',
    tenant: `tenant-${writer % 20}`,
    user: 'bench',
    agent: 'planner',
    executionId: `exec-${writer}-${n}`,
    codeHash: 'ab'.repeat(32),
    outcome: 'ok',
    decision: {
      allow: true,
      executor: 'isolate',
      reasons: ['pure function: no capabilities needed'],
      capabilities: ['log', 'kv'],
      limits: { timeoutMs: 1_000, memoryMb: 64, maxOutputBytes: 65_536 },
    },
    usage: { cpuMs: 2, wallMs: 3, heapBytes: 2_000_000, capabilityCalls: { log: 1 } },
    durationMs: 4,
  };
}

/** `writers` loops, each awaiting its own record() before the next, for `durationMs`. */
async function appendRate(writers: number): Promise<Figure[]> {
  const dir = mkdtempSync(join(scratchParent, '.audit-bench-'));
  try {
    const sink = await JsonlAuditSink.open({ dir });
    const endMs = performance.now() + durationMs;
    const startMs = performance.now();
    const loop = async (writer: number) => {
      for (let n = 0; performance.now() < endMs; n += 1) {
        await sink.record(executionEvent(writer, n));
      }
    };
    await Promise.all(Array.from({ length: writers }, (_, writer) => loop(writer)));
    const elapsedMs = performance.now() - startMs;
    await sink.close();
    const { records, batches } = sink.stats;
    const label = `${writers} concurrent writer${writers === 1 ? '' : 's'}`;
    return [
      {
        benchmark: name,
        metric: `records appended, fsync group commit, ${label}`,
        value: records / (elapsedMs / 1000),
        unit: 'records/s',
        note: `${records} records in ${batches} fsync'ed writes over ${Math.round(elapsedMs)} ms; target ≥ 20,000/s`,
      },
      {
        benchmark: name,
        metric: `records per fsync, ${label}`,
        value: records / batches,
        unit: 'records',
      },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * How many audit records JsonlAuditSink appends per second when every record() waits for
 * its fsync, with 1, 100 and 1,000 writers each awaiting its own records one at a time
 * (target: at least 20,000 per second). One writer is bounded by the disk's fsync latency;
 * many writers share each fsync through group commit.
 */
export const auditBenchmark: Benchmark = {
  name,
  async run() {
    const figures: Figure[] = [];
    for (const writers of writerCounts) figures.push(...(await appendRate(writers)));
    return figures;
  },
};
