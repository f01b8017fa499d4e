import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import type Docker from 'dockerode';
import { pack } from 'tar-stream';
import { labelKeys } from '../labels.js';
import { removeRootfs, runDebootstrap } from './debootstrap.js';
import { engineError, readEngineMessages } from './docker-stream.js';
import { engineFailure, inspectImage } from './engine.js';
import { withBuildLock } from './build-lock.js';
import { ImageBuildError, type ImageBuildStep } from './image-build-error.js';
import { dockerfile, imageTags, sandboxRecipe, type ImageRecipe } from './recipe.js';

/** One line of progress while the image builds. */
export interface ImageBuildProgress {
  step: ImageBuildStep | 'wait';
  message: string;
}

export interface EnsureImageOptions {
  /** Called with each line of progress; never called when the image is reused. */
  onProgress?: (progress: ImageBuildProgress) => void;
  /** Build again even when the tag exists (fresh debootstrap, no build cache). */
  force?: boolean;
  /** Default `sandboxRecipe()`. */
  recipe?: ImageRecipe;
}

type Tags = ReturnType<typeof imageTags>;
type Report = (step: ImageBuildProgress['step'], message: string) => void;

const buildLockTimeoutMs = 20 * 60_000;
const mirrorHint =
  'Check that the Debian mirror is reachable from containers on the default bridge.';
const inFlight = new Map<string, Promise<string>>();

function imageLabels(tags: Tags): Record<string, string> {
  return { [labelKeys.managed]: 'true', [labelKeys.recipe]: tags.hash };
}

async function removeDownloadedDebs(rootfs: string): Promise<void> {
  const archives = join(rootfs, 'var/cache/apt/archives');
  const names = await readdir(archives).catch(() => [] as string[]);
  await Promise.all(
    names.filter((name) => name.endsWith('.deb')).map((name) => rm(join(archives, name))),
  );
}

/** How the tar process ended: its exit code, or why it could not run, and what it printed. */
function tarOutcome(child: ChildProcessByStdio<null, Readable, Readable>): Promise<string> {
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  return new Promise((resolve) => {
    child.on('error', (error) => resolve(`tar could not run: ${error.message}`));
    child.on('close', (code) => resolve(code === 0 ? '' : `tar exited with ${code}: ${stderr}`));
  });
}

/** Streams `rootfs` as a tar archive into the engine as the image `tags.base`. */
async function importRootfs(docker: Docker, rootfs: string, tags: Tags, report: Report) {
  report('import', `importing the root file system as ${tags.base}`);
  const tar = spawn('tar', ['-C', rootfs, '--numeric-owner', '-c', '.'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const tarFailure = tarOutcome(tar);
  const [repo, tag] = tags.base.split(':');
  const changes = Object.entries(imageLabels(tags)).map(([key, value]) => `LABEL ${key}=${value}`);
  let failure: string | undefined;
  try {
    const stream = await docker.importImage(tar.stdout, { repo, tag, changes });
    await readEngineMessages(stream, (message) => (failure ??= engineError(message)));
  } catch (error) {
    tar.kill();
    throw engineFailure(error, `importing ${tags.base}`);
  }
  failure ??= (await tarFailure) || undefined;
  if (failure !== undefined) {
    // A tar that stopped early still leaves an image of what it sent; it must not be reused.
    await docker
      .getImage(tags.base)
      .remove()
      .catch(() => undefined);
    throw new ImageBuildError('import', failure, {
      hint: `Check free disk space in ${tmpdir()} and in the engine's data folder.`,
    });
  }
}

/** debootstrap into a temporary folder, then import it; the folder is always removed. */
async function buildBase(docker: Docker, recipe: ImageRecipe, tags: Tags, report: Report) {
  const rootfs = await mkdtemp(join(tmpdir(), 'airlock-rootfs-'));
  try {
    report('debootstrap', `debootstrap ${recipe.variant} ${recipe.suite} from ${recipe.mirror}`);
    await runDebootstrap(recipe, rootfs, (line) => report('debootstrap', line));
    await removeDownloadedDebs(rootfs);
    await importRootfs(docker, rootfs, tags, report);
  } finally {
    await removeRootfs(rootfs);
  }
}

/** A build context holding only the Dockerfile. */
function buildContext(recipe: ImageRecipe, tags: Tags): NodeJS.ReadableStream {
  const context = pack();
  context.entry({ name: 'Dockerfile' }, dockerfile(recipe, tags.base));
  context.finalize();
  // A streamx Readable: dockerode only pipes it, which streamx supports like Node streams.
  return context as unknown as NodeJS.ReadableStream;
}

/** `docker build` of the sandbox image on the base, reporting each step and output line. */
async function buildSandbox(
  docker: Docker,
  recipe: ImageRecipe,
  tags: Tags,
  options: {
    noCache: boolean;
    report: Report;
  },
) {
  options.report('build', `building ${tags.sandbox} on ${tags.base}`);
  let failure: string | undefined;
  try {
    const stream = await docker.buildImage(buildContext(recipe, tags), {
      t: tags.sandbox,
      labels: imageLabels(tags),
      rm: true,
      forcerm: true,
      nocache: options.noCache,
    });
    await readEngineMessages(stream, (message) => {
      failure ??= engineError(message);
      const text = message.stream ?? message.status ?? '';
      for (const line of text.split('\n')) if (line.trim() !== '') options.report('build', line);
    });
  } catch (error) {
    throw engineFailure(error, `building ${tags.sandbox}`);
  }
  if (failure !== undefined) throw new ImageBuildError('build', failure, { hint: mirrorHint });
  if ((await inspectImage(docker, tags.sandbox)) === undefined) {
    throw new ImageBuildError(
      'build',
      `the engine reported success but ${tags.sandbox} is missing`,
    );
  }
}

/** After a forced rebuild: removes the images the tags named before, when nothing uses them. */
async function removeReplaced(docker: Docker, ids: string[], tags: Tags): Promise<void> {
  for (const id of ids) {
    const image = await inspectImage(docker, id);
    if (image?.Config.Labels?.[labelKeys.recipe] !== tags.hash) continue;
    if ((image.RepoTags ?? []).length > 0) continue;
    await docker
      .getImage(id)
      .remove()
      .catch(() => undefined);
  }
}

async function build(docker: Docker, recipe: ImageRecipe, tags: Tags, options: EnsureImageOptions) {
  const report: Report = (step, message) => options.onProgress?.({ step, message });
  const force = options.force === true;
  const before = await Promise.all([
    inspectImage(docker, tags.sandbox),
    inspectImage(docker, tags.base),
  ]);
  if (!force && before[0] !== undefined) return tags.sandbox;

  if (force || before[1] === undefined) await buildBase(docker, recipe, tags, report);
  await buildSandbox(docker, recipe, tags, { noCache: force, report });
  await removeReplaced(
    docker,
    before.flatMap((image) => (image ? [image.Id] : [])),
    tags,
  );
  return tags.sandbox;
}

async function ensure(docker: Docker, recipe: ImageRecipe, options: EnsureImageOptions) {
  const tags = imageTags(recipe);
  if (options.force !== true && (await inspectImage(docker, tags.sandbox)) !== undefined) {
    return tags.sandbox;
  }
  const onWait = () =>
    options.onProgress?.({ step: 'wait', message: 'another process is building it; waiting' });
  const lockKey = tags.hash.slice(0, 12);
  return withBuildLock(lockKey, { timeoutMs: buildLockTimeoutMs, onWait }, () =>
    build(docker, recipe, tags, options),
  );
}

/**
 * Makes sure the sandbox image of `recipe` exists and answers its tag. An existing tag is
 * reused without any other work. Otherwise the base is installed with debootstrap and
 * imported (skipped when the base tag exists), and the sandbox image is built on it; both
 * carry `airlock.managed` and `airlock.recipe` labels. Calls for the same tag in one process
 * share one build, and a lock shares it between processes.
 */
export function ensureSandboxImage(
  docker: Docker,
  options: EnsureImageOptions = {},
): Promise<string> {
  const recipe = options.recipe ?? sandboxRecipe();
  const key = imageTags(recipe).sandbox;
  const running = inFlight.get(key);
  if (running !== undefined) return running;

  const started = ensure(docker, recipe, options).finally(() => inFlight.delete(key));
  inFlight.set(key, started);
  return started;
}
