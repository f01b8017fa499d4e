import { execFileSync, spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { labelKeys } from '../labels.js';
import type { ContainerExecutor } from './container-executor.js';
import {
  containersOf,
  docker,
  removeTestContainers,
  testExecutor,
  testScope,
  uniqueName,
  sandboxImage,
} from './test-helpers.js';

const scope = testScope('cleanup');
const tenant = 'tenant-cleanup';
const executors: ContainerExecutor[] = [];
// The reaper sees every container of its scope, so each reaping test gets a scope of its own.
const scopes = [scope];

function newExecutor(options: Parameters<typeof testExecutor>[1] = {}): ContainerExecutor {
  const executor = testExecutor(options.scopeLabels ?? scope, options);
  executors.push(executor);
  return executor;
}

function ownScope(): Record<string, string> {
  const fresh = testScope('reap');
  scopes.push(fresh);
  return fresh;
}

async function containersNamed(name: string, labels = scope) {
  const all = await containersOf(labels);
  return all.filter((c) => c.Labels[labelKeys.name] === name);
}

afterAll(async () => {
  await Promise.all(executors.map((e) => e.close()));
  await Promise.all(scopes.map((s) => removeTestContainers(s)));
}, 60_000);

describe('cleanup', () => {
  it('leaves no container behind after destroy', async () => {
    const executor = newExecutor();
    const name = uniqueName('destroy');
    const info = await executor.create({ tenant, name });
    const labels = (await containersNamed(name))[0]?.Labels;
    expect(labels).toMatchObject({
      [labelKeys.managed]: 'true',
      [labelKeys.owner]: executor.ownerId,
      [labelKeys.tenant]: tenant,
      [labelKeys.name]: name,
      [labelKeys.expiresAtMs]: String(info.expiresAtMs),
    });

    await executor.destroy(tenant, name);
    expect(await containersNamed(name)).toEqual([]);
  });

  it('destroys a sandbox after its idle timeout, and use postpones it', async () => {
    const executor = newExecutor();
    const name = uniqueName('idle');
    await executor.create({ tenant, name, limits: { idleTimeoutMs: 1_500 } });
    for (let i = 0; i < 4; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 700));
      expect((await executor.exec(tenant, name, ['true'])).exitCode).toBe(0);
    }

    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect(await containersNamed(name)).toEqual([]);
    await expect(executor.get(tenant, name)).rejects.toMatchObject({ code: 'not_found' });
  });

  it('destroys a sandbox at its maximum lifetime even while in use', async () => {
    const executor = newExecutor();
    const name = uniqueName('lifetime');
    await executor.create({ tenant, name, limits: { maxLifetimeMs: 2_000 } });
    const endless = await executor.exec(tenant, name, ['sleep', '30']);
    expect(endless.exitCode).not.toBe(0);
    expect(endless.durationMs).toBeLessThan(10_000);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await containersNamed(name)).toEqual([]);
  });

  it('reaps the containers of a killed gateway (an owner no longer alive)', async () => {
    const reapScope = ownScope();
    const killed = newExecutor({ scopeLabels: reapScope });
    const names = [uniqueName('orphan'), uniqueName('orphan')];
    for (const name of names) await killed.create({ tenant, name });

    const next = newExecutor({ scopeLabels: reapScope });
    const keptAlive = await next.reap({ liveOwners: [killed.ownerId] });
    expect(keptAlive).toEqual([]);
    const removed = await next.reap();

    expect(removed).toHaveLength(2);
    for (const name of names) expect(await containersNamed(name, reapScope)).toEqual([]);
  });

  it('reaps expired containers even of a live owner, and keeps the rest', async () => {
    const reapScope = ownScope();
    const executor = newExecutor({ scopeLabels: reapScope });
    const expired = await startLabelled(reapScope, executor.ownerId, Date.now() - 1_000);
    const current = await startLabelled(reapScope, executor.ownerId, Date.now() + 600_000);
    const unmanaged = await docker.createContainer({
      Image: sandboxImage,
      Cmd: ['true'],
      // The sandbox image labels everything run from it as managed; this one says it is not.
      Labels: { ...reapScope, [labelKeys.managed]: 'false', [labelKeys.owner]: 'dead-owner' },
    });

    // Like an image build's RUN step: the image's airlock.managed label, but no owner.
    const ownerless = await docker.createContainer({
      Image: sandboxImage,
      Cmd: ['true'],
      Labels: { ...reapScope, [labelKeys.managed]: 'true', [labelKeys.expiresAtMs]: '1' },
    });

    const removed = await executor.reap();
    expect(removed).toEqual([expired]);
    expect(removed).not.toContain(current);
    await expect(unmanaged.inspect()).resolves.toBeDefined();
    await expect(ownerless.inspect()).resolves.toBeDefined();
    await Promise.all([unmanaged.remove({ force: true }), ownerless.remove({ force: true })]);
  });

  it('reaps after a gateway process was killed with SIGKILL', async () => {
    const reapScope = ownScope();
    const names = [uniqueName('killed'), uniqueName('killed')];
    const ownerId = await runAndKillGateway(reapScope, names);
    const left = await containersOf(reapScope);
    expect(left.map((c) => c.Labels[labelKeys.owner])).toEqual([ownerId, ownerId]);

    const restarted = newExecutor({ scopeLabels: reapScope });
    await restarted.start();
    expect(await containersOf(reapScope)).toEqual([]);
  }, 90_000);

  it('start() reaps what a previous executor left', async () => {
    const reapScope = ownScope();
    const killed = newExecutor({ scopeLabels: reapScope });
    const name = uniqueName('restart');
    await killed.create({ tenant, name });
    const restarted = newExecutor({ scopeLabels: reapScope });
    await restarted.start();
    expect(await containersNamed(name, reapScope)).toEqual([]);
  });
});

/** A managed container made directly, as another executor would have left it. */
async function startLabelled(
  labels: Record<string, string>,
  ownerId: string,
  expiresAtMs: number,
): Promise<string> {
  const container = await docker.createContainer({
    Image: sandboxImage,
    Cmd: ['sleep', 'infinity'],
    Labels: {
      ...labels,
      [labelKeys.managed]: 'true',
      [labelKeys.owner]: ownerId,
      [labelKeys.expiresAtMs]: String(expiresAtMs),
    },
    HostConfig: { NetworkMode: 'none' },
  });
  return container.id;
}

const libRoot = join(import.meta.dirname, '..', '..');

/**
 * A separate node process that makes sandboxes with the built library, then is killed
 * with SIGKILL, so neither close() nor any finally runs. Answers its owner id.
 */
async function runAndKillGateway(labels: Record<string, string>, names: string[]): Promise<string> {
  execFileSync(join(libRoot, '..', '..', 'node_modules', '.bin', 'tsc'), ['-b', libRoot]);
  const script = `
    const { ContainerExecutor } = await import(${JSON.stringify(join(libRoot, 'dist', 'index.js'))});
    const executor = new ContainerExecutor({
      image: ${JSON.stringify(sandboxImage)},
      scopeLabels: ${JSON.stringify(labels)},
    });
    for (const name of ${JSON.stringify(names)}) await executor.create({ tenant: 't', name });
    console.log('ready ' + executor.ownerId);
    setInterval(() => {}, 1000);`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script]);
  const ownerId = await new Promise<string>((resolve, reject) => {
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /ready (\S+)/.exec(output);
      if (match?.[1] !== undefined) resolve(match[1]);
    });
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (code) => reject(new Error(`the gateway exited ${code}: ${output}`)));
  });
  child.kill('SIGKILL');
  await new Promise((resolve) => child.on('exit', resolve));
  return ownerId;
}
