import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { airlockAsync, bin, buildCli, stackFrame } from '../bin-helpers.js';
import { tempProject } from '../test-helpers.js';

/**
 * `airlock serve` as the built bin in a child process, and `airlock run --gateway` against
 * it: the real gateway, policy and isolate workers, a temp folder for the audit log.
 */

beforeAll(buildCli, 300_000);

const key = 'serve-test-key-0123456789abcdef';
const running: ChildProcessWithoutNullStreams[] = [];

afterEach(() => {
  for (const child of running.splice(0)) child.kill('SIGKILL');
});

interface Served {
  child: ChildProcessWithoutNullStreams;
  url: string;
  stderr: () => string;
}

/** Starts `airlock serve --port 0` in `cwd` and waits for the line with its address. */
function serve(cwd: string, env: Record<string, string>, args: string[] = []): Promise<Served> {
  const child = spawn(process.execPath, [bin, 'serve', '--port', '0', ...args], {
    cwd,
    env: { ...process.env, NO_COLOR: '1', AIRLOCK_LOG_LEVEL: 'warn', ...env },
  });
  running.push(child);
  let stderr = '';
  return new Promise((resolve, reject) => {
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(stderr);
      if (match?.[1] !== undefined) resolve({ child, url: match[1], stderr: () => stderr });
    });
    child.on('exit', (code) => reject(new Error(`serve exited ${code}: ${stderr}`)));
  });
}

function exited(child: ChildProcessWithoutNullStreams): Promise<number | null> {
  return new Promise((resolve) => child.on('exit', (code) => resolve(code)));
}

describe('airlock serve', () => {
  it('serves with built-in defaults, prints how to make a key, and stops on SIGTERM', async () => {
    const cwd = tempProject({});
    const served = await serve(cwd, {});
    expect(served.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    // The advice is written right after the address line.
    for (let wait = 0; wait < 50 && !served.stderr().includes('Bearer'); wait++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(served.stderr()).toContain('built-in defaults');
    expect(served.stderr()).toMatch(/AIRLOCK_API_KEYS="[0-9a-f]{48}:demo"/);
    expect(served.stderr()).toMatch(/sha256: [0-9a-f]{64}/);

    const refused = await fetch(`${served.url}/v1/executions`, { method: 'POST' });
    expect(refused.status).toBe(401);

    const exit = exited(served.child);
    served.child.kill('SIGTERM');
    expect(await exit).toBe(0);
    expect(served.stderr()).toContain('stopped');
  });

  it('takes executions from airlock run --gateway, with the key from the environment', async () => {
    const cwd = tempProject({
      'ok.js': 'export default (input) => input.n * 2;\n',
      'leak.js': 'export default () => process.env.HOME;\n',
    });
    const served = await serve(cwd, { AIRLOCK_API_KEYS: `${key}:demo` });
    const env = { env: { AIRLOCK_API_KEY: key } };
    const gateway = ['--gateway', served.url];

    const ok = await airlockAsync(
      ['run', 'ok.js', '-t', 'demo', '-i', '{"n":21}', ...gateway],
      cwd,
      env,
    );
    expect(ok.status).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ status: 'ok', value: 42 });

    const denied = await airlockAsync(['run', 'leak.js', '-t', 'demo', ...gateway], cwd, env);
    expect(denied.status).toBe(1);
    expect(JSON.parse(denied.stdout).status).toBe('denied');

    // A tenant the key does not cover: the gateway's 403, as a usage error.
    const other = await airlockAsync(['run', 'ok.js', '-t', 'acme', ...gateway], cwd, env);
    expect(other.status).toBe(2);
    expect(other.stderr).toMatch(/does not cover "acme" \(HTTP 403\)/);
    expect(other.stderr).not.toMatch(stackFrame);
  });

  it.each([
    [['--gateway', 'http://127.0.0.1:9'], { AIRLOCK_API_KEY: key }, /cannot reach/],
    [['--gateway', 'ftp://x'], { AIRLOCK_API_KEY: key }, /not an http\(s\) URL/],
    [['--gateway', 'http://127.0.0.1:9'], {}, /AIRLOCK_API_KEY/],
    [
      ['--gateway', 'http://127.0.0.1:9', '--policy', 'p'],
      { AIRLOCK_API_KEY: key },
      /--policy cannot be combined/,
    ],
  ])('run %j exits 2 with a clear message', async (args, env, message) => {
    const cwd = tempProject({ 'ok.js': 'export default () => 1;\n' });
    const ran = await airlockAsync(['run', 'ok.js', '-t', 'demo', ...args], cwd, {
      env,
      unset: ['AIRLOCK_API_KEY'],
    });
    expect(ran.status).toBe(2);
    expect(ran.stderr).toMatch(message);
    expect(ran.stderr).not.toMatch(stackFrame);
  });

  it.each([
    [['--config', 'missing.yaml'], /missing.yaml: no such file/],
    [['--config', 'bad.yaml'], /server.prot: is not a known key/],
    [['--port', '99999'], /expected a port/],
  ])('serve %j exits 2 naming the problem', async (args, message) => {
    const cwd = tempProject({ 'bad.yaml': 'server:\n  prot: 1\n' });
    const ran = await airlockAsync(['serve', ...args], cwd);
    expect(ran.status).toBe(2);
    expect(ran.stderr).toMatch(message);
    expect(ran.stderr).not.toMatch(stackFrame);
  });
});
