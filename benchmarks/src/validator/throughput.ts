import { measure, median, megabytesPerSecond, type MeasureOptions } from '../harness.js';

/** One file as the validator receives it, with the source type its parser settled on. */
export interface Chunk {
  text: string;
  bytes: number;
  sourceType: 'module' | 'script';
}

/** A pass run elsewhere (another thread), which measures its own wall and CPU time. */
export interface RemoteContender {
  pass(): Promise<{ ms: number; cpuMs: number }>;
}

/** Called once per chunk in this thread, or a remote pass over all chunks. */
export type Contender = ((chunk: Chunk) => unknown) | RemoteContender;

async function timedPass(
  contender: Contender,
  chunks: readonly Chunk[],
): Promise<{ ms: number; cpuMs: number }> {
  if (typeof contender !== 'function') return contender.pass();
  const cpuBefore = process.cpuUsage();
  const [ms] = await measure(() => chunks.forEach(contender), { warmupRuns: 0, runs: 1 });
  const cpu = process.cpuUsage(cpuBefore);
  return { ms: ms as number, cpuMs: (cpu.user + cpu.system) / 1000 };
}

export interface ThroughputComparison {
  /** Median MB/s by wall-clock time, per contender. */
  megabytesPerSecond: Record<string, number>;
  /**
   * Median MB/s by the process's CPU time (user + system, all its threads). Other processes'
   * load moves it less than wall-clock time, but it also counts the garbage collector's
   * helper threads, so on an idle machine it can be below the wall-clock figure.
   */
  cpuMegabytesPerSecond: Record<string, number>;
  /** Per contender after the first: median over runs of its time / the first's time. */
  speedUps: Record<string, number>;
}

/**
 * Passes over every chunk once per run for each contender, taking turns run by run, so
 * a change in the machine's load during the benchmark hits all of them alike. Returns
 * each contender's median MB/s, and per run the first contender's speed-up over each other
 * one, whose median is steadier than a ratio of two medians on a shared machine.
 */
export async function compareThroughput(
  chunks: readonly Chunk[],
  contenders: Record<string, Contender>,
  { warmupRuns, runs }: MeasureOptions,
): Promise<ThroughputComparison> {
  const bytes = chunks.reduce((sum, c) => sum + c.bytes, 0);
  const names = Object.keys(contenders);
  const samplesMs: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  const cpuSamplesMs: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));

  for (let run = 0; run < runs; run += 1) {
    for (const name of names) {
      const contender = contenders[name] as Contender;
      if (run === 0) for (let i = 0; i < warmupRuns; i += 1) await timedPass(contender, chunks);
      const { ms, cpuMs } = await timedPass(contender, chunks);
      samplesMs[name]?.push(ms);
      cpuSamplesMs[name]?.push(cpuMs);
    }
  }

  const [first, ...others] = names as [string, ...string[]];
  const firstMs = samplesMs[first] as number[];
  const speedUps = Object.fromEntries(
    others.map((other) => {
      const ratios = (samplesMs[other] as number[]).map((ms, i) => ms / (firstMs[i] as number));
      return [other, median(ratios)];
    }),
  );
  const rates = (byName: Record<string, number[]>): Record<string, number> =>
    Object.fromEntries(
      names.map((n) => [n, megabytesPerSecond(bytes, median(byName[n] as number[]))]),
    );
  return {
    megabytesPerSecond: rates(samplesMs),
    cpuMegabytesPerSecond: rates(cpuSamplesMs),
    speedUps,
  };
}
