import { cpus, loadavg, platform, release, totalmem } from 'node:os';
import { performance } from 'node:perf_hooks';

/** One measured number, as printed in the table and written to results/latest.json. */
export interface Figure {
  benchmark: string;
  metric: string;
  value: number;
  unit: string;
  /** What the number means when the metric name does not say it all. */
  note?: string;
}

/** A benchmark module: registered in registry.ts, run in order by run.ts. */
export interface Benchmark {
  name: string;
  run(): Promise<Figure[]>;
}

export interface MeasureOptions {
  /** Calls made first and thrown away, so the JIT has settled. */
  warmupRuns: number;
  /** Calls that are timed. */
  runs: number;
}

/**
 * Times `fn` once per run and returns each run's duration in milliseconds. A function that
 * returns a promise is awaited; a synchronous one is timed without a microtask in between.
 */
export async function measure(
  fn: () => unknown,
  { warmupRuns, runs }: MeasureOptions,
): Promise<number[]> {
  for (let i = 0; i < warmupRuns; i += 1) await settle(fn());

  const samplesMs: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const startMs = performance.now();
    const outcome = fn();
    if (outcome instanceof Promise) await outcome;
    samplesMs.push(performance.now() - startMs);
  }
  return samplesMs;
}

async function settle(outcome: unknown): Promise<void> {
  if (outcome instanceof Promise) await outcome;
}

function sortedCopy(samples: readonly number[]): number[] {
  if (samples.length === 0) throw new RangeError('No samples: measure at least one run.');
  return [...samples].sort((a, b) => a - b);
}

/** The middle sample; the mean of the two middle ones for an even count. */
export function median(samples: readonly number[]): number {
  const sorted = sortedCopy(samples);
  const middle = Math.floor(sorted.length / 2);
  if (sorted.length % 2 === 1) return sorted[middle] as number;
  return ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/**
 * The nearest-rank percentile: the smallest sample that at least `percent` % of the
 * samples are less than or equal to. `percent` is 0 to 100; 0 gives the minimum.
 */
export function percentile(samples: readonly number[], percent: number): number {
  if (!(percent >= 0 && percent <= 100)) {
    throw new RangeError(`percent must be between 0 and 100; got ${percent}.`);
  }
  const sorted = sortedCopy(samples);
  const rank = Math.max(1, Math.ceil((percent / 100) * sorted.length));
  return sorted[rank - 1] as number;
}

/**
 * Latency samples (milliseconds) as two figures, `<label>: median` and `<label>: p99`, in
 * milliseconds or microseconds.
 */
export function latencyFigures(
  benchmark: string,
  label: string,
  samplesMs: readonly number[],
  note: string,
  unit: 'ms' | 'µs' = 'ms',
): Figure[] {
  const scale = unit === 'µs' ? 1000 : 1;
  const figure = (stat: string, valueMs: number): Figure => ({
    benchmark,
    metric: `${label}: ${stat}`,
    value: valueMs * scale,
    unit,
    note,
  });
  return [figure('median', median(samplesMs)), figure('p99', percentile(samplesMs, 99))];
}

export interface MachineDescription {
  cpuModel: string;
  cpuCount: number;
  totalMemoryMb: number;
  node: string;
  platform: string;
  /** Runnable processes averaged over the last minute: above cpuCount, figures are low. */
  loadAverage1m: number;
}

/** What the figures were measured on, and how busy it was, stored beside them. */
export function machineDescription(): MachineDescription {
  const cores = cpus();
  return {
    cpuModel: cores[0]?.model.trim() ?? 'unknown',
    cpuCount: cores.length,
    totalMemoryMb: Math.round(totalmem() / (1024 * 1024)),
    node: process.version,
    platform: `${platform()} ${release()}`,
    loadAverage1m: Math.round((loadavg()[0] ?? 0) * 100) / 100,
  };
}

/** Bytes per second as decimal megabytes (10^6 bytes) per second. */
export function megabytesPerSecond(bytes: number, durationMs: number): number {
  return bytes / 1e6 / (durationMs / 1000);
}

/** Rounds to a few significant digits for printing and storing. */
export function round(value: number, significantDigits = 4): number {
  if (value === 0 || !Number.isFinite(value)) return value;
  return Number(value.toPrecision(significantDigits));
}
