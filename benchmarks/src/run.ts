import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { machineDescription, round, type Benchmark, type Figure } from './harness.js';
import { benchmarks } from './registry.js';

const resultsDir = fileURLToPath(new URL('../results/', import.meta.url));

/** The benchmarks whose name contains `filter`; all of them without one. */
function selected(filter: string | undefined): readonly Benchmark[] {
  if (filter === undefined) return benchmarks;
  const chosen = benchmarks.filter((b) => b.name.includes(filter));
  if (chosen.length === 0) {
    const names = benchmarks.map((b) => b.name).join(', ');
    throw new Error(`No benchmark matches "${filter}"; the benchmarks are: ${names}.`);
  }
  return chosen;
}

function printTable(figures: readonly Figure[]): void {
  const header = ['benchmark', 'metric', 'value', 'unit'];
  const rows = figures.map((f) => [f.benchmark, f.metric, String(round(f.value)), f.unit]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]): string =>
    cells
      .map((c, i) => (i === 2 ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0)))
      .join('  ');

  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of rows) console.log(line(row));

  const notes = figures.filter((f) => f.note !== undefined);
  if (notes.length > 0) console.log('');
  for (const f of notes) console.log(`${f.benchmark} · ${f.metric}: ${f.note}`);
}

async function main(): Promise<void> {
  const machine = machineDescription();
  const { cpuModel, cpuCount, totalMemoryMb, node, platform, loadAverage1m } = machine;
  console.log(`${cpuModel} × ${cpuCount}, ${totalMemoryMb} MB, node ${node}, ${platform}`);
  console.log(`load average (1 min) at start: ${loadAverage1m}\n`);

  const figures: Figure[] = [];
  for (const benchmark of selected(process.argv[2])) {
    console.log(`running ${benchmark.name}…`);
    figures.push(...(await benchmark.run()));
  }

  console.log('');
  printTable(figures);

  mkdirSync(resultsDir, { recursive: true });
  const date = new Date().toISOString();
  const rounded = figures.map((f) => ({ ...f, value: round(f.value), date }));
  const report = { date, machine, figures: [...earlierFigures(rounded), ...rounded] };
  writeFileSync(`${resultsDir}latest.json`, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`\nwritten to ${resultsDir}latest.json`);
}

/**
 * Figures of benchmarks this run did not repeat, kept from the previous file, so running
 * one benchmark by name does not erase the others; each figure carries its own date.
 */
function earlierFigures(fresh: readonly Figure[]): Figure[] {
  const rerun = new Set(fresh.map((f) => f.benchmark));
  try {
    const previous = JSON.parse(readFileSync(`${resultsDir}latest.json`, 'utf8')) as {
      date?: string;
      figures?: Array<Figure & { date?: string }>;
    };
    return (previous.figures ?? [])
      .filter((f) => !rerun.has(f.benchmark))
      .map((f) => ({ ...f, date: f.date ?? previous.date }));
  } catch {
    return [];
  }
}

await main();
