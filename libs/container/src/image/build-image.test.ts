import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { ErrorCode } from '@airlock/core';
import { pack } from 'tar-stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labelKeys } from '../labels.js';
import { ensureSandboxImage, type ImageBuildProgress } from './build-image.js';
import { readEngineMessages } from './docker-stream.js';
import { checkDockerEngine, dockerClient } from './engine.js';
import { ImageBuildError } from './image-build-error.js';
import { listAirlockImages, removeAirlockImage } from './list-images.js';
import { imageTags, recipeHash, sandboxRecipe } from './recipe.js';

const run = promisify(execFile);
const docker = dockerClient({});
const testRun = `image-test-${randomUUID().slice(0, 8)}`;
const tags = imageTags(sandboxRecipe());
const extraTag = `airlock-base:${testRun}`;
const unlabelledTag = `airlock-sandbox:${testRun}-unlabelled`;
let tag = '';

beforeAll(async () => {
  // Cold, this is debootstrap plus apt: about two minutes; afterwards the tag is reused.
  tag = await ensureSandboxImage(docker);
  await importUnlabelledImage();
}, 10 * 60_000);

/**
 * An image in an Airlock repository without `airlock.managed`, made from a one-file tar. It
 * carries only this run's label, so afterAll can tell it is ours.
 */
async function importUnlabelledImage(): Promise<void> {
  const rootfs = pack();
  rootfs.entry({ name: 'hello.txt' }, 'hello\n');
  rootfs.finalize();
  const [repo, name] = unlabelledTag.split(':');
  const changes = [`LABEL airlock.test-run=${testRun}`];
  const stream = await docker.importImage(rootfs as unknown as NodeJS.ReadableStream, {
    repo,
    tag: name,
    changes,
  });
  await readEngineMessages(stream, () => undefined);
}

afterAll(async () => {
  for (const name of [extraTag, unlabelledTag]) {
    await docker
      .getImage(name)
      .remove()
      .catch(() => undefined);
  }
});

async function sandboxRun(script: string) {
  const labels = ['--label', `${labelKeys.managed}=true`, '--label', `airlock.test-run=${testRun}`];
  const args = ['run', '--rm', '--network', 'none', ...labels, tag, 'sh', '-c', script];
  return (await run('docker', args, { timeout: 30_000 })).stdout.trim().split('\n');
}

describe('ensureSandboxImage', () => {
  it('tags the image with the first 12 hex digits of the recipe hash', () => {
    expect(tags.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(tag).toBe(`airlock-sandbox:${tags.hash.slice(0, 12)}`);
  });

  it('reuses an existing image without any build step', async () => {
    const progress: ImageBuildProgress[] = [];
    const again = await ensureSandboxImage(docker, { onProgress: (line) => progress.push(line) });
    expect(again).toBe(tag);
    expect(progress).toEqual([]);
  });

  it('gives concurrent calls in one process the same build', async () => {
    const first = ensureSandboxImage(docker);
    const second = ensureSandboxImage(docker);
    expect(second).toBe(first);
    await expect(first).resolves.toBe(tag);
  });

  it('labels the sandbox image and its base as Airlock images of this recipe', async () => {
    for (const name of [tags.sandbox, tags.base]) {
      const image = await docker.getImage(name).inspect();
      expect(image.Config.Labels?.[labelKeys.managed]).toBe('true');
      expect(image.Config.Labels?.[labelKeys.recipe]).toBe(tags.hash);
    }
  });

  it('runs without network as uid 10001 in /workspace, with node, npm, git and python3', async () => {
    const [uid, gid, cwd, node, npm, git, python] = await sandboxRun(
      'id -u; id -g; pwd; node --version; npm --version; git --version; python3 --version',
    );
    expect([uid, gid, cwd]).toEqual(['10001', '10001', '/workspace']);
    expect(node).toMatch(/^v\d+\.\d+\.\d+$/);
    expect(npm).toMatch(/^\d+\.\d+\.\d+$/);
    expect(git).toMatch(/^git version \d+/);
    expect(python).toMatch(/^Python 3\.\d+/);
  });

  it('lets the sandbox user write /workspace but not the system folders', async () => {
    const [workspace, usr] = await sandboxRun(
      'touch /workspace/f && echo yes; touch /usr/f 2>/dev/null && echo yes || echo no',
    );
    expect([workspace, usr]).toEqual(['yes', 'no']);
  });

  it('names the failing step and the fix when debootstrap cannot reach the mirror', async () => {
    // Port 9 (discard) on loopback refuses at once, so debootstrap fails in a second.
    const recipe = sandboxRecipe({ mirror: 'http://127.0.0.1:9/debian' });
    const failure = await ensureSandboxImage(docker, { recipe }).catch((error) => error);
    expect(failure).toBeInstanceOf(ImageBuildError);
    expect(failure).toMatchObject({ step: 'debootstrap', code: ErrorCode.Internal });
    expect(failure.hint).toContain('127.0.0.1:9/debian');
    expect(await docker.listImages({ filters: { reference: [imageTags(recipe).base] } })).toEqual(
      [],
    );
  });

  it('reports an unreachable engine as unavailable, with the script that starts it', async () => {
    const absent = dockerClient({ DOCKER_HOST: `unix:///tmp/${testRun}-no-such.sock` });
    const failure = await checkDockerEngine(absent).catch((error) => error);
    expect(failure).toMatchObject({ step: 'engine', code: ErrorCode.Unavailable });
    expect(failure.hint).toContain('scripts/docker-engine.sh');
  });
});

describe('recipeHash', () => {
  const recipe = sandboxRecipe();

  it('changes when the package list changes', () => {
    const more = { ...recipe, packages: [...recipe.packages, 'curl'] };
    expect(recipeHash(more)).not.toBe(recipeHash(recipe));
  });

  it('ignores the order of the packages', () => {
    const reversed = { ...recipe, packages: [...recipe.packages].reverse() };
    expect(recipeHash(reversed)).toBe(recipeHash(recipe));
  });

  it('changes with the mirror, the suite and the sandbox uid', () => {
    const variants = [
      sandboxRecipe({ mirror: 'http://ftp.de.debian.org/debian' }),
      { ...recipe, suite: 'trixie' },
      { ...recipe, user: { ...recipe.user, uid: 10002 } },
    ];
    for (const changed of variants) expect(recipeHash(changed)).not.toBe(recipeHash(recipe));
  });
});

describe('listAirlockImages and removeAirlockImage', () => {
  it('lists the sandbox image and its base with id, size and creation time', async () => {
    const images = await listAirlockImages(docker);
    const sandbox = images.find((image) => image.tag === tags.sandbox);
    expect(sandbox).toMatchObject({ id: expect.stringMatching(/^sha256:/), recipeHash: tags.hash });
    expect(sandbox?.sizeBytes).toBeGreaterThan(100_000_000);
    expect(sandbox?.createdAtMs).toBeLessThanOrEqual(Date.now());
    expect(images.map((image) => image.tag)).toContain(tags.base);
  });

  it('refuses a tag outside the Airlock repositories', async () => {
    const failure = await removeAirlockImage(docker, 'debian:bookworm').catch((error) => error);
    expect(failure).toMatchObject({ code: ErrorCode.InvalidInput });
  });

  it('refuses an image in an Airlock repository that has no airlock.managed label', async () => {
    // Such as a development image built by hand: Airlock did not make it, so it must survive.
    const failure = await removeAirlockImage(docker, unlabelledTag).catch((error) => error);
    expect(failure).toMatchObject({ code: ErrorCode.InvalidInput });
    expect(failure.message).toContain(labelKeys.managed);
    await expect(docker.getImage(unlabelledTag).inspect()).resolves.toBeDefined();
  });

  it('answers NotFound for a tag that does not exist', async () => {
    const failure = await removeAirlockImage(docker, `airlock-sandbox:${testRun}`).catch((e) => e);
    expect(failure).toMatchObject({ code: ErrorCode.NotFound });
  });

  it('removes one tag of an Airlock image and leaves its other tags', async () => {
    await docker.getImage(tag).tag({ repo: 'airlock-base', tag: testRun });
    await removeAirlockImage(docker, extraTag);
    const left = (await listAirlockImages(docker)).map((image) => image.tag);
    expect(left).not.toContain(extraTag);
    expect(left).toContain(tag);
  });
});
