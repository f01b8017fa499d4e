import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeTestContainers, testExecutor, testScope, uniqueName } from './test-helpers.js';

const scope = testScope('resources');
const executor = testExecutor(scope);
const tenant = 'tenant-resources';
const limits = { memoryMb: 128, maxProcesses: 32, diskMb: 8, tmpMb: 4, cpus: 0.5 };
const victim = uniqueName('victim');
const bystander = uniqueName('bystander');

/** The neighbour sandbox and the host still answer. */
async function othersStillWork(): Promise<void> {
  const neighbour = await executor.exec(tenant, bystander, ['echo', 'alive']);
  expect(neighbour).toMatchObject({ exitCode: 0, stdout: 'alive\n' });
  expect(execFileSync('echo', ['host alive']).toString()).toBe('host alive\n');
}

/** Retries until the victim answers again; the last processes of an attack may need a moment. */
async function victimRecovers(): Promise<void> {
  let result = await executor.exec(tenant, victim, ['echo', 'back']).catch(() => undefined);
  for (let i = 0; i < 20 && result?.stdout !== 'back\n'; i += 1) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    result = await executor.exec(tenant, victim, ['echo', 'back']).catch(() => undefined);
  }
  expect(result?.stdout).toBe('back\n');
}

beforeAll(async () => {
  await executor.start();
  await executor.create({ tenant, name: victim, limits });
  await executor.create({ tenant, name: bystander, limits });
}, 60_000);

afterAll(async () => {
  await executor.close();
  await removeTestContainers(scope);
}, 60_000);

describe('resource attacks', () => {
  it('a fork bomb meets the process limit', async () => {
    const pidsMax = await executor.exec(tenant, victim, ['cat', '/sys/fs/cgroup/pids/pids.max']);
    expect(pidsMax.stdout.trim()).toBe(String(limits.maxProcesses));

    // The bomb's processes stay in the command's process group, which the timeout kills whole.
    const bomb = await executor.exec(
      tenant,
      victim,
      ['bash', '-c', 'f(){ f | f & }; f; sleep 60'],
      {
        timeoutMs: 3_000,
      },
    );
    expect(bomb.stderr).toMatch(/fork|Resource temporarily unavailable/);
    expect(bomb.timedOut).toBe(true);
    await othersStillWork();
    await victimRecovers();
  }, 60_000);

  it('a memory bomb is killed and reported', async () => {
    const grow = 'const held = []; for (;;) held.push(Buffer.alloc(16 * 1024 * 1024, 1));';
    const result = await executor.exec(tenant, victim, ['node', '-e', grow], { timeoutMs: 30_000 });
    expect(result.exitCode).toBe(137);
    expect(result.timedOut).toBe(false);
    await othersStillWork();
    await victimRecovers();
  }, 60_000);

  it('filling /workspace stops at diskMb and /tmp at tmpMb', async () => {
    const fill = await executor.exec(tenant, victim, [
      'sh',
      '-c',
      'head -c 50M /dev/zero > /workspace/fill',
    ]);
    expect(fill.exitCode).not.toBe(0);
    expect(fill.stderr).toContain('No space left on device');
    const size = await executor.exec(tenant, victim, ['stat', '-c', '%s', '/workspace/fill']);
    expect(Number(size.stdout)).toBeLessThanOrEqual(limits.diskMb * 1024 * 1024);

    const tmp = await executor.exec(tenant, victim, [
      'sh',
      '-c',
      'head -c 50M /dev/zero > /tmp/fill',
    ]);
    expect(tmp.stderr).toContain('No space left on device');
    await executor.exec(tenant, victim, ['rm', '-f', '/workspace/fill', '/tmp/fill']);
    await othersStillWork();
  });

  it('an endless command is killed by its timeout', async () => {
    const endless = 'sleep 1000 & while :; do :; done # endless-marker';
    const result = await executor.exec(tenant, victim, ['sh', '-c', endless], { timeoutMs: 1_500 });
    expect(result.timedOut).toBe(true);
    expect([124, 137]).toContain(result.exitCode);
    // Generous: the point is that it ended, not how fast.
    expect(result.durationMs).toBeLessThan(10_000);
    // The bracket keeps grep from matching its own command line.
    const survivors = 'cat /proc/[0-9]*/cmdline | tr "\\0" " " | grep -c "slee[p] 1000"';
    const left = await executor.exec(tenant, victim, ['sh', '-c', survivors]);
    expect(left.stdout.trim()).toBe('0');
    await othersStillWork();
  });

  it('a command finishing in time is not reported as timed out', async () => {
    const result = await executor.exec(tenant, victim, ['sh', '-c', 'exit 124'], {
      timeoutMs: 5_000,
    });
    expect(result).toMatchObject({ exitCode: 124, timedOut: false });
  });
});
