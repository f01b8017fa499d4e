import { AirlockError, ErrorCode } from '@airlock/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  docker,
  removeTestContainers,
  testExecutor,
  testScope,
  uniqueName,
} from './test-helpers.js';

const scope = testScope('basics');
const executor = testExecutor(scope);
const tenant = 'tenant-basics';
const name = uniqueName('basics');

beforeAll(async () => {
  await executor.start();
  await executor.create({ tenant, name, env: { GREETING: 'hello' } });
}, 60_000);

afterAll(async () => {
  await executor.close();
  await removeTestContainers(scope);
}, 60_000);

describe('exec', () => {
  it('answers stdout, stderr and the exit code separately', async () => {
    const result = await executor.exec(tenant, name, [
      'sh',
      '-c',
      'echo out; echo err >&2; exit 3',
    ]);
    expect(result).toMatchObject({
      stdout: 'out\n',
      stderr: 'err\n',
      exitCode: 3,
      timedOut: false,
    });
  });

  it('passes stdin, env (sandbox and exec) and cwd', async () => {
    const result = await executor.exec(
      tenant,
      name,
      ['sh', '-c', 'cat; echo "$GREETING $WHO"; pwd; echo "$HOME $LANG"'],
      {
        stdin: 'from stdin\n',
        env: { WHO: 'world' },
        cwd: '/tmp',
      },
    );
    expect(result.stdout).toBe('from stdin\nhello world\n/tmp\n/tmp C.UTF-8\n');
  });

  it('streams output in chunks as it comes', async () => {
    const chunks: string[] = [];
    const script = 'for i in 1 2 3; do echo line$i; sleep 0.2; done';
    const result = await executor.exec(tenant, name, ['sh', '-c', script], {
      onOutput: (stream, chunk) => chunks.push(`${stream}:${chunk}`),
    });
    expect(chunks.length).toBeGreaterThanOrEqual(3);
    expect(chunks.join('')).toBe('stdout:line1\nstdout:line2\nstdout:line3\n');
    expect(result.stdout).toBe('line1\nline2\nline3\n');
  });

  it('cuts output at maxOutputBytes and says so', async () => {
    const result = await executor.exec(tenant, name, ['head', '-c', '100000', '/dev/zero'], {
      maxOutputBytes: 1000,
    });
    expect(result.stdout.length).toBe(1000);
    expect(result.truncated).toBe(true);
  });
});

describe('files', () => {
  it('round-trips text and binary content, owned by the sandbox user', async () => {
    const binary = Uint8Array.from({ length: 4096 }, (_, i) => (i * 7) % 256);
    await executor.writeFile(tenant, name, 'src/data.bin', binary);
    await executor.writeFile(tenant, name, '/workspace/src/hello.txt', Buffer.from('héllo\n'));

    expect(Buffer.from(await executor.readFile(tenant, name, 'src/data.bin'))).toEqual(
      Buffer.from(binary),
    );
    expect(Buffer.from(await executor.readFile(tenant, name, 'src/hello.txt')).toString()).toBe(
      'héllo\n',
    );
    const owner = await executor.exec(tenant, name, ['stat', '-c', '%u:%g', 'src/data.bin']);
    expect(owner.stdout.trim()).toBe('10001:10001');
  });

  it('lists recursively with relative paths, types and sizes', async () => {
    await executor.writeFile(tenant, name, 'list/a/b.txt', Buffer.from('12345'));
    const entries = await executor.listFiles(tenant, name, 'list');
    expect(entries).toEqual(
      expect.arrayContaining([
        { path: 'a', type: 'directory', sizeBytes: expect.any(Number) },
        { path: 'a/b.txt', type: 'file', sizeBytes: 5 },
      ]),
    );
    expect(entries).toHaveLength(2);
  });

  it('answers NotFound for a file that does not exist', async () => {
    const error = await executor.readFile(tenant, name, 'missing.txt').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AirlockError);
    expect((error as AirlockError).code).toBe(ErrorCode.NotFound);
  });
});

describe('background processes', () => {
  it('runs a node HTTP server, reads its logs and stops it', async () => {
    const server =
      "require('http').createServer((q, s) => s.end('pong')).listen(8080, () => console.log('listening'))";
    const proc = await executor.startProcess(tenant, name, ['node', '-e', server]);
    const fetchScript =
      "fetch('http://127.0.0.1:8080').then(r => r.text()).then(t => console.log(t)).catch(e => { console.error(e); process.exit(1) })";
    let answer = await executor.exec(tenant, name, ['node', '-e', fetchScript]);
    for (let i = 0; i < 20 && answer.exitCode !== 0; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      answer = await executor.exec(tenant, name, ['node', '-e', fetchScript]);
    }
    expect(answer.stdout).toBe('pong\n');

    const logs = await executor.processLogs(tenant, name, proc.id);
    expect(logs).toMatchObject({ stdout: 'listening\n', running: true });

    await executor.stopProcess(tenant, name, proc.id);
    const after = await executor.processLogs(tenant, name, proc.id);
    expect(after).toMatchObject({ running: false, exitCode: 137 });
    const refused = await executor.exec(tenant, name, ['node', '-e', fetchScript]);
    expect(refused.exitCode).toBe(1);
  });

  it('reports the exit code of a process that ended by itself', async () => {
    const proc = await executor.startProcess(tenant, name, ['sh', '-c', 'echo done >&2; exit 7']);
    let logs = await executor.processLogs(tenant, name, proc.id);
    for (let i = 0; i < 20 && logs.running; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      logs = await executor.processLogs(tenant, name, proc.id);
    }
    expect(logs).toMatchObject({ running: false, exitCode: 7, stderr: 'done\n' });
  });
});

describe('addressing', () => {
  it('refuses a second sandbox of the same name, naming the field', async () => {
    const error = await executor.create({ tenant, name }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: ErrorCode.InvalidInput, context: { field: 'name' } });
  });

  it.each([[''], ['Upper'], ['-dash-first'], ['a'.repeat(64)], ['under_score'], ['dot.name']])(
    'refuses the name %j',
    async (bad) => {
      const error = await executor.create({ tenant, name: bad }).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: ErrorCode.InvalidInput, context: { field: 'name' } });
    },
  );

  it('lists the sandbox for its tenant only', async () => {
    expect((await executor.list(tenant)).map((s) => s.name)).toEqual([name]);
    expect(await executor.list('someone-else')).toEqual([]);
  });

  it('destroys, after which the sandbox is NotFound', async () => {
    const other = uniqueName('gone');
    await executor.create({ tenant, name: other });
    await executor.destroy(tenant, other);
    const error = await executor.exec(tenant, other, ['true']).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: ErrorCode.NotFound });
    await expect(executor.get(tenant, other)).rejects.toMatchObject({ code: ErrorCode.NotFound });
  });

  it('answers NotFound once the container vanished underneath, and forgets the sandbox', async () => {
    const other = uniqueName('vanish');
    const info = await executor.create({ tenant, name: other });
    await docker.getContainer(info.containerId).remove({ force: true });
    await expect(executor.exec(tenant, other, ['true'])).rejects.toMatchObject({
      code: ErrorCode.NotFound,
    });
    expect((await executor.list(tenant)).map((s) => s.name)).not.toContain(other);
  });
});

describe('runtime', () => {
  it('refuses an unknown runtime, and runsc where gVisor is not installed', async () => {
    expect(() => testExecutor(scope, { runtime: 'kata' })).toThrow(
      expect.objectContaining({ code: ErrorCode.InvalidConfig, context: { key: 'runtime' } }),
    );
    const gvisor = testExecutor(scope, { runtime: 'runsc' });
    const info = (await docker.info()) as { Runtimes: Record<string, unknown> };
    if ('runsc' in info.Runtimes) {
      await expect(gvisor.start()).resolves.toBeUndefined();
    } else {
      await expect(gvisor.start()).rejects.toMatchObject({ code: ErrorCode.InvalidConfig });
    }
    await gvisor.close();
  });
});
