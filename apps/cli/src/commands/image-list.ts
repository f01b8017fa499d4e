import {
  checkDockerEngine,
  dockerClient,
  listAirlockImages,
  removeAirlockImage,
  type AirlockImage,
} from '@airlock/container';
import type { Command } from 'commander';
import { ExitCode } from '../exit-codes.js';
import type { CliIo } from '../io.js';

function formatRow(image: AirlockImage): string {
  const id = image.id.replace(/^sha256:/, '').slice(0, 12);
  const sizeMb = (image.sizeBytes / 1_000_000).toFixed(0);
  const created = new Date(image.createdAtMs).toISOString().replace(/\.\d{3}Z$/, 'Z');
  return `${image.tag.padEnd(30)} ${id}  ${`${sizeMb} MB`.padStart(7)}  ${created}`;
}

/** Runs `airlock image ls`: one line per Airlock image tag, or a JSON array with --json. */
export async function runImageLs(options: { json?: boolean }, io: CliIo): Promise<ExitCode> {
  const docker = dockerClient(io.env);
  await checkDockerEngine(docker);
  const images = await listAirlockImages(docker);
  if (options.json === true) {
    io.stdout.write(`${JSON.stringify(images, null, 2)}\n`);
    return ExitCode.Ok;
  }
  if (images.length === 0) {
    io.stderr.write('no Airlock images; build one with airlock image build\n');
    return ExitCode.Ok;
  }
  io.stdout.write(`${'TAG'.padEnd(30)} ${'ID'.padEnd(12)}  ${'SIZE'.padStart(7)}  CREATED\n`);
  for (const image of images) io.stdout.write(`${formatRow(image)}\n`);
  return ExitCode.Ok;
}

/** Runs `airlock image rm <tag>`: removes an Airlock image; refuses anyone else's. */
export async function runImageRm(tag: string, io: CliIo): Promise<ExitCode> {
  const docker = dockerClient(io.env);
  await checkDockerEngine(docker);
  await removeAirlockImage(docker, tag);
  io.stdout.write(`removed ${tag}\n`);
  return ExitCode.Ok;
}

/** Adds `airlock image ls` to the `image` group. */
export function registerImageLs(group: Command, io: CliIo, done: (code: ExitCode) => void) {
  group
    .command('ls')
    .description('List the images Airlock built, with tag, id, size and creation time.')
    .option('--json', 'print a JSON array instead of a table')
    .action(async (options: { json?: boolean }) => done(await runImageLs(options, io)));
}

/** Adds `airlock image rm` to the `image` group. */
export function registerImageRm(group: Command, io: CliIo, done: (code: ExitCode) => void) {
  group
    .command('rm')
    .description('Remove an image Airlock built (airlock-sandbox:… or airlock-base:…).')
    .argument('<tag>', 'the tag, as airlock image ls prints it')
    .action(async (tag: string) => done(await runImageRm(tag, io)));
}
