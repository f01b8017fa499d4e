import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { gatewayConfigSchema, startGateway, type Gateway } from '@airlock/gateway';
import type { IsolateExecutor } from '@airlock/isolate';
import { latencyFigures, median, type Benchmark, type Figure } from '../harness.js';

const name = 'gateway';
const key = 'benchmark-key-0123456789abcdef0123';
const tenant = 'demo';
/** A tool an agent calls again and again: the same code, new input each time. */
const toolCode = 'export default (input) => input + 1;';

interface Run {
  code: string;
  input: number;
}
const warmupRuns = 300;
const runs = 2_000;
const concurrentCallers = 50;
const throughputExecutions = 6_000;

let executionCounter = 0;

const toolRun = (i: number): Run => ({ code: toolCode, input: i });
/** Code never seen before: the validator cannot answer from memory. */
const newCodeRun = (i: number): Run => ({
  code: `export default (input) => input + ${i};`,
  input: i,
});

/** One POST /v1/executions over a keep-alive agent; rejects unless the run ended `ok`. */
function postExecution(agent: http.Agent, port: number, run: Run): Promise<void> {
  const body = JSON.stringify({ tenant, language: 'javascript', ...run });
  return new Promise((resolve, reject) => {
    const request = http.request(
      {
        host: '127.0.0.1',
        port,
        path: '/v1/executions',
        method: 'POST',
        agent,
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      },
      (response) => {
        let text = '';
        response.on('data', (chunk: Buffer) => (text += chunk.toString()));
        response.on('end', () => {
          const ok = response.statusCode === 200 && text.includes('"status":"ok"');
          if (ok) resolve();
          else reject(new Error(`HTTP ${response.statusCode}: ${text.slice(0, 200)}`));
        });
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

/** The same trivial execution straight into the executor the gateway uses. */
async function executeDirect(executor: IsolateExecutor, run: Run): Promise<void> {
  executionCounter += 1;
  const result = await executor.execute({
    executionId: `bench-direct-${executionCounter}`,
    tenant,
    language: 'javascript',
    capabilities: [],
    ...run,
  });
  if (result.status !== 'ok') throw new Error(`direct execution ended ${result.status}`);
}

async function timed(work: () => Promise<void>): Promise<number> {
  const startMs = performance.now();
  await work();
  return performance.now() - startMs;
}

/** Gateway and direct runs alternate one by one, so both see the same machine load. */
async function latencies(
  gateway: Gateway,
  port: number,
  runFor: (i: number) => Run,
): Promise<[number[], number[]]> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const executor = gateway.context.runtime.executor;
  const viaGateway: number[] = [];
  const direct: number[] = [];
  for (let i = 0; i < warmupRuns + runs; i += 1) {
    const run = runFor(i);
    const gatewayMs = await timed(() => postExecution(agent, port, run));
    const directMs = await timed(() => executeDirect(executor, run));
    if (i < warmupRuns) continue;
    viaGateway.push(gatewayMs);
    direct.push(directMs);
  }
  agent.destroy();
  return [viaGateway, direct];
}

async function perSecond(work: () => Promise<void>): Promise<number> {
  let started = 0;
  const caller = async () => {
    while (started < throughputExecutions) {
      started += 1;
      await work();
    }
  };
  const startedMs = performance.now();
  await Promise.all(Array.from({ length: concurrentCallers }, caller));
  return throughputExecutions / ((performance.now() - startedMs) / 1000);
}

async function throughputs(gateway: Gateway, port: number): Promise<[number, number]> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrentCallers });
  let i = 0;
  const viaGateway = await perSecond(() => postExecution(agent, port, toolRun(i++)));
  agent.destroy();
  const executor = gateway.context.runtime.executor;
  const direct = await perSecond(() => executeDirect(executor, toolRun(i++)));
  return [viaGateway, direct];
}

/** Latency figures of one loop: via the gateway, direct, and the gateway's overhead. */
function latencyFiguresOf(label: string, samples: [number[], number[]], how: string): Figure[] {
  const [viaGateway, direct] = samples;
  return [
    ...latencyFigures(
      name,
      `${label}: POST /v1/executions`,
      viaGateway,
      `${how} (target median ≤ 3 ms)`,
    ),
    ...latencyFigures(name, `${label}: the executor directly`, direct, how),
    {
      benchmark: name,
      metric: `${label}: gateway overhead (median difference)`,
      value: median(viaGateway) - median(direct),
      unit: 'ms',
      note: 'HTTP, auth, validator, policy, audit O_DSYNC write (target ≤ 1.5 ms)',
    },
  ];
}

function rateFigures(rates: [number, number]): Figure[] {
  const note = `${throughputExecutions} executions of the tool code, 2 workers`;
  const rate = (metric: string, value: number): Figure => ({
    benchmark: name,
    metric,
    value,
    unit: 'exec/s',
    note,
  });
  return [
    rate(`throughput over HTTP, ${concurrentCallers} callers`, rates[0]),
    rate(`throughput via the executor directly, ${concurrentCallers} callers`, rates[1]),
  ];
}

/** The gateway with its real audit log (fsync), default policy and 2 isolate workers. */
async function run(): Promise<Figure[]> {
  const dir = mkdtempSync(join(tmpdir(), 'airlock-bench-gateway-'));
  const config = gatewayConfigSchema.parse({
    server: { port: 0 },
    apiKeys: [{ name: 'bench', key, tenants: [tenant] }],
    audit: { dir: join(dir, 'audit') },
    isolate: { workers: 2, poolSize: 4 },
    concurrency: { perTenant: 64, queuePerTenant: 1_000 },
    logLevel: 'silent',
  });
  const gateway = await startGateway({ config });
  try {
    const port = Number(new URL(gateway.url).port);
    const alternating = `${runs} sequential runs for one tenant, alternating gateway and direct`;
    const tool = await latencies(gateway, port, toolRun);
    const fresh = await latencies(gateway, port, newCodeRun);
    return [
      ...latencyFiguresOf('tool code, new input each run', tool, alternating),
      ...latencyFiguresOf('new code each run', fresh, `${alternating}; nothing remembered`),
      ...rateFigures(await throughputs(gateway, port)),
    ];
  } finally {
    await gateway.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export const gatewayBenchmark: Benchmark = { name, run };
