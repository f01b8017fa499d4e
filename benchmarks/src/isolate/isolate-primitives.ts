import ivm from 'isolated-vm';
import { latencyFigures, measure, type Figure } from '../harness.js';

const name = 'isolate';
const memoryLimitMb = 64;
const trivialModule = 'export default () => 1 + 1;';
const startRuns = { warmupRuns: 50, runs: 500 };
const idleIsolates = 100;

/** A context, a trivial module and the call of its default export, on `isolate`. */
function trivialRun(isolate: ivm.Isolate): void {
  const context = isolate.createContextSync();
  const module = isolate.compileModuleSync(trivialModule, { filename: 'trivial.js' });
  module.instantiateSync(context, () => {
    throw new Error('no imports');
  });
  module.evaluateSync();
  // Each handle keeps its object, and so the context, alive in the isolate until released.
  const namespace = module.namespace;
  const main = namespace.getSync('default', { reference: true }) as ivm.Reference;
  main.applySync(undefined, []);
  main.release();
  namespace.release();
  module.release();
  context.release();
}

/** New isolate, new context, trivial module run; the isolate is disposed after the clock. */
async function coldStart(): Promise<Figure[]> {
  const made: ivm.Isolate[] = [];
  const samplesMs = await measure(() => {
    const isolate = new ivm.Isolate({ memoryLimit: memoryLimitMb });
    made.push(isolate);
    trivialRun(isolate);
  }, startRuns);
  for (const isolate of made) isolate.dispose();
  const note = `isolated-vm in this process, synchronous calls, ${startRuns.runs} runs (target median ≤ 3 ms)`;
  return latencyFigures(name, 'cold start (new isolate + context + run)', samplesMs, note);
}

/** What a pooled isolate saves: only the context and the trivial module run are timed. */
async function warmPrimitive(): Promise<Figure[]> {
  const isolate = new ivm.Isolate({ memoryLimit: memoryLimitMb });
  const samplesMs = await measure(() => trivialRun(isolate), startRuns);
  isolate.dispose();
  const note = `isolated-vm in this process: an existing isolate, new context per run, ${startRuns.runs} runs`;
  return latencyFigures(name, 'warm primitive (context + run)', samplesMs, note);
}

function residentBytes(): number {
  return process.memoryUsage().rss;
}

/** Resident memory and V8 heap of blank isolates as the warm pool holds them. */
function idleIsolateMemory(): Figure[] {
  const before = residentBytes();
  const isolates = Array.from(
    { length: idleIsolates },
    () => new ivm.Isolate({ memoryLimit: memoryLimitMb }),
  );
  const rssPerIsolate = (residentBytes() - before) / idleIsolates;
  const heapPerIsolate =
    isolates.reduce((sum, isolate) => sum + isolate.getHeapStatisticsSync().total_heap_size, 0) /
    idleIsolates;
  for (const isolate of isolates) isolate.dispose();
  const kb = (bytes: number) => bytes / 1024;
  return [
    {
      benchmark: name,
      metric: 'idle pooled isolate: resident memory',
      value: kb(rssPerIsolate),
      unit: 'KiB',
      note: `RSS growth of this process over ${idleIsolates} blank isolates, divided by ${idleIsolates}`,
    },
    {
      benchmark: name,
      metric: 'idle pooled isolate: V8 heap',
      value: kb(heapPerIsolate),
      unit: 'KiB',
      note: 'total_heap_size from getHeapStatistics, averaged over the same isolates',
    },
  ];
}

/** The isolated-vm primitives behind the executor, measured without processes or IPC. */
export async function primitiveFigures(): Promise<Figure[]> {
  return [...(await coldStart()), ...(await warmPrimitive()), ...idleIsolateMemory()];
}
