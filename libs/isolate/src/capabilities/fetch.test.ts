import http from 'node:http';
import { EgressProxy, type EgressCredential } from '@airlock/egress';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startCanary,
  startHttpUpstream,
  type TestUpstream,
} from '../../../egress/src/test-helpers.js';
import type { Json } from '../types.js';
import { EgressBinding, type FetchGrant } from './fetch-binding.js';
import { createFetchCapability } from './fetch.js';

/**
 * The fetch capability's host side against a real EgressProxy and real loopback upstreams
 * (the proxy allows 127.0.0.1/32 as a private range for them). The code's side, in an
 * isolate, is in the pipeline's egress test.
 */
const secretCanary = 'canary-secret-7f3a9c';
let upstream: TestUpstream;
let silent: { port: number; close(): Promise<void> };
let canary: Awaited<ReturnType<typeof startCanary>>;
let proxy: EgressProxy;
const issued: EgressCredential[] = [];
let binding: EgressBinding;

function answer(req: http.IncomingMessage, res: http.ServerResponse, body: string): void {
  if (req.url === '/big') {
    res.end('x'.repeat(5_000));
  } else if (req.url === '/broken') {
    res.writeHead(200, { 'content-length': '1000' });
    res.write('partial');
    setTimeout(() => res.destroy(), 20);
  } else if (req.url === '/redirect') {
    res.writeHead(302, { location: 'http://127.0.0.1:1/elsewhere' }).end();
  } else {
    res.writeHead(201, { 'Content-Type': 'text/plain', 'Set-Cookie': 'session=abc' });
    res.end(`${req.method} ${req.url} ${body}`);
  }
}

beforeAll(async () => {
  upstream = await startHttpUpstream(answer);
  canary = await startCanary();
  const hanging = http.createServer(() => undefined);
  await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve));
  silent = {
    port: (hanging.address() as { port: number }).port,
    close: () =>
      new Promise((resolve) => (hanging.closeAllConnections(), hanging.close(() => resolve()))),
  };
  proxy = new EgressProxy({
    allowedPrivateRanges: ['127.0.0.1/32'],
    secrets: { TOKEN: secretCanary },
  });
  await proxy.start();
  binding = new EgressBinding({
    issueCredential: (grant) => {
      const credential = proxy.issueCredential(grant);
      issued.push(credential);
      return credential;
    },
  });
});

afterAll(async () => {
  await proxy.close();
  await Promise.all([upstream.close(), canary.close(), silent.close()]);
});

let executionCounter = 0;
function grantFor(hosts: string[], secrets: Record<string, string[]> = {}): FetchGrant {
  executionCounter += 1;
  return { tenant: 'tenant-f', executionId: `exec-${executionCounter}`, hosts, secrets };
}

async function fetchAs(
  grant: FetchGrant,
  args: Json[],
  options: { maxResponseBytes?: number; timeoutMs?: number } = {},
): Promise<Record<string, unknown>> {
  const capability = createFetchCapability({ egress: binding, ...options });
  const context = { tenant: grant.tenant, executionId: grant.executionId };
  return (await capability.methods.request!(context, args)) as Record<string, unknown>;
}

describe('env.fetch.request through the egress proxy', () => {
  it('returns the upstream answer as plain JSON, without set-cookie', async () => {
    const grant = grantFor([`127.0.0.1:${upstream.port}`]);
    const release = binding.bind(grant);
    try {
      const url = `http://127.0.0.1:${upstream.port}/items?q=1#frag`;
      const init = { method: 'POST', headers: { 'X-Trace': 'abc' }, body: 'hello' };
      const response = await fetchAs(grant, [url, init]);
      expect(response).toEqual({
        status: 201,
        statusText: 'Created',
        headers: expect.objectContaining({ 'content-type': 'text/plain' }) as unknown,
        body: 'POST /items?q=1 hello',
        truncated: false,
      });
      expect(response.headers).not.toHaveProperty('set-cookie');
      expect(upstream.seen.at(-1)?.headers['x-trace']).toBe('abc');
    } finally {
      release();
    }
  });

  it.each([
    { name: 'a cut body', path: '/big', want: { status: 200, truncated: true, bodyLength: 1_000 } },
    {
      name: 'a redirect, not followed',
      path: '/redirect',
      want: { status: 302, truncated: false, bodyLength: 0 },
    },
  ])('returns $name', async ({ path, want }) => {
    const grant = grantFor([`127.0.0.1:${upstream.port}`]);
    const release = binding.bind(grant);
    try {
      const response = await fetchAs(grant, [`http://127.0.0.1:${upstream.port}${path}`], {
        maxResponseBytes: 1_000,
      });
      expect({
        status: response.status,
        truncated: response.truncated,
        bodyLength: (response.body as string).length,
      }).toEqual(want);
    } finally {
      release();
    }
  });

  it('answers 403 with the reason for a host the grant does not allow; nothing is sent', async () => {
    const grant = grantFor([`127.0.0.1:${upstream.port}`]);
    const release = binding.bind(grant);
    try {
      const response = await fetchAs(grant, [`http://127.0.0.1:${canary.port}/x`]);
      expect(response.status).toBe(403);
      expect((response.headers as Record<string, string>)['x-airlock-refused']).toMatch(
        /not allowed/,
      );
      expect(canary.connections()).toBe(0);
    } finally {
      release();
    }
  });

  it('adds the secret for its host only, replacing what the code sent, and never returns it', async () => {
    const host = `127.0.0.1:${upstream.port}`;
    const grant = grantFor([host], { TOKEN: [host] });
    const release = binding.bind(grant);
    try {
      const init = { headers: { Authorization: 'Bearer from-the-code' } };
      const response = await fetchAs(grant, [`http://${host}/with-secret`, init]);
      expect(response.status).toBe(201);
      expect(upstream.seen.at(-1)?.headers.authorization).toBe(`Bearer ${secretCanary}`);
      expect(JSON.stringify(response)).not.toContain(secretCanary);
    } finally {
      release();
    }
  });

  it('rejects after timeoutMs when the upstream never answers', async () => {
    const grant = grantFor([`127.0.0.1:${silent.port}`]);
    const release = binding.bind(grant);
    try {
      await expect(
        fetchAs(grant, [`http://127.0.0.1:${silent.port}/slow`], { timeoutMs: 300 }),
      ).rejects.toThrow(/took over 300 ms/);
    } finally {
      release();
    }
  });

  it('rejects when the upstream breaks off in the middle of the body', async () => {
    const grant = grantFor([`127.0.0.1:${upstream.port}`]);
    const release = binding.bind(grant);
    try {
      await expect(fetchAs(grant, [`http://127.0.0.1:${upstream.port}/broken`])).rejects.toThrow(
        /broke off/,
      );
    } finally {
      release();
    }
  });

  it('ends the credential on release: the capability refuses, the proxy answers 407', async () => {
    const grant = grantFor([`127.0.0.1:${upstream.port}`]);
    binding.bind(grant)();
    await expect(fetchAs(grant, [`http://127.0.0.1:${upstream.port}/x`])).rejects.toThrow(
      /no egress credential/,
    );
    const credential = issued.at(-1)!;
    const status = await new Promise<number>((resolve, reject) => {
      const origin = new URL(credential.proxyUrl);
      http
        .request({
          host: origin.hostname,
          port: origin.port,
          path: `http://127.0.0.1:${upstream.port}/reused`,
          headers: { 'proxy-authorization': credential.proxyAuthorization },
        })
        .on('response', (res) => (res.resume(), resolve(res.statusCode ?? 0)))
        .on('error', reject)
        .end();
    });
    expect(status).toBe(407);
    expect(binding.size).toBe(0);
  });

  it.each([
    { name: 'a relative URL', args: ['/x'], error: /absolute URL/ },
    { name: 'a file: URL', args: ['file:///etc/passwd'], error: /http: or https:/ },
    { name: 'a user in the URL', args: ['http://a:b@127.0.0.1/'], error: /user or password/ },
    {
      name: 'CR/LF in a header',
      args: ['http://127.0.0.1/', { headers: { 'x-a': 'v\r\nHost: evil' } }],
      error: /CR, LF/,
    },
    {
      name: 'the proxy credential header',
      args: ['http://127.0.0.1/', { headers: { 'Proxy-Authorization': 'Basic eA==' } }],
      error: /set by Airlock/,
    },
    {
      name: 'a bad header name',
      args: ['http://127.0.0.1/', { headers: { 'a b': 'v' } }],
      error: /header name/,
    },
    {
      name: 'a lower-case method',
      args: ['http://127.0.0.1/', { method: 'get' }],
      error: /upper-case method/,
    },
    {
      name: 'an unknown init key',
      args: ['http://127.0.0.1/', { redirect: 'follow' }],
      error: /unknown keys/,
    },
  ])('refuses $name before anything is sent', async ({ args, error }) => {
    const grant = grantFor(['127.0.0.1']);
    const release = binding.bind(grant);
    const before = upstream.seen.length;
    try {
      await expect(fetchAs(grant, args as Json[])).rejects.toThrow(error);
      expect(upstream.seen.length).toBe(before);
    } finally {
      release();
    }
  });
});
