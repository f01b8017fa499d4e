import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keys, startTestGateway, type TestGateway } from '../../../gateway/src/test-helpers.js';
import { airlockAsync, buildCli, repoRoot, stackFrame } from '../bin-helpers.js';
import { tempProject } from '../test-helpers.js';

/**
 * `airlock sandbox exec|ls|rm` as the built bin, against a gateway with the real container
 * executor started in this test.
 */

let gw: TestGateway;
let cwd: string;

beforeAll(async () => {
  buildCli();
  cwd = tempProject({});
  const settings = join(cwd, 'settings.yaml');
  writeFileSync(
    settings,
    `tiers:
  default: { executors: [isolate, container], capabilities: [log], hosts: [], secrets: {}, limits: { timeoutMs: 1000, wallTimeMs: 60000, memoryMb: 256, maxProcesses: 32, diskMb: 64 } }
tenants: {}
`,
  );
  gw = await startTestGateway({
    policy: { paths: [join(repoRoot, 'policies/airlock/decision.rego'), settings] },
    container: { enabled: true, scope: `cli-sandbox-${process.pid}` },
  });
}, 900_000);

afterAll(async () => {
  await gw?.close();
});

/** `airlock sandbox <sub> --gateway <url> …rest`: the flag goes before a `--`. */
const sandbox = ([sub = '', ...rest]: string[], key: string = keys.alpha) =>
  airlockAsync(['sandbox', sub, '--gateway', gw.url, ...rest], cwd, {
    env: { AIRLOCK_API_KEY: key },
  });

describe('airlock sandbox', () => {
  it("exec prints the command's output and exits with its exit code", async () => {
    const ran = await sandbox([
      'exec',
      '--tenant',
      'alpha',
      '--',
      'sh',
      '-c',
      'echo out; echo err >&2; exit 3',
    ]);
    expect(ran).toMatchObject({ status: 3, stdout: 'out\n' });
    expect(ran.stderr).toContain('err\n');
  });

  it('keeps the sandbox between commands, lists it and removes it', async () => {
    await sandbox(['exec', '-t', 'alpha', '-n', 'keep', '--', 'sh', '-c', 'echo 1 > /workspace/f']);
    const read = await sandbox(['exec', '-t', 'alpha', '-n', 'keep', '--', 'cat', '/workspace/f']);
    expect(read).toMatchObject({ status: 0, stdout: '1\n' });

    const listed = await sandbox(['ls', '-t', 'alpha']);
    expect(listed.stdout).toMatch(/^keep\t[0-9a-f]{12}\texpires /m);
    const removed = await sandbox(['rm', 'keep', '-t', 'alpha']);
    expect(removed).toMatchObject({ status: 0, stdout: 'removed keep\n' });
    expect((await sandbox(['ls', '-t', 'alpha'])).stdout).not.toMatch(/^keep\t/m);
  });

  it('exits 2 naming the problem for a tenant outside the key and a missing sandbox', async () => {
    const other = await sandbox(['exec', '-t', 'beta', '--', 'true']);
    expect(other.status).toBe(2);
    expect(other.stderr).toMatch(/does not cover "beta" \(HTTP 403\)/);
    const missing = await sandbox(['rm', 'nothing-here', '-t', 'alpha']);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/HTTP 404/);
    expect(missing.stderr).not.toMatch(stackFrame);
  });
});
