import { describe, expect, it } from 'vitest';
import {
  latencyFigures,
  machineDescription,
  measure,
  median,
  megabytesPerSecond,
  percentile,
  round,
} from './harness.js';
import { benchmarks } from './registry.js';

describe('median', () => {
  it('takes the middle sample of an odd count, whatever the order', () => {
    expect(median([9, 1, 5])).toBe(5);
    expect(median([4])).toBe(4);
  });

  it('takes the mean of the two middle samples of an even count', () => {
    expect(median([10, 2, 4, 8])).toBe(6);
  });

  it('refuses an empty list instead of returning NaN', () => {
    expect(() => median([])).toThrow(RangeError);
  });
});

describe('percentile (nearest rank)', () => {
  const hundred = Array.from({ length: 100 }, (_, i) => 100 - i); // 100 … 1, unsorted

  it('gives the sample at rank ceil(p/100 × n)', () => {
    expect(percentile(hundred, 99)).toBe(99);
    expect(percentile(hundred, 50)).toBe(50);
    expect(percentile([15, 20, 35, 40, 50], 30)).toBe(20);
    expect(percentile([15, 20, 35, 40, 50], 40)).toBe(20);
    expect(percentile([15, 20, 35, 40, 50], 41)).toBe(35);
  });

  it('gives the minimum at 0 and the maximum at 100', () => {
    expect(percentile(hundred, 0)).toBe(1);
    expect(percentile(hundred, 100)).toBe(100);
  });

  it('refuses a percent outside 0…100', () => {
    expect(() => percentile(hundred, 101)).toThrow(/between 0 and 100/);
    expect(() => percentile(hundred, Number.NaN)).toThrow(RangeError);
  });
});

describe('measure', () => {
  it('calls the function warmup + runs times and returns one sample per run', async () => {
    let calls = 0;
    const samples = await measure(() => (calls += 1), { warmupRuns: 2, runs: 3 });
    expect(calls).toBe(5);
    expect(samples).toHaveLength(3);
    expect(samples.every((ms) => ms >= 0)).toBe(true);
  });

  it('awaits a function that returns a promise', async () => {
    const finished: number[] = [];
    await measure(async () => finished.push(await Promise.resolve(1)), { warmupRuns: 0, runs: 2 });
    expect(finished).toEqual([1, 1]);
  });
});

describe('units and rounding', () => {
  it('converts bytes and milliseconds to decimal MB/s', () => {
    expect(megabytesPerSecond(3_000_000, 1500)).toBe(2);
  });

  it('keeps four significant digits', () => {
    expect(round(12.34567)).toBe(12.35);
    expect(round(0.000123456)).toBe(0.0001235);
  });
});

describe('the machine and the registry', () => {
  it('describes the machine', () => {
    const machine = machineDescription();
    expect(machine.cpuCount).toBeGreaterThan(0);
    expect(machine.totalMemoryMb).toBeGreaterThan(0);
    expect(machine.node).toBe(process.version);
  });

  it('lists the validator benchmark once', () => {
    const names = benchmarks.map((b) => b.name);
    expect(names.filter((n) => n === 'validator')).toHaveLength(1);
    expect(new Set(names).size).toBe(names.length);
  });
});

describe('latencyFigures', () => {
  it('gives the median and p99 under the label, scaled to the unit', () => {
    const figures = latencyFigures('b', 'run', [1, 2, 3, 4], 'n', 'µs');
    expect(figures).toEqual([
      { benchmark: 'b', metric: 'run: median', value: 2500, unit: 'µs', note: 'n' },
      { benchmark: 'b', metric: 'run: p99', value: 4000, unit: 'µs', note: 'n' },
    ]);
    expect(latencyFigures('b', 'run', [5], 'n')[0]).toMatchObject({ value: 5, unit: 'ms' });
  });
});
