import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StartedContainer } from '../sandbox/container-factory.js';
import { removeTestContainers, startTestContainer, testScope } from '../sandbox/test-helpers.js';
import { openAgentTunnel } from './agent-tunnel.js';

const scope = testScope('tunnel');
let sandbox: StartedContainer;

/** A page served inside the sandbox, and one that streams its body in pieces. */
const server = `require('node:http').createServer((req, res) => {
  if (req.url === '/slow') {
    res.write('one,');
    setTimeout(() => res.end('two'), 200);
    return;
  }
  let body = '';
  req.on('data', (c) => (body += c));
  req.on('end', () => res.end(JSON.stringify({ method: req.method, url: req.url, body })));
}).listen(3000, '127.0.0.1');`;

/** One HTTP request through a fresh tunnel to port 3000 inside. */
function request(
  path: string,
  method = 'GET',
  body?: string,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        path,
        method,
        headers: { connection: 'close' },
        createConnection: () => openAgentTunnel(sandbox.agent, 3000),
      },
      (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

beforeAll(async () => {
  sandbox = await startTestContainer(scope);
  const serverExit = { code: -1 };
  sandbox.agent.spawn(
    {
      argv: ['node', '-e', server],
      cwd: '/tmp',
      env: ['PATH=/usr/bin:/bin'],
      timeoutMs: 600_000,
      maxOutputBytes: 4096,
      stdin: false,
    },
    {
      onData: () => undefined,
      onExit: ({ code }) => (serverExit.code = code),
      onFail: () => undefined,
    },
  );
  // Wait until the server inside listens.
  for (let attempt = 0; attempt < 50; attempt++) {
    const ok = await request('/ready').then(
      () => true,
      () => false,
    );
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the server inside the sandbox did not start (exit ${serverExit.code})`);
}, 900_000);

afterAll(async () => {
  sandbox?.agent.close();
  await removeTestContainers(scope);
}, 60_000);

describe('openAgentTunnel', () => {
  it('reaches a port inside a sandbox that has no network', async () => {
    const info = await sandbox.container.inspect();
    expect(info.HostConfig.NetworkMode).toBe('none');
    const { status, text } = await request('/page?x=1');
    expect(status).toBe(200);
    expect(JSON.parse(text)).toEqual({ method: 'GET', url: '/page?x=1', body: '' });
  });

  it('carries request bodies in and streamed responses out, whole', async () => {
    const body = 'x'.repeat(200_000);
    const posted = await request('/upload', 'POST', body);
    expect(JSON.parse(posted.text).body.length).toBe(body.length);
    expect((await request('/slow')).text).toBe('one,two');
  });

  it('fails with the refusal when nothing listens on the port', async () => {
    const tunnel = openAgentTunnel(sandbox.agent, 3999);
    const error = await new Promise<Error>((resolve) => tunnel.on('error', resolve));
    expect(error.message).toMatch(/refused/i);
  });

  it('half-closes: the server sees the end of the request and still answers', async () => {
    const tunnel = openAgentTunnel(sandbox.agent, 3000);
    const chunks: Buffer[] = [];
    tunnel.on('data', (chunk: Buffer) => chunks.push(chunk));
    tunnel.end('POST /half HTTP/1.0\r\ncontent-length: 2\r\n\r\nhi');
    await new Promise((resolve) => tunnel.on('end', resolve));
    expect(Buffer.concat(chunks).toString()).toMatch(/"body":"hi"/);
  });
});
