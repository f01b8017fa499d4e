import http from 'node:http';
import Dockerode from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureSandboxImage } from '../image/build-image.js';
import { openExecTunnel } from './exec-tunnel.js';

const docker = new Dockerode();
const runLabel = `preview-test-${process.pid}`;
let container: Dockerode.Container;

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

async function execDetached(cmd: string[]): Promise<void> {
  const exec = await container.exec({ Cmd: cmd, AttachStdout: false, AttachStderr: false });
  await exec.start({ Detach: true });
}

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
        createConnection: (_options, done) => {
          openExecTunnel(docker, container, 3000).then(
            (tunnel) => done(null, tunnel),
            (error: Error) => done(error, undefined as never),
          );
          return undefined;
        },
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
  // Built once per machine (a few minutes), then reused by its tag.
  const image = await ensureSandboxImage(docker);
  container = await docker.createContainer({
    Image: image,
    Cmd: ['sleep', 'infinity'],
    Labels: { 'airlock.managed': 'true', 'airlock.test': runLabel },
    HostConfig: {
      NetworkMode: 'none',
      CapDrop: ['ALL'],
      ReadonlyRootfs: true,
      Tmpfs: { '/tmp': 'rw,size=16m' },
      Init: true,
    },
  });
  await container.start();
  await execDetached(['node', '-e', server]);
  // Wait until the server inside listens.
  for (let attempt = 0; attempt < 50; attempt++) {
    const ok = await request('/ready').then(
      () => true,
      () => false,
    );
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the server inside the sandbox did not start');
}, 900_000);

afterAll(async () => {
  await container?.remove({ force: true });
});

describe('openExecTunnel', () => {
  it('reaches a port inside a sandbox that has no network', async () => {
    const info = await container.inspect();
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

  it('fails when nothing listens on the port', async () => {
    const tunnel = await openExecTunnel(docker, container, 3999);
    const chunks: Buffer[] = [];
    tunnel.on('data', (chunk: Buffer) => chunks.push(chunk));
    await new Promise((resolve) => tunnel.on('end', resolve));
    expect(Buffer.concat(chunks).length).toBe(0);
  });
});
