import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { dockerClient, ensureSandboxImage, imageTags, sandboxRecipe } from '@airlock/container';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { airlockAsync, buildCli } from '../bin-helpers.js';
import { main } from '../main.js';
import { captureIo, runCli } from '../test-helpers.js';

const docker = dockerClient({});
const cwd = tmpdir();
const testRun = `cli-image-test-${randomUUID().slice(0, 8)}`;
const extraTag = `airlock-base:${testRun}`;
const tag = imageTags(sandboxRecipe()).sandbox;

beforeAll(async () => {
  // Cold, this builds the image (about two minutes); another test file may share the build.
  await ensureSandboxImage(docker);
  buildCli();
}, 10 * 60_000);

afterAll(async () => {
  await docker
    .getImage(extraTag)
    .remove()
    .catch(() => undefined);
});

describe('airlock image build', () => {
  it('runs from the built bin: the tag on stdout, exit 0', async () => {
    const result = await airlockAsync(['image', 'build'], cwd);
    expect(result).toMatchObject({ status: 0, stdout: `${tag}\n` });
  });

  it('prints the tag alone on stdout and reuses the existing image', async () => {
    const result = await runCli(['image', 'build'], cwd);
    expect(result).toMatchObject({ code: 0, stdout: `${tag}\n` });
    expect(result.stderr).toBe(`${tag} exists; reused\n`);
  });

  it('exits 2 with the fix when the Docker engine is not reachable', async () => {
    const captured = captureIo(cwd);
    const io = { ...captured.io, env: { DOCKER_HOST: `unix:///tmp/${testRun}-no-such.sock` } };
    const code = await main(['node', 'airlock', 'image', 'build'], io);
    expect(code).toBe(2);
    expect(captured.stdout()).toBe('');
    expect(captured.stderr()).toContain('the Docker engine is not reachable');
    expect(captured.stderr()).toContain('scripts/docker-engine.sh');
    expect(captured.stderr()).not.toContain('internal error');
  });

  it('exits 2 for a mirror that is not an http URL, before touching the engine', async () => {
    const result = await runCli(['image', 'build', '--mirror', 'ftp://example.org'], cwd);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--mirror ftp://example.org: not an http(s) URL');
  });
});

describe('airlock image ls', () => {
  it('lists the sandbox image as JSON with --json', async () => {
    const result = await runCli(['image', 'ls', '--json'], cwd);
    expect(result.code).toBe(0);
    const images = JSON.parse(result.stdout) as { tag: string; id: string; sizeBytes: number }[];
    const sandbox = images.find((image) => image.tag === tag);
    expect(sandbox?.id).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(sandbox?.sizeBytes).toBeGreaterThan(0);
  });

  it('prints a table with a header and one row per tag', async () => {
    const result = await runCli(['image', 'ls'], cwd);
    expect(result.code).toBe(0);
    const [header, ...rows] = result.stdout.trim().split('\n');
    expect(header).toMatch(/^TAG\s+ID\s+SIZE\s+CREATED$/);
    expect(rows.find((row) => row.startsWith(`${tag} `))).toMatch(/ \d+ MB {2}\d{4}-\d\d-\d\dT/);
  });
});

describe('airlock image rm', () => {
  it('refuses a tag outside the Airlock repositories', async () => {
    const result = await runCli(['image', 'rm', 'debian:bookworm'], cwd);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('is not an Airlock image tag');
  });

  it('removes an Airlock tag', async () => {
    await docker.getImage(tag).tag({ repo: 'airlock-base', tag: testRun });
    const result = await runCli(['image', 'rm', extraTag], cwd);
    expect(result).toMatchObject({ code: 0, stdout: `removed ${extraTag}\n` });
    await expect(docker.getImage(extraTag).inspect()).rejects.toMatchObject({ statusCode: 404 });
  });
});
