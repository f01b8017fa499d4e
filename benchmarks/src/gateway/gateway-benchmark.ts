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
const code = 'export default (input) => input + 1;';
const warmupRuns = 300;
const runs = 2_000;
const concurrentCallers = 50;
const throughputExecutions = 6_000;

let executionCounter = 0;

/** One POST /v1/executions over a keep-alive agent; rejects unless the run ended `ok`. */
function postExecution(agent: http.Agent, port: number): Promise<void> {
  const body = JSON.stringify({ tenant, language: 'javascript', code, input: 1 });
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
async function executeDirect(executor: IsolateExecutor): Promise<void> {
  executionCounter += 1;
  const result = await executor.execute({
    executionId: `bench-direct-${executionCounter}`,
    tenant,
    code,
    language: 'javascript',
    input: 1,
    capabilities: [],
  });
  if (result.status !== 'ok') throw new Error(`direct execution ended ${result.status}`);
}

async function timed(work: () => Promise<void>): Promise<number> {
  const startMs = performance.now();
  await work();
  return performance.now() - startMs;
}

/** Gateway and direct runs alternate one by one, so both see the same machine load. */
async function latencies(gateway: Gateway, port: number): Promise<[number[], number[]]> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const executor = gateway.context.runtime.executor;
  const viaGateway: number[] = [];
  const direct: number[] = [];
  for (let i = 0; i < warmupRuns + runs; i += 1) {
    const gatewayMs = await timed(() => postExecution(agent, port));
    const directMs = await timed(() => executeDirect(executor));
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
  const viaGateway = await perSecond(() => postExecution(agent, port));
  agent.destroy();
  const direct = await perSecond(() => executeDirect(gateway.context.runtime.executor));
  return [viaGateway, direct];
}

function figuresOf(samples: [number[], number[]], rates: [number, number]): Figure[] {
  const [viaGateway, direct] = samples;
  const overheadMs = median(viaGateway) - median(direct);
  const how = `${runs} sequential runs of a trivial module for one tenant, alternating with direct runs`;
  const rate = (metric: string, value: number, note: string): Figure => ({
    benchmark: name,
    metric,
    value,
    unit: 'exec/s',
    note,
  });
  return [
    ...latencyFigures(
      name,
      'POST /v1/executions end to end',
      viaGateway,
      `${how} (target median ≤ 3 ms)`,
    ),
    ...latencyFigures(name, 'same run via the executor directly', direct, how),
    {
      benchmark: name,
      metric: 'gateway overhead: median difference',
      value: overheadMs,
      unit: 'ms',
      note: 'HTTP, auth, validator, policy, audit fsync (target ≤ 1.5 ms)',
    },
    {
      benchmark: name,
      metric: 'gateway / direct: median ratio',
      value: median(viaGateway) / median(direct),
      unit: '×',
      note: 'both measured in the same loop',
    },
    rate(
      `throughput over HTTP, ${concurrentCallers} callers`,
      rates[0],
      `${throughputExecutions} executions, 2 workers`,
    ),
    rate(
      `throughput via the executor directly, ${concurrentCallers} callers`,
      rates[1],
      `${throughputExecutions} executions, 2 workers`,
    ),
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
    const samples = await latencies(gateway, port);
    const rates = await throughputs(gateway, port);
    return figuresOf(samples, rates);
  } finally {
    await gateway.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export const gatewayBenchmark: Benchmark = { name, run };
