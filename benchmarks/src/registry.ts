import { auditBenchmark } from './audit/audit-benchmark.js';
import { containerBenchmark } from './container/container-benchmark.js';
import type { Benchmark } from './harness.js';
import { egressBenchmark } from './egress/egress-benchmark.js';
import { gatewayBenchmark } from './gateway/gateway-benchmark.js';
import { isolateBenchmark } from './isolate/isolate-benchmark.js';
import { policyBenchmark } from './policy/policy-benchmark.js';
import { validatorBenchmark } from './validator/validator-benchmark.js';

/** Every benchmark, in the order `npm run bench` runs them. Add a new one with one line. */
export const benchmarks: readonly Benchmark[] = [
  // validate(): throughput beside ESLint, latency per snippet
  validatorBenchmark,
  // decide() and evaluateRef latency of the default policy; conformance wall time
  policyBenchmark,
  // cold and warm isolate starts, executions per second, idle memory, timeout overshoot
  isolateBenchmark,
  // the egress proxy's added latency per request, forward and service route, median and p99
  egressBenchmark,
  // audit records appended per second with fsync group commit, 1 to 1,000 writers
  auditBenchmark,
  // POST /v1/executions over HTTP beside the executor alone: latency, overhead, throughput
  gatewayBenchmark,
  // sandboxes: cold create + exec beside plain docker run, warm-pool acquisition, idle memory
  containerBenchmark,
];
