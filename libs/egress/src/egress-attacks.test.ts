import http from 'node:http';
import net from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { EgressProxy } from './egress-proxy.js';
import {
  memoryAudit,
  rawExchange,
  requestVia,
  startBlackHole,
  startCanary,
  startHttpUpstream,
  tableResolver,
  type TestUpstream,
} from './test-helpers.js';
import type { EgressGrant, EgressLimits, EgressProxyOptions } from './types.js';

let canary: Awaited<ReturnType<typeof startCanary>>;
let upstream: TestUpstream;
const proxies: EgressProxy[] = [];

beforeAll(async () => {
  canary = await startCanary();
  upstream = await startHttpUpstream((req, res, body) => {
    if (req.url === '/echo') {
      // A careless upstream that reflects the credential it was sent in a response header.
      res.writeHead(200, { 'x-echo': String(req.headers.authorization), 'x-plain': 'kept' });
      res.end('echoed');
      return;
    }
    if (req.url === '/big') {
      res.writeHead(200, { 'content-type': 'text/plain', 'content-length': String(64 * 1024) });
      res.end('x'.repeat(64 * 1024));
      return;
    }
    if (req.url === '/big-chunked') {
      res.writeHead(200, { 'content-type': 'text/plain' });
      const piece = 'z'.repeat(1024);
      for (let i = 0; i < 64; i += 1) res.write(piece);
      res.end();
      return;
    }
    if (req.url === '/slow') {
      setTimeout(() => res.end('late'), 300);
      return;
    }
    res.end(`ok ${body.length}`);
  });
});

afterEach(async () => {
  await Promise.all(proxies.splice(0).map((proxy) => proxy.close()));
});

afterAll(async () => {
  await canary?.close();
  await upstream?.close();
});

async function startProxy(
  options: EgressProxyOptions,
  grant: Partial<EgressGrant> = {},
): Promise<{ port: number; auth: Record<string, string>; audit: ReturnType<typeof memoryAudit> }> {
  const audit = memoryAudit();
  const proxy = new EgressProxy({ audit, ...options });
  proxies.push(proxy);
  const { port } = await proxy.start();
  const credential = proxy.issueCredential({
    tenant: 'attacker',
    executionId: 'exec-attack',
    hosts: ['*', `*:${canary.port}`, `*:${upstream.port}`],
    secrets: {},
    ...grant,
  });
  return { port, auth: { 'proxy-authorization': credential.proxyAuthorization }, audit };
}

const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 30));

describe('the SSRF guard in the proxy', () => {
  // The canary listens on 127.0.0.1; any spelling of a private address must be refused
  // before a connection is made, so the canary counts none. The grant allows every host.
  const resolver = tableResolver({
    'internal.test': ['10.1.2.3'],
    'loop.test': ['127.0.0.1'],
    'metadata.test': ['169.254.169.254'],
    'mapped.test': ['::ffff:127.0.0.1'],
    'cgnat.test': ['100.64.0.9'],
    // A public answer first, a private one second.
    'rebind.test': ['93.184.216.34', '127.0.0.1'],
  });
  const targets = (port: number): [string, string][] => [
    [`http://2130706433:${port}/`, 'ssrf:loopback'],
    [`http://0177.0.0.1:${port}/`, 'ssrf:loopback'],
    [`http://0x7f.1:${port}/`, 'ssrf:loopback'],
    [`http://127.1:${port}/`, 'ssrf:loopback'],
    [`http://[::1]:${port}/`, 'ssrf:loopback'],
    [`http://[::ffff:127.0.0.1]:${port}/`, 'ssrf:ipv4Mapped'],
    [`http://[::ffff:7f00:1]:${port}/`, 'ssrf:ipv4Mapped'],
    ['http://169.254.169.254/latest/meta-data/', 'ssrf:linkLocal'],
    [`http://internal.test:${port}/`, 'ssrf:private'],
    [`http://loop.test:${port}/`, 'ssrf:loopback'],
    [`http://metadata.test:${port}/`, 'ssrf:linkLocal'],
    [`http://mapped.test:${port}/`, 'ssrf:ipv4Mapped'],
    [`http://cgnat.test:${port}/`, 'ssrf:carrierGradeNat'],
    [`http://rebind.test:${port}/`, 'ssrf:loopback'],
  ];

  it('refuses every private spelling through the forward proxy, before connecting', async () => {
    const { port, auth, audit } = await startProxy({ resolver });
    for (const [target, rule] of targets(canary.port)) {
      const got = await requestVia(port, target, { headers: auth });
      expect({ target, status: got.status }).toEqual({ target, status: 403 });
      expect(got.headers['x-airlock-refused']).toMatch(/^address not allowed/);
      await settle();
      expect(audit.events.at(-1)?.egress?.rule).toBe(rule);
    }
    expect(canary.connections()).toBe(0);
  });

  it('refuses the same spellings as CONNECT targets', async () => {
    const { port, auth } = await startProxy({ resolver });
    const authorities = [
      '2130706433',
      '0x7f.1',
      '127.1',
      '[::1]',
      '[::ffff:127.0.0.1]',
      '[fe80::1%eth0]',
      'loop.test',
      'rebind.test',
    ];
    for (const host of authorities) {
      const reply = await rawExchange(
        port,
        `CONNECT ${host}:${canary.port} HTTP/1.1\r\nHost: ${host}:${canary.port}\r\n` +
          `Proxy-Authorization: ${auth['proxy-authorization']}\r\n\r\n`,
      );
      expect({ host, line: reply.split('\r\n')[0] }).toEqual({
        host,
        line: 'HTTP/1.1 403 Forbidden',
      });
    }
    expect(canary.connections()).toBe(0);
  });

  it('connects to the address it checked, asking the resolver once', async () => {
    // The first answer is the (allowed) canary; a second lookup would answer a private address.
    let calls = 0;
    const flipping = async (): Promise<{ address: string; family: number }[]> => {
      calls += 1;
      return [{ address: calls === 1 ? '127.0.0.1' : '10.9.9.9', family: 4 }];
    };
    const { port, auth } = await startProxy({
      resolver: flipping,
      allowedPrivateRanges: ['127.0.0.1/32'],
    });
    const before = canary.connections();
    // The canary closes every connection, so the proxy answers 502; what matters is where it went.
    const got = await requestVia(port, `http://flip.test:${canary.port}/`, { headers: auth });
    expect(got.status).toBe(502);
    expect(calls).toBe(1);
    expect(canary.connections()).toBe(before + 1);
  });
});

describe('header and body limits', () => {
  it('refuses CR, LF or NUL in a header value or the request target with 400', async () => {
    const { port, auth } = await startProxy({ allowedPrivateRanges: ['127.0.0.1/32'] });
    const before = upstream.seen.length;
    const target = `http://127.0.0.1:${upstream.port}/`;
    const requests = [
      `GET ${target} HTTP/1.1\r\nHost: a\r\nX-Bad: one\rtwo\r\nProxy-Authorization: ${auth['proxy-authorization']}\r\n\r\n`,
      `GET ${target} HTTP/1.1\r\nHost: a\r\nX-Bad: one\0two\r\nProxy-Authorization: ${auth['proxy-authorization']}\r\n\r\n`,
      `GET ${target}\rX HTTP/1.1\r\nHost: a\r\nProxy-Authorization: ${auth['proxy-authorization']}\r\n\r\n`,
    ];
    for (const request of requests) {
      const reply = await rawExchange(port, request);
      expect(reply.split('\r\n')[0]).toBe('HTTP/1.1 400 Bad Request');
    }
    expect(upstream.seen.length).toBe(before);
  });

  it('answers 413 for a declared or streamed body over the limit', async () => {
    const limits: Partial<EgressLimits> = { maxRequestBodyBytes: 1024 };
    const { port, auth, audit } = await startProxy({
      allowedPrivateRanges: ['127.0.0.1/32'],
      limits,
    });
    const target = `http://127.0.0.1:${upstream.port}/upload`;
    const before = upstream.seen.length;
    const declared = await requestVia(port, target, {
      method: 'POST',
      headers: auth,
      body: 'x'.repeat(2048),
    });
    expect(declared.status).toBe(413);
    expect(upstream.seen.length).toBe(before);
    const chunked = await requestVia(port, target, {
      method: 'POST',
      headers: { ...auth, 'transfer-encoding': 'chunked' },
      body: 'x'.repeat(4096),
    });
    expect(chunked.status).toBe(413);
    const fits = await requestVia(port, target, {
      method: 'POST',
      headers: auth,
      body: 'x'.repeat(1000),
    });
    expect(fits).toMatchObject({ status: 200, body: 'ok 1000' });
    await settle();
    expect(audit.events.filter((e) => e.egress?.rule === 'limit:request-body')).toHaveLength(2);
  });

  it('answers 502 for a declared response body over the limit', async () => {
    const limits: Partial<EgressLimits> = { maxResponseBodyBytes: 4096 };
    const { port, auth, audit } = await startProxy({
      allowedPrivateRanges: ['127.0.0.1/32'],
      limits,
    });
    const got = await requestVia(port, `http://127.0.0.1:${upstream.port}/big`, { headers: auth });
    expect(got.status).toBe(502);
    expect(got.headers['x-airlock-refused']).toBe('response body too large');
    await settle();
    expect(audit.events.at(-1)?.egress?.rule).toBe('limit:response-body');
  });

  it('cuts a streamed response body at the limit and closes the connection', async () => {
    const limits: Partial<EgressLimits> = { maxResponseBodyBytes: 4096 };
    const { port, auth, audit } = await startProxy({
      allowedPrivateRanges: ['127.0.0.1/32'],
      limits,
    });
    const path = `http://127.0.0.1:${upstream.port}/big-chunked`;
    const outcome = await new Promise<{ status: number; received: number; complete: boolean }>(
      (resolve) => {
        const req = http.get({ host: '127.0.0.1', port, path, headers: auth, agent: false });
        req.on('response', (res) => {
          let received = 0;
          res.on('data', (chunk: Buffer) => (received += chunk.length));
          res.on('close', () =>
            resolve({ status: res.statusCode ?? 0, received, complete: res.complete }),
          );
        });
      },
    );
    expect(outcome).toEqual({ status: 200, received: 4096, complete: false });
    await settle();
    expect(audit.events.at(-1)?.egress).toMatchObject({
      rule: 'limit:response-body',
      bytesIn: 4096,
    });
  });
});

describe('timeouts and rates', () => {
  it('closes a client that trickles its headers slower than the idle timeout allows', async () => {
    const limits: Partial<EgressLimits> = { idleTimeoutMs: 300 };
    const { port } = await startProxy({ allowedPrivateRanges: ['127.0.0.1/32'], limits });
    const started = performance.now();
    let reply = '';
    const closedAfterMs = await new Promise<number>((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      const request = `GET http://127.0.0.1:${upstream.port}/ HTTP/1.1\r\nHost: a\r\nX-Pad: ${'y'.repeat(200)}`;
      let sent = 0;
      const timer = setInterval(() => {
        if (sent < request.length && !socket.destroyed) socket.write(request[sent++] ?? '');
      }, 50);
      socket.on('error', () => undefined);
      socket.on('data', (chunk: Buffer) => (reply += chunk.toString()));
      socket.on('close', () => {
        clearInterval(timer);
        resolve(performance.now() - started);
      });
    });
    // 200+ bytes at one per 50 ms would take over 10 s; the proxy closes it well before.
    expect(closedAfterMs).toBeLessThan(3_000);
    expect(reply.split('\r\n')[0]).toBe('HTTP/1.1 408 Request Timeout');
  });

  it('answers 429 with Retry-After once a tenant spends its per-minute allowance', async () => {
    const limits: Partial<EgressLimits> = { requestsPerMinute: 3 };
    const { port, auth, audit } = await startProxy({
      allowedPrivateRanges: ['127.0.0.1/32'],
      limits,
    });
    const target = `http://127.0.0.1:${upstream.port}/`;
    const statuses: number[] = [];
    let retryAfter: string | string[] | undefined;
    for (let i = 0; i < 4; i += 1) {
      const got = await requestVia(port, target, { headers: auth });
      statuses.push(got.status);
      retryAfter = got.headers['retry-after'];
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
    expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
    await settle();
    expect(audit.events.at(-1)).toMatchObject({
      outcome: 'refused',
      egress: { status: 429, rule: 'limit:rate' },
    });
  });

  it('counts refused requests against the rate too, so refusals cannot flood', async () => {
    const limits: Partial<EgressLimits> = { requestsPerMinute: 2 };
    const { port, auth } = await startProxy({ limits }, { hosts: [] });
    const statuses: number[] = [];
    for (let i = 0; i < 3; i += 1) {
      statuses.push((await requestVia(port, 'http://not-allowed.test/', { headers: auth })).status);
    }
    expect(statuses).toEqual([403, 403, 429]);
  });

  it('answers 429 beyond the open connections allowed per credential', async () => {
    const limits: Partial<EgressLimits> = { maxConnectionsPerSandbox: 1 };
    const { port, auth } = await startProxy({ allowedPrivateRanges: ['127.0.0.1/32'], limits });
    const target = `http://127.0.0.1:${upstream.port}/slow`;
    const slow = requestVia(port, target, { headers: auth });
    await settle();
    const second = await requestVia(port, target, { headers: auth });
    expect(second.status).toBe(429);
    expect(second.headers['retry-after']).toBe('1');
    expect((await slow).status).toBe(200);
    expect(
      (await requestVia(port, `http://127.0.0.1:${upstream.port}/`, { headers: auth })).status,
    ).toBe(200);
  });
});

describe('secrets and slow upstreams', () => {
  it('drops a response header that reflects a secret', async () => {
    const secret = 'reflected-canary-2718';
    const { port, auth } = await startProxy(
      { allowedPrivateRanges: ['127.0.0.1/32'], secrets: { s: secret } },
      { secrets: { s: [`127.0.0.1:${upstream.port}`] } },
    );
    const got = await requestVia(port, `http://127.0.0.1:${upstream.port}/echo`, { headers: auth });
    expect(got.status).toBe(200);
    expect(upstream.seen.at(-1)?.headers.authorization).toBe(`Bearer ${secret}`);
    expect(got.headers['x-echo']).toBeUndefined();
    expect(got.headers['x-plain']).toBe('kept');
    expect(JSON.stringify(got)).not.toContain(secret);
  });

  it('answers 504 when the upstream does not accept within the connect timeout', async () => {
    const hole = await startBlackHole();
    try {
      const limits: Partial<EgressLimits> = { connectTimeoutMs: 300 };
      const { port, auth, audit } = await startProxy(
        { allowedPrivateRanges: ['127.0.0.1/32'], limits },
        {
          hosts: [`127.0.0.1:${hole.port}`],
        },
      );
      const started = performance.now();
      const got = await requestVia(port, `http://127.0.0.1:${hole.port}/`, { headers: auth });
      expect(got.status).toBe(504);
      expect(performance.now() - started).toBeLessThan(3_000);
      const tunnel = await rawExchange(
        port,
        `CONNECT 127.0.0.1:${hole.port} HTTP/1.1\r\nProxy-Authorization: ${auth['proxy-authorization']}\r\n\r\n`,
      );
      expect(tunnel.split('\r\n')[0]).toBe('HTTP/1.1 504 Gateway Timeout');
      await settle();
      expect(audit.events.map((e) => e.egress?.status)).toEqual([504, 504]);
    } finally {
      hole.close();
    }
  });

  it('answers 403 when the resolver does not answer within the connect timeout', async () => {
    const never = (): Promise<never> => new Promise(() => undefined);
    const limits: Partial<EgressLimits> = { connectTimeoutMs: 200 };
    const { port, auth, audit } = await startProxy({ resolver: never, limits });
    const got = await requestVia(port, 'http://slow-dns.test/', { headers: auth });
    expect(got.status).toBe(403);
    await settle();
    expect(audit.events.at(-1)?.egress?.rule).toBe('ssrf:resolve-timeout');
  });
});
