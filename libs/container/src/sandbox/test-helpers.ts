import { randomBytes } from 'node:crypto';
import { silentLogger } from '@airlock/core';
import Dockerode from 'dockerode';
import { ensureSandboxImage } from '../image/build-image.js';
import { labelKeys } from '../labels.js';
import type { SandboxLimits } from '../types.js';
import { type StartedContainer, startContainer } from './container-factory.js';
import { ContainerExecutor, type ContainerExecutorOptions } from './container-executor.js';
import { resolveLimits } from './limits.js';

export const docker = new Dockerode({ socketPath: '/var/run/docker.sock' });

/** The recipe's image: built once per machine (minutes), then found by its tag at once. */
export const sandboxImage = await ensureSandboxImage(docker);

/** A label of this test run, so the reaper and cleanup never touch another run's containers. */
export function testScope(file: string): Record<string, string> {
  return { 'airlock.test-run': `${file}-${randomBytes(4).toString('hex')}` };
}

export function testExecutor(
  scopeLabels: Record<string, string>,
  options: Partial<ContainerExecutorOptions> = {},
): ContainerExecutor {
  return new ContainerExecutor({
    docker,
    image: sandboxImage,
    logger: silentLogger,
    ownerId: `test-${randomBytes(5).toString('hex')}`,
    scopeLabels,
    ...options,
  });
}

export function uniqueName(prefix: string): string {
  return `${prefix}-${randomBytes(3).toString('hex')}`;
}

/** Managed containers of this test run, with their labels. */
export async function containersOf(scopeLabels: Record<string, string>) {
  const scope = Object.entries(scopeLabels).map(([k, v]) => `${k}=${v}`);
  return docker.listContainers({
    all: true,
    filters: { label: [`${labelKeys.managed}=true`, ...scope] },
  });
}

/** Removes whatever this test run left, even when a test failed halfway. */
export async function removeTestContainers(scopeLabels: Record<string, string>): Promise<void> {
  const left = await containersOf(scopeLabels);
  await Promise.all(left.map((c) => docker.getContainer(c.Id).remove({ force: true })));
}

/** A hardened sandbox container with its agent, outside any executor, labelled for `scope`. */
export async function startTestContainer(
  scopeLabels: Record<string, string>,
  limits: Partial<SandboxLimits> = {},
): Promise<StartedContainer> {
  const spec = {
    image: sandboxImage,
    runtime: 'runc' as const,
    networkMode: 'none',
    limits: resolveLimits(limits),
    ownerId: `test-${randomBytes(5).toString('hex')}`,
    scopeLabels,
    expiresAtMs: Date.now() + 600_000,
  };
  return startContainer(docker, spec, { name: uniqueName('airlock-agent-test'), labels: {} });
}
