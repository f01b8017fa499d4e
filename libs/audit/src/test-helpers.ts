import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AuditEvent } from '@airlock/core';
import { afterAll } from 'vitest';

const created: string[] = [];
afterAll(() => {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A temporary folder, removed after the test file. */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'airlock-audit-'));
  created.push(dir);
  return dir;
}

/** A complete execution event; `overrides` replace fields. */
export function sampleEvent(overrides: Partial<AuditEvent> = {}): AuditEvent {
  return {
    id: 'evt-1',
    time: '2026-12-03T10:00:00.000Z',
    kind: 'execution',
    tenant: 'acme',
    user: 'ada',
    agent: 'planner',
    executionId: 'exec-1',
    codeHash: 'a'.repeat(64),
    outcome: 'ok',
    decision: {
      allow: true,
      executor: 'isolate',
      reasons: ['default allow for pure functions'],
      capabilities: ['log'],
      limits: { timeoutMs: 1000, memoryMb: 64 },
    },
    usage: { cpuMs: 3, wallMs: 5, heapBytes: 1_000_000, capabilityCalls: { log: 2 } },
    durationMs: 7,
    ...overrides,
  };
}

/** `count` events with ids `${prefix}-0`, `${prefix}-1`, … */
export function events(count: number, prefix = 'evt'): AuditEvent[] {
  return Array.from({ length: count }, (_, i) =>
    sampleEvent({ id: `${prefix}-${i}`, executionId: `exec-${i}` }),
  );
}
