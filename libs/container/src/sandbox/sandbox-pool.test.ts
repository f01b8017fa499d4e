import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labelKeys } from '../labels.js';
import { poolLabel } from './container-factory.js';
import {
  containersOf,
  docker,
  removeTestContainers,
  testExecutor,
  testScope,
  uniqueName,
} from './test-helpers.js';

const scope = testScope('pool');
const executor = testExecutor(scope, { poolSize: 2 });

beforeAll(async () => {
  await executor.start();
  await executor.poolState().settled;
}, 60_000);

afterAll(async () => {
  await executor.close();
  await removeTestContainers(scope);
}, 60_000);

describe('warm pool', () => {
  it('starts pooled containers with no tenant, hardened like any sandbox', async () => {
    const { ids } = executor.poolState();
    expect(ids).toHaveLength(2);
    const inspected = await docker.getContainer(ids[0] ?? '').inspect();
    expect(inspected.Config.Labels).toMatchObject({
      [poolLabel]: 'true',
      [labelKeys.owner]: executor.ownerId,
    });
    expect(inspected.Config.Labels[labelKeys.tenant]).toBeUndefined();
    expect(inspected.HostConfig).toMatchObject({
      NetworkMode: 'none',
      ReadonlyRootfs: true,
      CapDrop: ['ALL'],
    });
  });

  it('hands a pooled container to one tenant, refills, and never hands it to another', async () => {
    const pooledBefore = executor.poolState().ids;
    const name = uniqueName('warm');
    const a = await executor.create({ tenant: 'tenant-a', name, env: { ONLY_A: 'yes' } });
    expect(pooledBefore).toContain(a.containerId);
    expect(executor.poolState().ids).not.toContain(a.containerId);
    await executor.writeFile('tenant-a', name, 'mine.txt', Buffer.from('a'));
    expect((await executor.exec('tenant-a', name, ['sh', '-c', 'echo $ONLY_A'])).stdout).toBe(
      'yes\n',
    );

    await executor.poolState().settled;
    expect(executor.poolState().ids).toHaveLength(2);

    const handedToB: string[] = [];
    for (let i = 0; i < 3; i += 1) {
      const b = await executor.create({ tenant: 'tenant-b', name: `${name}-${i}` });
      handedToB.push(b.containerId);
      expect((await executor.exec('tenant-b', b.name, ['ls', '/workspace'])).stdout).toBe('');
    }
    expect(handedToB).not.toContain(a.containerId);

    const inspected = await docker.getContainer(a.containerId).inspect();
    expect(inspected.Name).toContain(name);
  });

  it('starts a fresh container when the limits differ from the pool', async () => {
    const pooled = executor.poolState().ids;
    const info = await executor.create({
      tenant: 'tenant-a',
      name: uniqueName('custom'),
      limits: { memoryMb: 256 },
    });
    expect(pooled).not.toContain(info.containerId);
    const inspected = await docker.getContainer(info.containerId).inspect();
    expect(inspected.HostConfig.Memory).toBe(256 * 1024 * 1024);
  });

  it('leaves no pooled container behind after close()', async () => {
    const other = testExecutor(testScope('pool-close'), { poolSize: 1 });
    await other.start();
    await other.poolState().settled;
    const [pooled] = other.poolState().ids;
    await other.close();
    await expect(docker.getContainer(pooled ?? '').inspect()).rejects.toMatchObject({
      statusCode: 404,
    });
  });

  it('reaps pooled containers whose owner died', async () => {
    const poolScope = testScope('pool-reap');
    const dead = testExecutor(poolScope, { poolSize: 1 });
    try {
      await dead.start();
      await dead.poolState().settled;
      const [pooled] = dead.poolState().ids;
      const removed = await testExecutor(poolScope).reap();
      expect(removed).toEqual([pooled]);
      expect(await containersOf(poolScope)).toEqual([]);
    } finally {
      await dead.close();
      await removeTestContainers(poolScope);
    }
  });
});
