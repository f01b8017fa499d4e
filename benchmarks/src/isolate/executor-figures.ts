import { IsolateExecutor, type ExecutionRequest, type ExecutionResult } from '@airlock/isolate';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { latencyFigures, measure, type Figure } from '../harness.js';

const name = 'isolate';
const trivialCode = 'export default () => 1 + 1;';
const startRuns = { warmupRuns: 100, runs: 1_000 };
const concurrentCallers = 50;
const throughputExecutions = 8_000;
const overshootRuns = 60;
const overshootBudgetMs = 100;

let executionCounter = 0;

function trivialRequest(tenant: string, code = trivialCode): ExecutionRequest {
  executionCounter += 1;
  return {
    executionId: `bench-${executionCounter}`,
    tenant,
    code,
    language: 'javascript',
    capabilities: [],
  };
}

async function executeOk(executor: IsolateExecutor, request: ExecutionRequest): Promise<void> {
  const result: ExecutionResult = await executor.execute(request);
  if (result.status !== 'ok') {
    throw new Error(`benchmark execution ended ${result.status}: ${result.error?.message}`);
  }
}

async function withExecutor<T>(
  options: ConstructorParameters<typeof IsolateExecutor>[0],
  body: (executor: IsolateExecutor) => Promise<T>,
): Promise<T> {
  const executor = new IsolateExecutor(options);
  await executor.start();
  try {
    return await body(executor);
  } finally {
    await executor.close();
  }
}

/** Idle time before each spaced request (not timed): enough for the worker's idle-time work. */
const spacingMs = 5;

/** Like `measure`, with `spacingMs` of idle time before each run, outside the clock. */
async function measureSpaced(fn: () => Promise<unknown>): Promise<number[]> {
  const samplesMs: number[] = [];
  for (let run = 0; run < startRuns.warmupRuns + startRuns.runs; run++) {
    await sleep(spacingMs);
    const startedMs = performance.now();
    await fn();
    if (run >= startRuns.warmupRuns) samplesMs.push(performance.now() - startedMs);
  }
  return samplesMs;
}

/**
 * execute() of a trivial module, one at a time: a new tenant each run takes a blank isolate
 * from the warm pool; a returning tenant gets its own idle isolate back. A warm start is a
 * request that finds the worker's idle-time work done (the warm pool refilled, a context
 * made ahead for the tenant's idle isolate): the requests are spaced apart for that. Back to
 * back, that work falls on the next request: the pool of 4 is drained after 4 new tenants,
 * so they pay a new isolate, and a returning tenant pays its new context.
 */
async function warmStarts(): Promise<Figure[]> {
  return withExecutor({ workers: 1, poolSize: 4 }, async (executor) => {
    let tenant = 0;
    const newTenant = () => executeOk(executor, trivialRequest(`tenant-${++tenant}`));
    const returning = () => executeOk(executor, trivialRequest('tenant-returning'));
    const samples = {
      fresh: await measureSpaced(newTenant),
      returning: await measureSpaced(returning),
      freshBackToBack: await measure(newTenant, startRuns),
      returningBackToBack: await measure(returning, startRuns),
    };
    const how = `execute() end to end: IPC to a worker, context, bootstrap, module, call; ${startRuns.runs} runs`;
    const spaced = `${how}, each after ${spacingMs} ms idle (not timed) (target median ≤ 0.5 ms)`;
    const backToBack = `${how}, back to back: the worker's idle-time work lands on the next request`;
    return [
      ...latencyFigures(
        name,
        'warm start, new tenant (blank pooled isolate)',
        samples.fresh,
        spaced,
      ),
      ...latencyFigures(name, 'warm start, returning tenant', samples.returning, spaced),
      ...latencyFigures(name, 'new tenant, back to back', samples.freshBackToBack, backToBack),
      ...latencyFigures(
        name,
        'returning tenant, back to back',
        samples.returningBackToBack,
        backToBack,
      ),
    ];
  });
}

/** execute() with an empty warm pool: every new tenant waits for a new isolate. */
async function coldStartEndToEnd(): Promise<Figure[]> {
  return withExecutor(
    { workers: 1, poolSize: 0, maxIdleIsolatesPerWorker: 1 },
    async (executor) => {
      let tenant = 0;
      const samples = await measure(() => executeOk(executor, trivialRequest(`cold-${++tenant}`)), {
        warmupRuns: 20,
        runs: 300,
      });
      return latencyFigures(
        name,
        'cold start end to end (no warm pool)',
        samples,
        'execute() with poolSize 0, a new tenant each run; 300 runs',
      );
    },
  );
}

/**
 * 50 callers each running trivial executions back to back on 2 workers, with 20 and with
 * 100 tenants; each worker keeps up to 128 idle tenant isolates (the default), so after the
 * warm-up every tenant finds its own idle isolate again.
 */
async function throughput(tenants: number): Promise<Figure> {
  return withExecutor({ workers: 2, poolSize: 4 }, async (executor) => {
    let started = 0;
    const caller = async (): Promise<void> => {
      while (started < throughputExecutions) {
        started += 1;
        await executeOk(executor, trivialRequest(`tenant-${started % tenants}`));
      }
    };
    const warmup = Array.from({ length: tenants }, (_, i) =>
      executeOk(executor, trivialRequest(`tenant-${i}`)),
    );
    await Promise.all(warmup);
    const startedMs = performance.now();
    await Promise.all(Array.from({ length: concurrentCallers }, caller));
    const seconds = (performance.now() - startedMs) / 1000;
    return {
      benchmark: name,
      metric: `trivial executions, ${concurrentCallers} callers, ${tenants} tenants`,
      value: throughputExecutions / seconds,
      unit: 'exec/s',
      note: `${throughputExecutions} executions on 2 worker processes (target ≥ 1,000/s)`,
    };
  });
}

/** Resident memory of a process in bytes, from /proc (Linux); undefined elsewhere. */
function residentBytesOf(pid: number): number | undefined {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match === null ? undefined : Number(match[1]) * 1024;
  } catch {
    return undefined;
  }
}

/** What a worker holds per idle tenant isolate: the isolate, its heap and its prepared context. */
async function idleTenantMemory(): Promise<Figure[]> {
  const tenants = 100;
  return withExecutor({ workers: 1, poolSize: 4 }, async (executor) => {
    const pid = executor.stats().workerProcesses[0]?.pid;
    if (pid === undefined) return [];
    await sleep(500);
    const before = residentBytesOf(pid);
    for (let tenant = 0; tenant < tenants; tenant++) {
      await executeOk(executor, trivialRequest(`memory-${tenant}`));
    }
    // The worker prepares the idle isolates' contexts once it is idle.
    await sleep(1_000);
    const after = residentBytesOf(pid);
    if (before === undefined || after === undefined) return [];
    return [
      {
        benchmark: name,
        metric: 'idle tenant isolate with its prepared context: resident memory',
        value: (after - before) / tenants / 1024,
        unit: 'KiB',
        note: `RSS growth of one worker process over ${tenants} tenants (one trivial run each), divided by ${tenants}`,
      },
    ];
  });
}

/** How long past a 100 ms CPU budget an endless loop is answered `timeout`. */
async function timeoutOvershoot(): Promise<Figure[]> {
  return withExecutor({ workers: 1, poolSize: 2 }, async (executor) => {
    const overshootMs: number[] = [];
    for (let run = 0; run < overshootRuns; run++) {
      const request = trivialRequest(`looper-${run}`, 'export default () => { for (;;) {} }');
      request.limits = { timeoutMs: overshootBudgetMs };
      const startedMs = performance.now();
      const result = await executor.execute(request);
      if (result.status !== 'timeout') throw new Error(`a loop ended ${result.status}`);
      overshootMs.push(performance.now() - startedMs - overshootBudgetMs);
    }
    const note = `execute() wall time minus the ${overshootBudgetMs} ms CPU budget, ${overshootRuns} runs (target p99 ≤ 20 ms)`;
    return latencyFigures(
      name,
      `timeout overshoot, ${overshootBudgetMs} ms budget`,
      overshootMs,
      note,
    );
  });
}

/** End-to-end figures through IsolateExecutor, with real worker processes. */
export async function executorFigures(): Promise<Figure[]> {
  return [
    ...(await warmStarts()),
    ...(await coldStartEndToEnd()),
    ...(await idleTenantMemory()),
    await throughput(20),
    await throughput(100),
    ...(await timeoutOvershoot()),
  ];
}
