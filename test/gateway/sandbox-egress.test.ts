/**
 * Egress from a sandbox, through the gateway and the real engine: the only address a
 * sandbox granted hosts can reach is the egress proxy; an allowed host works through it
 * (with the secret added by the proxy, never seen inside), a host the policy did not grant
 * is refused, and services the host listens on are out of reach.
 */
import { execFileSync } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryAudit } from '@airlock/audit';
import {
  repoRoot,
  startTestGateway,
  type TestGateway,
} from '../../apps/gateway/src/test-helpers.js';

const secret = `canary-secret-${process.pid}-a1b2c3`;
let gw: TestGateway;
let dir: string;
const servers: http.Server[] = [];
const canaryHits: string[] = [];

async function listen(handler: http.RequestListener, host: string): Promise<number> {
  const server = http.createServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  return (server.address() as AddressInfo).port;
}

/** Sends `url` through the proxy named in HTTP_PROXY, as npm or pip would. */
const client = `const http = require('node:http');
const proxy = new URL(process.env.HTTP_PROXY);
const auth = Buffer.from(decodeURIComponent(proxy.username) + ':' + decodeURIComponent(proxy.password)).toString('base64');
const target = new URL(process.argv[1]);
const req = http.get({ host: proxy.hostname, port: proxy.port, path: target.href, headers: { host: target.host, 'proxy-authorization': 'Basic ' + auth } }, (res) => {
  let body = '';
  res.on('data', (c) => (body += c));
  res.on('end', () => console.log(res.statusCode + ' ' + body));
});
req.on('error', (e) => console.log('error ' + e.code));`;

/** Tries a direct TCP connection; prints connected or the error. */
const direct = `const s = require('node:net').connect(Number(process.argv[2]), process.argv[1]);
s.setTimeout(2000, () => { console.log('timeout'); process.exit(0); });
s.on('connect', () => { console.log('connected'); process.exit(0); });
s.on('error', (e) => { console.log('error ' + e.code); process.exit(0); });`;

let allowedPort = 0;
let deniedPort = 0;
let canaryPort = 0;

beforeAll(async () => {
  allowedPort = await listen((req, res) => {
    if (req.url === '/moved') {
      res.writeHead(302, { location: '/' }).end();
      return;
    }
    if (req.url === '/echo') {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => res.end(`${req.method} ${req.headers['x-kind']} ${body}`));
      return;
    }
    res.end(req.headers.authorization === `Bearer ${secret}` ? 'with the secret' : 'without');
  }, '127.0.0.1');
  deniedPort = await listen((_req, res) => res.end('should never be reached'), '127.0.0.1');
  canaryPort = await listen((req, res) => {
    canaryHits.push(req.url ?? '');
    res.end('canary');
  }, '0.0.0.0');
  dir = mkdtempSync(join(tmpdir(), 'airlock-sandbox-egress-'));
  const allowed = `127.0.0.1:${allowedPort}`;
  writeFileSync(
    join(dir, 'settings.yaml'),
    `tiers:
  default:
    executors: [isolate, container]
    capabilities: [log, fetch]
    hosts: ['${allowed}']
    secrets: { token: ['${allowed}'] }
    limits: { timeoutMs: 10000, wallTimeMs: 120000, memoryMb: 256, maxProcesses: 32, diskMb: 64 }
tenants: {}
`,
  );
  process.env.AIRLOCK_TEST_EGRESS_TOKEN = secret;
  gw = await startTestGateway({
    policy: {
      paths: [join(repoRoot, 'policies/airlock/decision.rego'), join(dir, 'settings.yaml')],
    },
    container: { enabled: true, scope: `egress-${process.pid}` },
    allowSkipValidation: true,
    egress: {
      secrets: { token: { env: 'AIRLOCK_TEST_EGRESS_TOKEN' } },
      allowPrivate: ['127.0.0.1/32'],
    },
  });
  const created = await gw.call('POST', '/v1/sandboxes', {
    body: { tenant: 'alpha', name: 'net' },
  });
  expect(created.status).toBe(201);
}, 900_000);

afterAll(async () => {
  await gw?.close();
  for (const server of servers) server.close();
  rmSync(dir, { recursive: true, force: true });
  delete process.env.AIRLOCK_TEST_EGRESS_TOKEN;
});

async function run(command: string[]): Promise<string> {
  const { body } = await gw.call('POST', '/v1/sandboxes/net/exec?tenant=alpha', {
    body: { command },
  });
  return String(body.stdout).trim();
}

/** The status the proxy answers for `target` with the credential in `proxyUrl`. */
function askProxy(proxyUrl: string, target: string): Promise<number> {
  const proxy = new URL(proxyUrl);
  const user = `${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}`;
  const auth = Buffer.from(user).toString('base64');
  return new Promise<number>((resolve) => {
    http
      .get(
        {
          host: proxy.hostname,
          port: proxy.port,
          path: target,
          headers: { 'proxy-authorization': `Basic ${auth}` },
        },
        (res) => resolve(res.statusCode ?? 0),
      )
      .on('error', () => resolve(-1));
  });
}

describe('sandbox egress', () => {
  it('reaches an allowed host through the proxy, which adds the secret', async () => {
    expect(await run(['node', '-e', client, `http://127.0.0.1:${allowedPort}/`])).toBe(
      '200 with the secret',
    );
  });

  it("sends Node's own fetch through the proxy: https, redirects, bodies", async () => {
    const script = `const go = async () => {
      const [allowed, denied, secure, posted, moved] = process.argv.slice(1);
      const out = [];
      const a = await fetch(allowed); out.push(a.status + ' ' + (await a.text()));
      const d = await fetch(denied); out.push(String(d.status));
      out.push(await fetch(secure).then((r) => 'reached ' + r.status, () => 'refused'));
      const headers = { 'x-kind': 'k' };
      const p = await fetch(posted, { method: 'POST', body: 'hello', headers });
      out.push(await p.text());
      const m = await fetch(moved); out.push(m.status + ' ' + (await m.text()));
      console.log(out.join('|'));
    };
    go();`;
    const base = `http://127.0.0.1:${allowedPort}`;
    const answer = await run([
      'node',
      '-e',
      script,
      `${base}/`,
      `http://127.0.0.1:${deniedPort}/`,
      `https://127.0.0.1:${deniedPort}/`,
      `${base}/echo`,
      `${base}/moved`,
    ]);
    expect(answer).toBe('200 with the secret|403|reached 403|POST k hello|200 with the secret');
  });

  it('is refused by the proxy for a host the policy did not grant', async () => {
    const answer = await run(['node', '-e', client, `http://127.0.0.1:${deniedPort}/`]);
    expect(answer).toMatch(/^403 /);
  });

  it('never holds the secret: not in its environment, not in any file it can read', async () => {
    const environment = await run(['sh', '-c', 'env; cat /proc/1/environ | tr "\\0" "\\n"']);
    expect(environment).toContain('HTTP_PROXY=http://');
    expect(environment).not.toContain(secret);
  });

  it("cannot reach the host's own services, the internet or cloud metadata directly", async () => {
    const { network } = gw.gateway.context.sandboxEgress!;
    for (const [host, port] of [
      [network.gatewayIp, canaryPort],
      [network.gatewayIp, Number(new URL(gw.url).port)],
      ['1.1.1.1', 80],
      ['169.254.169.254', 80],
    ] as const) {
      const answer = await run(['node', '-e', direct, host, String(port)]);
      expect(answer, `${host}:${port}`).not.toBe('connected');
    }
    expect(canaryHits).toEqual([]);
  });

  it('loses its proxy credential when the sandbox ends', async () => {
    const proxyUrl = await run(['sh', '-c', 'echo $HTTP_PROXY']);
    await gw.call('DELETE', '/v1/sandboxes/net?tenant=alpha');
    expect(await askProxy(proxyUrl, `http://127.0.0.1:${allowedPort}/`)).toBe(407);
  });

  it('gives a container execution with fetch only the proxy, through env.fetch', async () => {
    const code = `export default async (input, env) => {
      const allowed = await env.fetch(input.allowed);
      const denied = await env.fetch(input.denied);
      const s = (await import('node:net')).connect(80, '1.1.1.1');
      const direct = await new Promise((resolve) => {
        s.setTimeout(2000, () => { s.destroy(); resolve('timeout'); });
        s.on('connect', () => resolve('connected'));
        s.on('error', (e) => resolve(e.code));
      });
      return { allowed: [allowed.status, await allowed.text()], denied: denied.status, direct,
        proxy: process.env.HTTP_PROXY };
    }`;
    const { status, body } = await gw.call('POST', '/v1/executions', {
      body: {
        tenant: 'alpha',
        language: 'javascript',
        code,
        input: {
          allowed: `http://127.0.0.1:${allowedPort}/`,
          denied: `http://127.0.0.1:${deniedPort}/`,
        },
        capabilities: ['fetch'],
        runtime: 'container',
        validate: false,
      },
    });
    expect(status).toBe(200);
    expect(body.status, JSON.stringify(body.error)).toBe('ok');
    const value = body.value as Record<string, unknown>;
    expect(value).toMatchObject({ allowed: [200, 'with the secret'], denied: 403 });
    expect(value.direct).not.toBe('connected');
    expect(JSON.stringify(body)).not.toContain(secret);
    // the proxy recorded the calls under this execution, and the credential died with it
    const executionId = String(body.executionId);
    const egress = [];
    for await (const record of queryAudit(gw.auditDir, { kind: 'egress', executionId })) {
      egress.push(record.outcome);
    }
    expect(egress.sort()).toEqual(['allowed', 'refused']);
    expect(await askProxy(String(value.proxy), `http://127.0.0.1:${allowedPort}/`)).toBe(407);
  });

  it('runs a container execution without fetch on no network at all', async () => {
    const code = `export default async (input, env) => {
      const s = (await import('node:net')).connect(80, '1.1.1.1');
      const result = await new Promise((resolve) => {
        s.on('connect', () => resolve('connected'));
        s.on('error', (e) => resolve(e.code));
      });
      return { result, keys: Object.keys(env), proxy: process.env.HTTP_PROXY ?? null };
    }`;
    const { body } = await gw.call('POST', '/v1/executions', {
      body: {
        tenant: 'alpha',
        language: 'javascript',
        code,
        runtime: 'container',
        validate: false,
      },
    });
    expect(body.status, JSON.stringify(body.error)).toBe('ok');
    expect(body.value).toEqual({ result: 'ENETUNREACH', keys: [], proxy: null });
  });

  it('removes its firewall rules when the gateway closes', async () => {
    const { bridge } = gw.gateway.context.sandboxEgress!.network;
    expect(execFileSync('iptables', ['-S', 'INPUT'], { encoding: 'utf8' })).toContain(bridge);
    await gw.gateway.close();
    expect(execFileSync('iptables', ['-S', 'INPUT'], { encoding: 'utf8' })).not.toContain(bridge);
  });
});
