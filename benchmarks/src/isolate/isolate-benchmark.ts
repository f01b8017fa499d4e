import type { Benchmark } from '../harness.js';
import { executorFigures } from './executor-figures.js';
import { primitiveFigures } from './isolate-primitives.js';

/**
 * The isolate executor's start-up, throughput, memory and timeout precision: the
 * isolated-vm primitives in this process (needs node --no-node-snapshot), then the real
 * executor with worker processes. Targets: warm start median ≤ 0.5 ms, cold start median
 * ≤ 3 ms, ≥ 1,000 trivial executions per second on 2 cores, timeout overshoot p99 ≤ 20 ms.
 */
export const isolateBenchmark: Benchmark = {
  name: 'isolate',
  async run() {
    return [...(await primitiveFigures()), ...(await executorFigures())];
  },
};
