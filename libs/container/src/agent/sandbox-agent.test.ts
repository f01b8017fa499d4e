import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RawExecOptions, runAgentExec } from '../sandbox/exec.js';
import type { StartedContainer } from '../sandbox/container-factory.js';
import { removeTestContainers, startTestContainer, testScope } from '../sandbox/test-helpers.js';
import { SandboxGoneError } from './sandbox-agent.js';

const scope = testScope('agent');
let sandbox: StartedContainer;

function run(command: string[], options: Partial<RawExecOptions> = {}) {
  return runAgentExec(sandbox.agent, command, {
    timeoutMs: 10_000,
    maxOutputBytes: 1 << 20,
    env: ['PATH=/usr/bin:/bin'],
    ...options,
  });
}

beforeAll(async () => {
  sandbox = await startTestContainer(scope);
}, 900_000);

afterAll(async () => {
  sandbox?.agent.close();
  await removeTestContainers(scope);
}, 60_000);

describe('the sandbox agent', () => {
  it('runs commands with their stdin, output, exit code and environment', async () => {
    const input = Buffer.alloc(3 * 1024 * 1024 + 17, 'ab');
    const echoed = await run(['sh', '-c', 'cat; echo "$GREETING" >&2; exit 7'], {
      stdin: input,
      env: ['PATH=/usr/bin:/bin', 'GREETING=hi there'],
      maxOutputBytes: 4 << 20,
    });
    expect(echoed.exitCode).toBe(7);
    expect(echoed.stdout.equals(input)).toBe(true);
    expect(echoed.stderr.toString()).toBe('hi there\n');
    expect(echoed.timedOut).toBe(false);
    expect(echoed.truncated).toBe(false);
  });

  it('keeps concurrent commands apart', async () => {
    const results = await Promise.all(
      Array.from({ length: 24 }, (_, i) => run(['sh', '-c', `sleep 0.$((${i} % 3)); echo ${i}`])),
    );
    expect(results.map((r) => r.stdout.toString())).toEqual(
      Array.from({ length: 24 }, (_, i) => `${i}\n`),
    );
  });

  it('answers 127 for a program that does not exist and 126 for one that cannot run', async () => {
    const missing = await run(['no-such-program']);
    expect(missing.exitCode).toBe(127);
    expect(missing.stderr.toString()).toMatch(/no-such-program: .*No such file/);
    const notExecutable = await run(['/etc/hostname']);
    expect(notExecutable.exitCode).toBe(126);
  });

  it('kills the whole process group at the timeout, background children included', async () => {
    const started = Date.now();
    const result = await run(['sh', '-c', 'sleep 300 & echo $!; while :; do :; done'], {
      timeoutMs: 500,
    });
    expect(result.timedOut).toBe(true);
    expect(result.exitCode).toBe(137);
    expect(Date.now() - started).toBeLessThan(5_000);
    const pid = result.stdout.toString().trim();
    const check = await run(['sh', '-c', `kill -0 ${pid} 2>/dev/null && echo alive || echo gone`]);
    expect(check.stdout.toString()).toBe('gone\n');
  });

  it('caps each stream inside and says so', async () => {
    const result = await run(['head', '-c', '5000000', '/dev/zero'], { maxOutputBytes: 1000 });
    expect(result.exitCode).toBe(0);
    expect(result.stdout.length).toBe(1000);
    expect(result.truncated).toBe(true);
  });

  it('ignores frames forged for channels it never opened', async () => {
    // The container's init holds the agent's stdout; the tenant can write into it.
    const forge = [
      'import os, struct',
      "fd = os.open('/proc/1/fd/1', os.O_WRONLY)",
      "os.write(fd, struct.pack('>BII', 0x12, 999999, 3) + b'abc')",
    ].join('\n');
    const result = await run(['python3', '-c', forge]);
    expect(result.exitCode).toBe(0);
    expect((await run(['echo', 'still here'])).stdout.toString()).toBe('still here\n');
  });

  it('ends the sandbox on garbage in its stream, failing what runs, and the host carries on', async () => {
    const victim = await startTestContainer(scope);
    const pending = runAgentExec(victim.agent, ['sleep', '30'], {
      timeoutMs: 60_000,
      maxOutputBytes: 100,
    });
    const garbage = [
      'import os',
      "fd = os.open('/proc/1/fd/1', os.O_WRONLY)",
      "os.write(fd, b'\\xff' * 64)",
    ].join('\n');
    await runAgentExec(victim.agent, ['python3', '-c', garbage], {
      timeoutMs: 10_000,
      maxOutputBytes: 100,
    }).catch(() => undefined);
    await expect(pending).rejects.toBeInstanceOf(SandboxGoneError);
    expect(victim.agent.gone).toBe(true);
    await expect(
      runAgentExec(victim.agent, ['true'], { timeoutMs: 1000, maxOutputBytes: 1 }),
    ).rejects.toBeInstanceOf(SandboxGoneError);
    expect((await run(['echo', 'other sandbox fine'])).exitCode).toBe(0);
  }, 60_000);

  it('stops the container when the gateway lets go', async () => {
    const held = await startTestContainer(scope);
    await run(['true']);
    held.agent.close();
    let running = true;
    for (let i = 0; i < 50 && running; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      running = (await held.container.inspect()).State.Running;
    }
    expect(running).toBe(false);
  }, 30_000);
});
