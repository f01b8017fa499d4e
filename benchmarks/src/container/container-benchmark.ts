import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import { ContainerExecutor, dockerClient, ensureSandboxImage } from '@airlock/container';
import { latencyFigures, median, type Benchmark, type Figure } from '../harness.js';

const name = 'container';
const runs = 20;
const execRuns = 200;
const idleSandboxes = 5;
const run = promisify(execFile);

let counter = 0;
const sandboxName = () => `bench-${++counter}-${randomBytes(2).toString('hex')}`;

async function timed(work: () => Promise<unknown>): Promise<number> {
  const startMs = performance.now();
  await work();
  return performance.now() - startMs;
}

/** create + `exec true` + destroy, timed up to the exec's answer. */
async function createAndExec(executor: ContainerExecutor): Promise<number> {
  const sandbox = sandboxName();
  const ms = await timed(async () => {
    await executor.create({ tenant: 'bench', name: sandbox });
    const result = await executor.exec('bench', sandbox, ['true']);
    if (result.exitCode !== 0) throw new Error(`exec true exited ${result.exitCode}`);
  });
  await executor.destroy('bench', sandbox);
  return ms;
}

/** What Docker alone takes for the same work: `docker run --rm <image> true`. */
async function plainDockerRun(image: string): Promise<number> {
  return timed(() => run('docker', ['run', '--rm', '--network', 'none', image, 'true']));
}

/** Resident memory of idle sandboxes, from their cgroups, averaged. */
async function idleMemoryMiB(executor: ContainerExecutor): Promise<number> {
  const docker = dockerClient(process.env);
  const names = Array.from({ length: idleSandboxes }, sandboxName);
  const bytes: number[] = [];
  for (const sandbox of names) {
    const info = await executor.create({ tenant: 'bench', name: sandbox });
    const stats = (await docker.getContainer(info.containerId).stats({ stream: false })) as {
      memory_stats: { usage?: number; stats?: { cache?: number } };
    };
    const { usage = 0, stats: detail } = stats.memory_stats;
    bytes.push(usage - (detail?.cache ?? 0));
  }
  for (const sandbox of names) await executor.destroy('bench', sandbox);
  return bytes.reduce((sum, value) => sum + value, 0) / bytes.length / (1024 * 1024);
}

/** Cold sandboxes and plain `docker run` alternate, so both see the same engine and load. */
async function coldFigures(executor: ContainerExecutor, image: string): Promise<Figure[]> {
  const cold: number[] = [];
  const plain: number[] = [];
  await createAndExec(executor);
  await plainDockerRun(image);
  for (let i = 0; i < runs; i += 1) {
    cold.push(await createAndExec(executor));
    plain.push(await plainDockerRun(image));
  }
  const how = `${runs} runs alternating with docker run --rm of the same image`;
  return [
    ...latencyFigures(name, 'cold create + exec true', cold, how),
    ...latencyFigures(name, 'plain docker run --rm true', plain, how),
    {
      benchmark: name,
      metric: 'cold / plain docker run: median ratio',
      value: median(cold) / median(plain),
      unit: '×',
      note: 'target ≤ 1.2',
    },
  ];
}

/** A pooled container per run; the pool refills before the next one is timed. */
async function warmFigures(executor: ContainerExecutor): Promise<Figure[]> {
  const warm: number[] = [];
  for (let i = 0; i < runs + 1; i += 1) {
    await executor.poolState().settled;
    const ms = await createAndExec(executor);
    if (i > 0) warm.push(ms);
  }
  const note = `${runs} runs, each from a full pool of 2 (target median ≤ 60 ms)`;
  return latencyFigures(name, 'warm pool acquisition + exec true', warm, note);
}

/** `exec true` again and again in one running sandbox: a command's own cost. */
async function execFigures(executor: ContainerExecutor): Promise<Figure[]> {
  const sandbox = sandboxName();
  await executor.create({ tenant: 'bench', name: sandbox });
  const samples: number[] = [];
  for (let i = 0; i < execRuns + 20; i += 1) {
    const ms = await timed(() => executor.exec('bench', sandbox, ['true']));
    if (i >= 20) samples.push(ms);
  }
  await executor.destroy('bench', sandbox);
  const note = `${execRuns} runs in one sandbox, after 20 not counted`;
  return latencyFigures(name, 'exec true in a running sandbox', samples, note);
}

async function withExecutor<T>(
  image: string,
  poolSize: number,
  body: (executor: ContainerExecutor) => Promise<T>,
): Promise<T> {
  const scope = { 'airlock.scope': `bench-${process.pid}` };
  const executor = new ContainerExecutor({ image, poolSize, scopeLabels: scope });
  await executor.start();
  try {
    return await body(executor);
  } finally {
    await executor.close();
  }
}

async function runBenchmark(): Promise<Figure[]> {
  const image = await ensureSandboxImage(dockerClient(process.env));
  const cold = await withExecutor(image, 0, (executor) => coldFigures(executor, image));
  const warm = await withExecutor(image, 2, warmFigures);
  const exec = await withExecutor(image, 0, execFigures);
  const memoryMiB = await withExecutor(image, 0, idleMemoryMiB);
  return [
    ...cold,
    ...warm,
    ...exec,
    {
      benchmark: name,
      metric: 'idle sandbox: memory',
      value: memoryMiB,
      unit: 'MiB',
      note: `cgroup usage without page cache, mean of ${idleSandboxes} idle sandboxes`,
    },
  ];
}

export const containerBenchmark: Benchmark = { name, run: runBenchmark };
