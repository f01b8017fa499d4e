import http from 'node:http';
import tls from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EgressProxy } from './egress-proxy.js';
import {
  makeCertificate,
  memoryAudit,
  requestVia,
  startHttpUpstream,
  startHttpsUpstream,
  tableResolver,
  type TestCertificate,
  type TestUpstream,
} from './test-helpers.js';
import type { EgressCredential, EgressGrant } from './types.js';

const canarySecret = 'canary-secret-7f3a9c1e5d';
const serviceSecret = 'service-secret-04b2e8d6aa';

let certificate: TestCertificate;
let plain: TestUpstream;
let secure: TestUpstream;
let proxy: EgressProxy;
let proxyPort: number;
/** A loopback port nothing listens on (a server was started there and closed). */
let closedPort: number;
const audit = memoryAudit();

function grantFor(executionId: string, extra: Partial<EgressGrant> = {}): EgressGrant {
  return {
    tenant: 'acme',
    executionId,
    hosts: [`plain.test:${plain.port}`, `secure.test:${secure.port}`, `*.wild.test:${plain.port}`],
    secrets: { canary: [`secure.test:${secure.port}`, `plain.test:${plain.port}`] },
    ...extra,
  };
}

beforeAll(async () => {
  certificate = makeCertificate();
  plain = await startHttpUpstream((req, res, body) => {
    if (req.url === '/redirect') {
      res.writeHead(302, { location: `http://plain.test:${plain.port}/elsewhere` });
      res.end();
      return;
    }
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end(`plain ${req.method} ${req.url} ${body}`);
  });
  secure = await startHttpsUpstream(certificate);
  const closed = await startHttpUpstream();
  closedPort = closed.port;
  await closed.close();
  const resolver = tableResolver({
    'plain.test': ['127.0.0.1'],
    'secure.test': ['127.0.0.1'],
    'a.wild.test': ['127.0.0.1'],
  });
  proxy = new EgressProxy({
    resolver,
    allowedPrivateRanges: ['127.0.0.1/32'],
    upstreamCa: certificate.cert,
    secrets: { canary: canarySecret, svc: { value: serviceSecret, header: 'x-api-key' } },
    services: [
      { name: 'plain', upstream: `http://plain.test:${plain.port}/api`, secret: 'svc' },
      { name: 'open', upstream: `http://plain.test:${plain.port}/` },
      { name: 'tls', upstream: `https://secure.test:${secure.port}/v1`, secret: 'canary' },
      { name: 'down', upstream: `http://plain.test:${closedPort}`, secret: 'canary' },
    ],
    audit,
  });
  proxyPort = (await proxy.start()).port;
});

afterAll(async () => {
  await proxy?.close();
  await plain?.close();
  await secure?.close();
});

function auth(credential: EgressCredential): Record<string, string> {
  return { 'proxy-authorization': credential.proxyAuthorization };
}

/** Everything the sandbox side received must be free of every secret value. */
function expectNoSecret(text: string): void {
  expect(text).not.toContain(canarySecret);
  expect(text).not.toContain(serviceSecret);
}

describe('the forward proxy', () => {
  it('passes an allowed GET and POST to a plain HTTP upstream', async () => {
    const credential = proxy.issueCredential(grantFor('fwd-1', { secrets: {} }));
    const target = `http://plain.test:${plain.port}`;
    const got = await requestVia(proxyPort, `${target}/hello?q=1`, { headers: auth(credential) });
    expect(got).toMatchObject({ status: 200, body: 'plain GET /hello?q=1 ' });
    const posted = await requestVia(proxyPort, `${target}/submit`, {
      method: 'POST',
      headers: auth(credential),
      body: 'payload',
    });
    expect(posted).toMatchObject({ status: 200, body: 'plain POST /submit payload' });
    const seen = plain.seen.at(-1);
    expect(seen?.headers['proxy-authorization']).toBeUndefined();
    expect(seen?.headers.host).toBe(`plain.test:${plain.port}`);
  });

  it('matches a wildcard pattern and normalises case and a trailing dot', async () => {
    const credential = proxy.issueCredential(grantFor('fwd-2'));
    const got = await requestVia(proxyPort, `http://A.WILD.test.:${plain.port}/w`, {
      headers: auth(credential),
    });
    expect(got.status).toBe(200);
  });

  it('opens TLS upstream itself for an https:// target and adds the bound secret', async () => {
    const credential = proxy.issueCredential(grantFor('fwd-3'));
    const got = await requestVia(proxyPort, `https://secure.test:${secure.port}/tls`, {
      headers: { ...auth(credential), authorization: 'Bearer sandbox-own-token' },
    });
    expect(got.status).toBe(200);
    expect(got.body).toBe('upstream GET /tls ');
    expect(secure.seen.at(-1)?.headers.authorization).toBe(`Bearer ${canarySecret}`);
    expectNoSecret(JSON.stringify(got));
  });

  it('passes a redirect back instead of following it', async () => {
    const credential = proxy.issueCredential(grantFor('fwd-4'));
    const before = plain.seen.length;
    const got = await requestVia(proxyPort, `http://plain.test:${plain.port}/redirect`, {
      headers: auth(credential),
    });
    expect(got.status).toBe(302);
    expect(got.headers.location).toBe(`http://plain.test:${plain.port}/elsewhere`);
    expect(plain.seen.length).toBe(before + 1);
  });

  it('refuses a host that is not allowed with 403 and a reason header', async () => {
    const credential = proxy.issueCredential(grantFor('fwd-5'));
    const cases = [
      `http://evil.test:${plain.port}/`,
      // The allowed host on a port the grant does not name.
      `http://plain.test:${secure.port}/`,
      // `*.wild.test` covers names below wild.test, not wild.test itself.
      `http://wild.test:${plain.port}/`,
    ];
    for (const target of cases) {
      const got = await requestVia(proxyPort, target, { headers: auth(credential) });
      expect(got.status).toBe(403);
      expect(got.headers['x-airlock-refused']).toMatch(/^host not allowed: /);
    }
  });
});

describe('authentication', () => {
  const target = (): string => `http://plain.test:${plain.port}/auth`;

  it('answers 407 without a credential, with a wrong one and with a revoked one', async () => {
    const credential = proxy.issueCredential(grantFor('auth-1'));
    const wrong = `Basic ${Buffer.from('sbx-nobody:guess').toString('base64')}`;
    const before = plain.seen.length;
    const cases: Record<string, string>[] = [{}, { 'proxy-authorization': wrong }];
    for (const headers of cases) {
      const got = await requestVia(proxyPort, target(), { headers });
      expect(got.status).toBe(407);
      expect(got.headers['proxy-authenticate']).toMatch(/^Basic /);
    }
    expect((await requestVia(proxyPort, target(), { headers: auth(credential) })).status).toBe(200);
    credential.revoke();
    expect((await requestVia(proxyPort, target(), { headers: auth(credential) })).status).toBe(407);
    expect(plain.seen.length).toBe(before + 1);
  });

  it('gives each credential a distinct user and a proxy URL that carries it', () => {
    const first = proxy.issueCredential(grantFor('auth-2'));
    const second = proxy.issueCredential(grantFor('auth-2'));
    expect(first.proxyAuthorization).not.toBe(second.proxyAuthorization);
    const url = new URL(first.proxyUrl);
    expect(url.port).toBe(String(proxyPort));
    expect(`Basic ${btoa(`${url.username}:${url.password}`)}`).toBe(first.proxyAuthorization);
    expect(first.serviceBaseUrl).toBe(`${first.proxyUrl}/svc`);
  });
});

function connect(
  authority: string,
  headers: Record<string, string>,
): Promise<{
  status: number;
  socket: import('node:net').Socket;
  headers: http.IncomingHttpHeaders;
}> {
  return new Promise((resolve, reject) => {
    const req = http.request({
      host: '127.0.0.1',
      port: proxyPort,
      method: 'CONNECT',
      path: authority,
      headers,
      agent: false,
    });
    req.on('connect', (res, socket) =>
      resolve({ status: res.statusCode ?? 0, socket, headers: res.headers }),
    );
    req.on('response', (res) =>
      resolve({ status: res.statusCode ?? 0, socket: res.socket, headers: res.headers }),
    );
    req.on('error', reject);
    req.end();
  });
}

describe('CONNECT tunnels', () => {
  it('tunnels TLS to an allowed host:port without adding any secret', async () => {
    const credential = proxy.issueCredential(grantFor('tun-1'));
    const tunnel = await connect(`secure.test:${secure.port}`, auth(credential));
    expect(tunnel.status).toBe(200);
    const body = await new Promise<string>((resolve, reject) => {
      const req = http.request({
        createConnection: () =>
          tls.connect({ socket: tunnel.socket, servername: 'secure.test', ca: certificate.cert }),
        path: '/tunnelled',
        headers: { host: 'secure.test' },
      });
      req.on('response', (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString()));
        res.on('end', () => resolve(text));
      });
      req.on('error', reject);
      req.end();
    });
    expect(body).toBe('upstream GET /tunnelled ');
    expect(secure.seen.at(-1)?.headers.authorization).toBeUndefined();
    tunnel.socket.destroy();
  });

  it('refuses CONNECT to a port the grant does not name, and without a credential', async () => {
    const credential = proxy.issueCredential(grantFor('tun-2'));
    const refused = await connect(`secure.test:22`, auth(credential));
    expect(refused.status).toBe(403);
    expect(refused.headers['x-airlock-refused']).toBe('host not allowed: secure.test:22');
    refused.socket.destroy();
    const anonymous = await connect(`secure.test:${secure.port}`, {});
    expect(anonymous.status).toBe(407);
    anonymous.socket.destroy();
  });
});

describe('service routes', () => {
  const svcGrant = (id: string): EgressGrant =>
    grantFor(id, { hosts: [], secrets: { svc: [`plain.test:${plain.port}`] } });

  it('forwards /svc/<name>/<path> to the upstream with the secret added', async () => {
    const credential = proxy.issueCredential(svcGrant('svc-1'));
    const basic = credential.proxyAuthorization;
    const got = await requestVia(proxyPort, '/svc/plain/items/7?x=1', {
      method: 'POST',
      headers: { authorization: basic },
      body: 'data',
    });
    expect(got).toMatchObject({ status: 200, body: 'plain POST /api/items/7?x=1 data' });
    const seen = plain.seen.at(-1);
    expect(seen?.headers['x-api-key']).toBe(serviceSecret);
    expect(seen?.headers.authorization).toBeUndefined();
    expect(seen?.headers.host).toBe(`plain.test:${plain.port}`);
    expectNoSecret(JSON.stringify(got));
  });

  it('opens TLS to an https upstream and adds the route secret as a bearer token', async () => {
    const credential = proxy.issueCredential(grantFor('svc-tls', { hosts: [] }));
    const got = await requestVia(proxyPort, '/svc/tls/repos', {
      headers: { authorization: credential.proxyAuthorization },
    });
    expect(got).toMatchObject({ status: 200, body: 'upstream GET /v1/repos ' });
    expect(secure.seen.at(-1)?.headers.authorization).toBe(`Bearer ${canarySecret}`);
    expect(secure.seen.at(-1)?.headers.host).toBe(`secure.test:${secure.port}`);
    expectNoSecret(JSON.stringify(got));
  });

  it('keeps the secret out of the error page when the upstream is down', async () => {
    const grant = grantFor('svc-down', {
      hosts: [],
      secrets: { canary: [`plain.test:${closedPort}`] },
    });
    const credential = proxy.issueCredential(grant);
    const got = await requestVia(proxyPort, '/svc/down/x', { headers: auth(credential) });
    expect(got.status).toBe(502);
    expect(got.headers['x-airlock-refused']).toBe('upstream connection failed');
    expectNoSecret(JSON.stringify(got));
  });

  it('refuses a route the grant binds no secret to, an unknown route and a climb out of it', async () => {
    const credential = proxy.issueCredential(grantFor('svc-2', { hosts: [], secrets: {} }));
    const granted = proxy.issueCredential(svcGrant('svc-3'));
    const cases = [
      { credential, target: '/svc/plain/x', status: 403 },
      { credential: granted, target: '/svc/nope/x', status: 404 },
      { credential: granted, target: '/svc/plain/../secret', status: 400 },
      { credential: granted, target: '/svc/plain/%2e%2e/secret', status: 400 },
    ];
    for (const { credential: used, target, status } of cases) {
      const got = await requestVia(proxyPort, target, { headers: auth(used) });
      expect({ target, status: got.status }).toEqual({ target, status });
      expectNoSecret(JSON.stringify(got));
    }
  });
});

describe('audit events', () => {
  it('records allowed and refused requests without query strings or secrets', async () => {
    const credential = proxy.issueCredential(grantFor('audit-1'));
    await requestVia(proxyPort, `http://plain.test:${plain.port}/a?token=abc`, {
      headers: auth(credential),
    });
    await requestVia(proxyPort, `http://evil.test/b?token=abc`, { headers: auth(credential) });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const mine = audit.events.filter((event) => event.executionId === 'audit-1');
    expect(mine.map((event) => [event.outcome, event.egress?.status, event.egress?.path])).toEqual([
      ['allowed', 200, '/a'],
      ['refused', 403, '/b'],
    ]);
    expect(mine[0]).toMatchObject({
      kind: 'egress',
      tenant: 'acme',
      egress: {
        route: 'forward',
        method: 'GET',
        host: 'plain.test',
        port: plain.port,
        rule: `plain.test:${plain.port}`,
      },
    });
    expect(mine[0]?.egress?.bytesIn).toBeGreaterThan(0);
    expect(mine[1]?.egress?.rule).toBe('allow-list');
    const text = JSON.stringify(audit.events);
    expect(text).not.toContain('token=abc');
    expectNoSecret(text);
  });
});

describe('logging and shutdown', () => {
  it('writes one structured line per request, without the query string or a secret', async () => {
    const lines: Record<string, unknown>[] = [];
    const logger = {
      debug: () => undefined,
      info: (fields: Record<string, unknown>) => void lines.push(fields),
      warn: () => undefined,
      error: (fields: Record<string, unknown>) => void lines.push(fields),
      child: () => logger,
    };
    const resolver = tableResolver({ 'secure.test': ['127.0.0.1'] });
    const own = new EgressProxy({
      logger,
      resolver,
      allowedPrivateRanges: ['127.0.0.1/32'],
      upstreamCa: certificate.cert,
      secrets: { canary: canarySecret },
    });
    const { port } = await own.start();
    try {
      const credential = own.issueCredential(grantFor('log-1'));
      const target = `https://secure.test:${secure.port}/logged?key=hidden-query`;
      await requestVia(port, target, { headers: auth(credential) });
      await requestVia(port, 'http://evil.test/?key=hidden-query', { headers: auth(credential) });
      expect(lines.map((line) => [line.event, line.outcome, line.status, line.path])).toEqual([
        ['egress', 'allowed', 200, '/logged'],
        ['egress', 'refused', 403, '/'],
      ]);
      const text = JSON.stringify(lines);
      expect(text).not.toContain('hidden-query');
      expect(text).not.toContain(credential.proxyAuthorization.slice(6));
      expectNoSecret(text);
    } finally {
      await own.close();
    }
  });

  it('closes with a tunnel still open', async () => {
    const own = new EgressProxy({
      resolver: tableResolver({ 'secure.test': ['127.0.0.1'] }),
      allowedPrivateRanges: ['127.0.0.1/32'],
    });
    const { port } = await own.start();
    const credential = own.issueCredential(grantFor('close-1'));
    const tunnel = await new Promise<import('node:net').Socket>((resolve, reject) => {
      const req = http.request({
        host: '127.0.0.1',
        port,
        method: 'CONNECT',
        path: `secure.test:${secure.port}`,
        headers: auth(credential),
        agent: false,
      });
      req.on('connect', (_res, socket) => resolve(socket));
      req.on('error', reject);
      req.end();
    });
    const closedSocket = new Promise((resolve) => tunnel.once('close', resolve));
    await own.close();
    await closedSocket;
    expect(tunnel.destroyed).toBe(true);
  });
});
