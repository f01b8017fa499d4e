import {
  RegoPolicyEngine,
  createDecider,
  defaultCasesDir,
  defaultPolicyPath,
  fromJSON,
  loadCases,
  loadPolicy,
  runCase,
} from '@airlock/policy';
import { performance } from 'node:perf_hooks';
import { latencyFigures, measure, type Benchmark, type Figure } from '../harness.js';
import { representativeInputs } from './policy-inputs.js';

const name = 'policy';
const latencyRuns = { warmupRuns: 2_000, runs: 20_000 };
const entrypoint = 'data.airlock.decision';

/**
 * decide(): zod on the input, evaluation, zod on the decision, the log call; with the
 * memo off, so every call evaluates. One more figure: the same input answered from memory.
 */
async function deciderLatency(): Promise<Figure[]> {
  const decider = createDecider({ memoEntries: 0 });
  const figures: Figure[] = [];
  for (const { label, input } of representativeInputs) {
    const samplesMs = await measure(() => decider.decide(input), latencyRuns);
    const note = `${latencyRuns.runs} calls, each evaluated (memo off)`;
    figures.push(...latencyFigures(name, `decide() ${label}`, samplesMs, note, 'µs'));
  }
  const remembering = createDecider();
  const [first] = representativeInputs;
  if (first !== undefined) {
    const samplesMs = await measure(() => remembering.decide(first.input), latencyRuns);
    const note = `${latencyRuns.runs} calls of one input: the default memo answers`;
    figures.push(...latencyFigures(name, 'decide() remembered input', samplesMs, note, 'µs'));
  }
  return figures;
}

/** The evaluator alone: data and input already Rego values, no schema checks. */
async function evaluatorLatency(): Promise<Figure[]> {
  const { modules, data } = loadPolicy([defaultPolicyPath]);
  const engine = new RegoPolicyEngine({ modules, data });
  const figures: Figure[] = [];
  for (const { label, input } of representativeInputs) {
    const options = { input: fromJSON(input), data: engine.data };
    const samplesMs = await measure(
      () => engine.policy.evaluateRef(entrypoint, options),
      latencyRuns,
    );
    const note = `${latencyRuns.runs} calls of CompiledPolicy.evaluateRef`;
    figures.push(...latencyFigures(name, `evaluateRef ${label}`, samplesMs, note, 'µs'));
  }
  return figures;
}

/** Every conformance case: load, compile, evaluate and compare, as the ratchet test does. */
function conformanceWallTime(): Figure {
  const startMs = performance.now();
  const cases = loadCases(defaultCasesDir);
  const passed = cases.map(runCase).filter((r) => r.pass).length;
  return {
    benchmark: name,
    metric: 'conformance run: wall time',
    value: performance.now() - startMs,
    unit: 'ms',
    note: `${passed} of ${cases.length} cases pass`,
  };
}

/**
 * How long a decision of the default policy takes, through decide() and through the
 * evaluator directly, for three representative requests (targets: median ≤ 50 µs,
 * p99 ≤ 250 µs); and how long the whole conformance suite takes.
 */
export const policyBenchmark: Benchmark = {
  name,
  async run() {
    return [...(await deciderLatency()), ...(await evaluatorLatency()), conformanceWallTime()];
  },
};
