/**
 * The container workbench through the gateway, against the real Docker engine: a tenant
 * clones a git repository from a bundle, installs an npm package from a tarball, starts a
 * node server and a person fetches its page through the preview URL. Around it: tenant
 * separation, the policy's say over containers, container executions, and the audit log.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { queryAudit } from '@airlock/audit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  execution,
  keys,
  repoRoot,
  startTestGateway,
  type TestGateway,
} from '../../apps/gateway/src/test-helpers.js';

const settings = `
tiers:
  default: { executors: [isolate], capabilities: [log], hosts: [], secrets: {}, limits: { timeoutMs: 1000, wallTimeMs: 5000, memoryMb: 64 } }
  builder:
    executors: [isolate, container]
    capabilities: [log]
    hosts: []
    secrets: {}
    limits: { timeoutMs: 10000, wallTimeMs: 120000, memoryMb: 512, maxProcesses: 64, diskMb: 256 }
tenants:
  alpha: { tier: builder }
  beta: { tier: builder }
`;

let gw: TestGateway;
let host: string;

function sh(command: string, args: string[], cwd: string): void {
  execFileSync(command, args, { cwd, stdio: 'pipe' });
}

/** A git repository with one commit, as a bundle, and an npm package, as a tarball. */
function hostArtifacts(): { bundle: Buffer; tarball: Buffer } {
  const repo = join(host, 'repo');
  sh('mkdir', ['-p', repo], host);
  writeFileSync(
    join(repo, 'server.js'),
    `const greet = require('greeter');
require('node:http').createServer((req, res) => res.end(greet('preview') + ' at ' + req.url)).listen(3000);
`,
  );
  sh('git', ['init', '-q', '-b', 'main'], repo);
  sh('git', ['add', '.'], repo);
  sh('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-q', '-m', 'server'], repo);
  sh('git', ['bundle', 'create', '-q', join(host, 'repo.bundle'), '--all'], repo);

  const pkg = join(host, 'greeter');
  sh('mkdir', ['-p', pkg], host);
  writeFileSync(
    join(pkg, 'package.json'),
    '{"name":"greeter","version":"1.0.0","main":"index.js"}',
  );
  writeFileSync(join(pkg, 'index.js'), "module.exports = (who) => 'hello from ' + who;");
  sh('npm', ['pack', '--silent', '--pack-destination', host], pkg);
  return {
    bundle: readFileSync(join(host, 'repo.bundle')),
    tarball: readFileSync(join(host, 'greeter-1.0.0.tgz')),
  };
}

beforeAll(async () => {
  host = mkdtempSync(join(tmpdir(), 'airlock-workbench-'));
  writeFileSync(join(host, 'settings.yaml'), settings);
  gw = await startTestGateway({
    policy: {
      paths: [join(repoRoot, 'policies/airlock/decision.rego'), join(host, 'settings.yaml')],
    },
    container: { enabled: true, scope: `workbench-${process.pid}` },
  });
}, 900_000);

afterAll(async () => {
  await gw?.close();
  rmSync(host, { recursive: true, force: true });
});

const exec = (name: string, command: string[], key?: string) =>
  gw.call('POST', `/v1/sandboxes/${name}/exec?tenant=alpha`, {
    body: { command },
    ...(key === undefined ? {} : { key }),
  });

describe('the workbench', () => {
  it(
    'clones, installs, serves and shows the page through the preview URL',
    { timeout: 120_000 },
    async () => {
      const { bundle, tarball } = hostArtifacts();
      const created = await gw.call('POST', '/v1/sandboxes', {
        body: { tenant: 'alpha', name: 'wb' },
      });
      expect(created.status).toBe(201);

      for (const [path, content] of [
        ['repo.bundle', bundle],
        ['greeter-1.0.0.tgz', tarball],
      ] as const) {
        const put = await fetch(`${gw.url}/v1/sandboxes/wb/files/${path}?tenant=alpha`, {
          method: 'PUT',
          headers: {
            authorization: `Bearer ${keys.alpha}`,
            'content-type': 'application/octet-stream',
          },
          body: content,
        });
        expect(put.status).toBe(204);
      }
      const cloned = await exec('wb', ['git', 'clone', '-q', 'repo.bundle', 'app']);
      expect(cloned.body).toMatchObject({ exitCode: 0 });
      const installed = await gw.call('POST', '/v1/sandboxes/wb/exec?tenant=alpha', {
        body: {
          command: [
            'npm',
            'install',
            '--offline',
            '--no-audit',
            '--no-fund',
            '../greeter-1.0.0.tgz',
          ],
          cwd: '/workspace/app',
        },
      });
      expect(installed.body.exitCode).toBe(0);

      const started = await gw.call('POST', '/v1/sandboxes/wb/processes?tenant=alpha', {
        body: { command: ['node', 'server.js'], cwd: '/workspace/app' },
      });
      expect(started.status).toBe(201);
      const exposed = await gw.call('POST', '/v1/sandboxes/wb/ports', {
        body: { tenant: 'alpha', port: 3000 },
      });
      expect(exposed.status).toBe(201);
      expect(exposed.body.url).toMatch(/\/preview\/[A-Za-z0-9_-]{43}\/$/);

      let page = '';
      for (let attempt = 0; attempt < 50 && !page.startsWith('hello'); attempt++) {
        const response = await fetch(`${exposed.body.url}docs?x=1`);
        page = await response.text();
        if (!page.startsWith('hello')) await new Promise((resolve) => setTimeout(resolve, 200));
      }
      expect(page).toBe('hello from preview at /docs?x=1');
      const confined = await fetch(`${exposed.body.url}`);
      expect(confined.headers.get('content-security-policy')).toMatch(/^sandbox /);
      const guessed = await fetch(`${gw.url}/preview/${'A'.repeat(43)}/`);
      expect(guessed.status).toBe(404);
    },
  );

  it("keeps tenants apart: beta cannot see or address alpha's sandbox", async () => {
    await gw.call('POST', '/v1/sandboxes', { body: { tenant: 'alpha', name: 'private' } });
    await exec('private', ['sh', '-c', 'echo secret > /workspace/note']);
    const seen = await gw.call('GET', '/v1/sandboxes/private?tenant=beta', { key: keys.beta });
    expect(seen.status).toBe(404);
    const read = await gw.call('GET', '/v1/sandboxes/private/files/note?tenant=beta', {
      key: keys.beta,
    });
    expect(read.status).toBe(404);
    const listed = await gw.call('GET', '/v1/sandboxes?tenant=beta', { key: keys.beta });
    expect(listed.body.sandboxes).toEqual([]);
    // The alpha key cannot name beta either.
    expect((await gw.call('GET', '/v1/sandboxes?tenant=beta')).status).toBe(403);
  });

  it('streams exec output as NDJSON lines, then the result', async () => {
    await gw.call('POST', '/v1/sandboxes', { body: { tenant: 'alpha', name: 'stream' } });
    const response = await fetch(`${gw.url}/v1/sandboxes/stream/exec?tenant=alpha`, {
      method: 'POST',
      headers: { authorization: `Bearer ${keys.alpha}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        command: ['sh', '-c', 'echo one; sleep 0.3; echo two >&2; exit 4'],
        stream: true,
      }),
    });
    expect(response.headers.get('content-type')).toMatch(/application\/x-ndjson/);
    const lines = (await response.text())
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines.slice(0, -1)).toEqual([
      { stream: 'stdout', data: 'one\n' },
      { stream: 'stderr', data: 'two\n' },
    ]);
    expect(lines.at(-1)).toMatchObject({ exitCode: 4, timedOut: false });
  });

  it('lets the policy refuse containers to a tenant whose tier has none', async () => {
    const refused = await gw.call('POST', '/v1/sandboxes', {
      key: keys.both,
      body: { tenant: 'stranger', name: 'nope' },
    });
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toMatch(/may not use the container executor/);
  });

  it(
    'runs an execution in a container when the request asks for it',
    { timeout: 60_000 },
    async () => {
      const code = `import { writeFileSync, readFileSync } from 'node:fs';
export default (input) => { writeFileSync('/workspace/n', String(input * 2)); return Number(readFileSync('/workspace/n', 'utf8')); };`;
      const { body } = await gw.call('POST', '/v1/executions', {
        body: execution('alpha', code, { runtime: 'container', input: 21 }),
      });
      expect(body.decision.executor).toBe('container');
      expect(body).toMatchObject({ status: 'ok', value: 42 });
    },
  );

  it('reports the sandboxes that exist in /metrics', async () => {
    const metrics = await gw.call('GET', '/metrics', { key: null });
    const line = /airlock_active_sandboxes\{executor="container"\} (\d+)/.exec(metrics.body);
    expect(Number(line?.[1])).toBeGreaterThanOrEqual(2);
  });

  it('destroys on DELETE, and audits every sandbox request', async () => {
    const removed = await gw.call('DELETE', '/v1/sandboxes/wb?tenant=alpha');
    expect(removed.status).toBe(204);
    expect((await gw.call('GET', '/v1/sandboxes/wb?tenant=alpha')).status).toBe(404);
    const routes = new Set<string>();
    for await (const record of queryAudit(gw.auditDir, { kind: 'request', tenant: 'alpha' })) {
      routes.add(`${record.detail?.method} ${record.detail?.route}`);
    }
    for (const route of [
      'POST /v1/sandboxes',
      'POST /v1/sandboxes/:name/exec',
      'PUT /v1/sandboxes/:name/files/*',
      'DELETE /v1/sandboxes/:name',
    ]) {
      expect(routes.has(route)).toBe(true);
    }
  });
});
