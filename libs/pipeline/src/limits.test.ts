import { defaultIsolateLimits } from '@airlock/isolate';
import { describe, expect, it } from 'vitest';
import { isolateLimitsFor } from './limits.js';

const decided = { timeoutMs: 1_000, memoryMb: 64, wallTimeMs: 5_000, maxProcesses: 64 };

describe('isolateLimitsFor', () => {
  const cases = [
    { name: 'asks for more: the decision wins', asked: { timeoutMs: 9_000 }, timeoutMs: 1_000 },
    { name: 'asks for less: the request wins', asked: { timeoutMs: 200 }, timeoutMs: 200 },
    // Boundary: exactly the ceiling is allowed as asked.
    { name: 'asks for exactly the ceiling', asked: { timeoutMs: 1_000 }, timeoutMs: 1_000 },
    { name: 'asks nothing: the decision', asked: undefined, timeoutMs: 1_000 },
  ];
  it.each(cases)('$name', ({ asked, timeoutMs }) => {
    expect(isolateLimitsFor(asked, decided).timeoutMs).toBe(timeoutMs);
  });

  it('caps a limit the decision leaves out at the executor default, never above', () => {
    const limits = isolateLimitsFor({ maxOutputBytes: 1e9, maxCapabilityCalls: 5 }, decided);
    expect(limits.maxOutputBytes).toBe(defaultIsolateLimits.maxOutputBytes);
    expect(limits.maxCapabilityCalls).toBe(5);
  });

  it('keeps only isolate limits; container limits do not reach the executor', () => {
    const limits = isolateLimitsFor({ maxProcesses: 4, diskMb: 10 }, decided);
    expect(Object.keys(limits).sort()).toEqual(Object.keys(defaultIsolateLimits).sort());
  });
});
