import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { airlockAsync, buildCli } from '../bin-helpers.js';
import {
  startCanary,
  startHttpUpstream,
  type TestUpstream,
} from '../../../../libs/egress/src/test-helpers.js';
import { tempProject } from '../test-helpers.js';

/**
 * `airlock run --allow-host/--secret/--allow-private`, as the built bin in a child process
 * with the default policy, a real egress proxy in that process and a loopback upstream here
 * that records what it was sent. The secret's value is only in the child's environment.
 */
const secretValue = 'cli-canary-9b27e4d1';

const airlock = (args: string[], cwd: string, env: Record<string, string> = {}) =>
  airlockAsync(args, cwd, { env: { TMPDIR: cwd, ...env } });

let upstream: TestUpstream;
let canary: Awaited<ReturnType<typeof startCanary>>;

beforeAll(async () => {
  buildCli();
  upstream = await startHttpUpstream((req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end(`hello from ${req.url}`);
  });
  canary = await startCanary();
}, 300_000);

afterAll(async () => {
  await Promise.all([upstream?.close(), canary?.close()]);
});

function fetcher(port: () => number): () => string {
  return () => `export default async (input, env) => {
  const response = await env.fetch('http://127.0.0.1:${port()}/x');
  return { status: response.status, body: response.body, refused: response.headers['x-airlock-refused'] ?? null };
};
`;
}

describe('airlock run: env.fetch through the egress proxy', () => {
  const cwd = tempProject({});
  const write = (name: string, code: string): string => {
    const dir = tempProject({ [name]: code });
    return join(dir, name);
  };

  it('reaches an allowed loopback host with the secret added; stdout never shows it', async () => {
    const file = write('fetch.js', fetcher(() => upstream.port)());
    const ran = await airlock(
      [
        'run',
        file,
        '--tenant',
        'cli-egress',
        '--allow-host',
        `127.0.0.1:${upstream.port}`,
        '--allow-private',
        '127.0.0.1/32',
        '--secret',
        'TOKEN=MY_ENV@127.0.0.1',
      ],
      cwd,
      { MY_ENV: secretValue },
    );

    expect(ran.stderr).toBe('');
    expect(ran.status).toBe(0);
    const result = JSON.parse(ran.stdout);
    expect(result).toMatchObject({
      status: 'ok',
      value: { status: 200, body: 'hello from /x', refused: null },
      decision: { capabilities: ['fetch'] },
    });
    expect(upstream.seen.at(-1)?.headers.authorization).toBe(`Bearer ${secretValue}`);
    expect(ran.stdout + ran.stderr).not.toContain(secretValue);
  });

  it.each([
    {
      name: 'a host not allowed',
      port: () => canary.port,
      flags: () => [
        '--allow-host',
        `127.0.0.1:${upstream.port}`,
        '--allow-private',
        '127.0.0.1/32',
      ],
      refused: /not allowed/,
    },
    {
      name: 'loopback without --allow-private',
      port: () => upstream.port,
      flags: () => ['--allow-host', `127.0.0.1:${upstream.port}`],
      refused: /address not allowed \(loopback\)/,
    },
  ])('answers the code 403 for $name; nothing is sent there', async ({ port, flags, refused }) => {
    const before = upstream.seen.length;
    const file = write('refused.js', fetcher(port)());
    const ran = await airlock(['run', file, '--tenant', 'cli-egress', ...flags()], cwd);

    expect(ran.status).toBe(0);
    const value = JSON.parse(ran.stdout).value;
    expect(value.status).toBe(403);
    expect(value.refused).toMatch(refused);
    expect(canary.connections()).toBe(0);
    expect(upstream.seen.length).toBe(before);
  });

  it.each([
    { flags: ['--allow-host', 'a b'], message: /--allow-host a b: expected HOST\[:PORT\]/ },
    {
      flags: ['--allow-host', '127.0.0.1:99999'],
      message: /--allow-host .*expected HOST\[:PORT\]/,
    },
    { flags: ['--secret', 'TOKEN'], message: /--secret TOKEN: expected NAME=ENV_VAR@HOST/ },
    { flags: ['--secret', 'TOKEN=MY_ENV'], message: /--secret .*expected NAME=ENV_VAR@HOST/ },
    {
      flags: ['--secret', 'TOKEN=AIRLOCK_SURELY_UNSET_VAR@127.0.0.1'],
      message: /AIRLOCK_SURELY_UNSET_VAR is not set/,
    },
    { flags: ['--allow-private', 'not-a-range'], message: /--allow-private/ },
  ])('exits 2 for $flags, naming the flag', async ({ flags, message }) => {
    const file = write('never.js', 'export default () => 1;\n');
    const ran = await airlock(['run', file, '--tenant', 'cli-egress', ...flags], cwd);
    expect(ran.status).toBe(2);
    expect(ran.stderr).toMatch(message);
    expect(ran.stdout).toBe('');
  });
});
