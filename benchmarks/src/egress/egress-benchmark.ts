import { EgressProxy } from '@airlock/egress';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { median, percentile, type Benchmark, type Figure } from '../harness.js';

const name = 'egress';
const warmupRuns = 1_000;
const runs = 5_000;
const responseBody = 'x'.repeat(256);

interface Target {
  port: number;
  path: string;
  headers: Record<string, string>;
}

/** One GET over a keep-alive agent; resolves when the whole body has arrived. */
function get(agent: http.Agent, target: Target): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', agent, ...target }, (res) => {
      res.on('data', () => undefined);
      res.on('end', () =>
        res.statusCode === 200 ? resolve() : reject(new Error(`status ${res.statusCode}`)),
      );
    });
    req.on('error', reject);
  });
}

async function timed(agent: http.Agent, target: Target): Promise<number> {
  const startMs = performance.now();
  await get(agent, target);
  return performance.now() - startMs;
}

async function listen(server: http.Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

/** Direct and proxied requests alternate, so both see the same machine load. */
async function interleaved(targets: Target[]): Promise<number[][]> {
  const agents = targets.map(() => new http.Agent({ keepAlive: true, maxSockets: 1 }));
  const samples: number[][] = targets.map(() => []);
  for (let i = 0; i < warmupRuns + runs; i += 1) {
    for (const [index, target] of targets.entries()) {
      const ms = await timed(agents[index] as http.Agent, target);
      if (i >= warmupRuns) samples[index]?.push(ms);
    }
  }
  for (const agent of agents) agent.destroy();
  return samples;
}

function figures(label: string, samplesMs: number[], directMs: number[]): Figure[] {
  const note = `${runs} keep-alive GETs of ${responseBody.length} bytes, loopback upstream`;
  const figure = (metric: string, valueMs: number): Figure => ({
    benchmark: name,
    metric: `${label}: ${metric}`,
    value: valueMs * 1000,
    unit: 'µs',
    note,
  });
  return [
    figure('median', median(samplesMs)),
    figure('p99', percentile(samplesMs, 99)),
    figure('added median', median(samplesMs) - median(directMs)),
    figure('added p99', percentile(samplesMs, 99) - percentile(directMs, 99)),
  ];
}

/**
 * The proxy's added latency per request against a loopback upstream (target: added median
 * ≤ 1 ms): the same GET direct, through the forward proxy and through a service route that
 * adds a secret, interleaved in one run.
 */
export const egressBenchmark: Benchmark = {
  name,
  async run() {
    const upstream = http.createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain', 'content-length': responseBody.length });
      res.end(responseBody);
    });
    const upstreamPort = await listen(upstream);
    const proxy = new EgressProxy({
      allowedPrivateRanges: ['127.0.0.1/32'],
      limits: { requestsPerMinute: 1_000_000 },
      secrets: { bench: 'bench-secret' },
      services: [{ name: 'bench', upstream: `http://127.0.0.1:${upstreamPort}`, secret: 'bench' }],
      audit: { record: () => undefined },
    });
    const { port } = await proxy.start();
    const credential = proxy.issueCredential({
      tenant: 'bench',
      executionId: 'bench',
      hosts: [`127.0.0.1:${upstreamPort}`],
      secrets: { bench: [`127.0.0.1:${upstreamPort}`] },
    });
    const auth = { 'proxy-authorization': credential.proxyAuthorization };
    try {
      const [direct = [], forward = [], service = []] = await interleaved([
        { port: upstreamPort, path: '/item', headers: {} },
        { port, path: `http://127.0.0.1:${upstreamPort}/item`, headers: auth },
        { port, path: '/svc/bench/item', headers: auth },
      ]);
      return [
        figures('direct', direct, direct).slice(0, 2),
        figures('forward proxy', forward, direct),
        figures('service route', service, direct),
      ].flat();
    } finally {
      await proxy.close();
      upstream.closeAllConnections();
      await new Promise((resolve) => upstream.close(resolve));
    }
  },
};
