import { ErrorCode } from '@airlock/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeTestContainers, testExecutor, testScope, uniqueName } from './test-helpers.js';

const scope = testScope('isolation');
const executor = testExecutor(scope);
const tenantA = 'tenant-a';
const tenantB = 'tenant-b';
const name = uniqueName('iso');
const canary = `canary-${Math.random().toString(36).slice(2)}`;

const run = (command: string[]) => executor.exec(tenantA, name, command);
const sh = (script: string) => run(['sh', '-c', script]);

beforeAll(async () => {
  process.env.AIRLOCK_TEST_CANARY = canary;
  await executor.start();
  await executor.create({ tenant: tenantA, name });
}, 60_000);

afterAll(async () => {
  delete process.env.AIRLOCK_TEST_CANARY;
  await executor.close();
  await removeTestContainers(scope);
}, 60_000);

describe('tenants', () => {
  it("cannot reach another tenant's sandbox or files, even under the same name", async () => {
    await executor.writeFile(tenantA, name, 'secret.txt', Buffer.from('only for A'));

    const read = await executor.readFile(tenantB, name, 'secret.txt').catch((e: unknown) => e);
    expect(read).toMatchObject({ code: ErrorCode.NotFound });
    for (const attempt of [
      () => executor.exec(tenantB, name, ['cat', 'secret.txt']),
      () => executor.get(tenantB, name),
      () => executor.destroy(tenantB, name),
      () => executor.listFiles(tenantB, name, '.'),
    ]) {
      await expect(attempt()).rejects.toMatchObject({ code: ErrorCode.NotFound });
    }

    await executor.create({ tenant: tenantB, name });
    const own = await executor.exec(tenantB, name, ['cat', 'secret.txt']);
    expect(own.exitCode).not.toBe(0);
    expect(own.stdout).toBe('');
    expect(await executor.readFile(tenantA, name, 'secret.txt')).toEqual(Buffer.from('only for A'));
  });
});

describe('the container', () => {
  it('carries none of the gateway environment (env, /proc/1/environ)', async () => {
    const result = await sh(
      'env; tr "\\0" "\\n" </proc/1/environ; tr "\\0" "\\n" </proc/self/environ',
    );
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('PATH=');
    expect(result.stdout).not.toContain(canary);
    expect(result.stdout).not.toContain('AIRLOCK_TEST_CANARY');
  });

  it('has no effective, permitted or bounding capabilities', async () => {
    const status = (await run(['cat', '/proc/self/status'])).stdout;
    for (const field of ['CapEff', 'CapPrm', 'CapBnd', 'CapAmb']) {
      expect(status).toMatch(new RegExp(`${field}:\\s+0000000000000000`));
    }
    expect(status).toMatch(/NoNewPrivs:\s+1/);
  });

  it('has no Docker socket', async () => {
    const result = await sh('ls -la /var/run/docker.sock /run/docker.sock');
    expect(result.exitCode).not.toBe(0);
    expect(result.stderr).toContain('No such file');
  });

  it('runs as uid 10001, not root', async () => {
    expect((await run(['id', '-u'])).stdout).toBe('10001\n');
    expect((await sh('cat /proc/1/status | grep "^Uid"')).stdout).toMatch(/Uid:\s+10001/);
  });

  it('has a read-only root file system', async () => {
    for (const target of ['/evil', '/etc/evil', '/usr/bin/evil', '/home/sandbox/evil']) {
      const result = await sh(`echo x > ${target}`);
      expect(result.exitCode, target).not.toBe(0);
    }
    expect((await sh('echo x > /workspace/ok && echo x > /tmp/ok')).exitCode).toBe(0);
  });

  it('cannot gain root through setuid binaries', async () => {
    const result = await sh('su -c id root </dev/null; echo exit=$?');
    expect(result.stdout).not.toMatch(/uid=0/);
  });
});

describe('network', () => {
  const connect = (host: string, port: number) => `
    const socket = require('net').connect({ host: '${host}', port: ${port}, timeout: 2000 });
    socket.on('connect', () => { console.log('connected'); process.exit(0); });
    socket.on('timeout', () => { console.log('timeout'); process.exit(2); });
    socket.on('error', (e) => { console.log(e.code); process.exit(3); });`;

  it.each([
    ['a public address', '1.1.1.1', 80],
    ['a private address', '10.0.0.1', 80],
    ['the docker bridge gateway', '172.17.0.1', 2375],
    ['the cloud metadata address', '169.254.169.254', 80],
  ])('cannot reach %s', async (_what, host, port) => {
    const result = await run(['node', '-e', connect(host, port)]);
    expect(result.stdout).not.toContain('connected');
    expect(result.exitCode).not.toBe(0);
  });

  it('has no interface but loopback and cannot resolve names', async () => {
    const links = await sh('ls /sys/class/net');
    expect(links.stdout.trim()).toBe('lo');
    const lookup =
      "require('dns').lookup('deb.debian.org', (e) => { console.log(e ? e.code : 'resolved') })";
    expect((await run(['node', '-e', lookup])).stdout).not.toContain('resolved');
  });
});

describe('file paths', () => {
  it.each([
    ['../etc/passwd'],
    ['/etc/passwd'],
    ['/workspace/../etc/passwd'],
    ['/tmp/../../root/x'],
    ['/workspace-evil/x'],
    ['/proc/1/environ'],
    ['/'],
  ])('refuses %j for read, write and list', async (path) => {
    const attempts = [
      executor.readFile(tenantA, name, path),
      executor.writeFile(tenantA, name, path, Buffer.from('x')),
      executor.listFiles(tenantA, name, path),
    ];
    for (const attempt of attempts) {
      await expect(attempt).rejects.toMatchObject({
        code: ErrorCode.InvalidInput,
        context: { field: 'path' },
      });
    }
  });

  it('refuses files larger than the cap', async () => {
    const big = new Uint8Array(33 * 1024 * 1024);
    await expect(executor.writeFile(tenantA, name, 'big.bin', big)).rejects.toMatchObject({
      code: ErrorCode.InvalidInput,
    });
    await sh('head -c 34000000 /dev/zero > /workspace/big.bin');
    await expect(executor.readFile(tenantA, name, 'big.bin')).rejects.toMatchObject({
      code: ErrorCode.InvalidInput,
    });
  });
});

describe('the agent', () => {
  it('ends only its own sandbox when the tenant kills it, and is reported as gone', async () => {
    const doomed = uniqueName('doomed');
    await executor.create({ tenant: tenantB, name: doomed });
    // the agent is the command's parent; it runs as the tenant's user, so this works
    const killed = executor.exec(tenantB, doomed, ['sh', '-c', 'kill -9 $PPID; sleep 5']);
    await expect(killed).rejects.toMatchObject({ code: ErrorCode.NotFound });
    await expect(executor.get(tenantB, doomed)).rejects.toMatchObject({
      code: ErrorCode.NotFound,
    });
    expect((await run(['echo', 'unharmed'])).stdout).toBe('unharmed\n');
  });
});
