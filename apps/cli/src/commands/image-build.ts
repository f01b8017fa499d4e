import { UsageError } from '@airlock/core';
import {
  checkDockerEngine,
  dockerClient,
  ensureSandboxImage,
  sandboxRecipe,
} from '@airlock/container';
import type { Command } from 'commander';
import { ExitCode } from '../exit-codes.js';
import type { CliIo } from '../io.js';

export interface ImageBuildOptions {
  force?: boolean;
  mirror?: string;
}

function checkMirror(mirror: string): string {
  if (!/^https?:\/\/[^\s/]+/.test(mirror)) {
    throw new UsageError(`--mirror ${mirror}: not an http(s) URL`, {
      hint: 'Give a Debian mirror such as http://deb.debian.org/debian.',
    });
  }
  return mirror;
}

/**
 * Runs `airlock image build`: makes sure the sandbox image exists, building it when its tag
 * is missing (or with --force). Progress goes to stderr, the tag alone to stdout, so
 * `tag=$(airlock image build)` works in scripts.
 */
export async function runImageBuild(options: ImageBuildOptions, io: CliIo): Promise<ExitCode> {
  const mirror = options.mirror === undefined ? undefined : checkMirror(options.mirror);
  const docker = dockerClient(io.env);
  await checkDockerEngine(docker);

  const startedMs = Date.now();
  let built = false;
  const tag = await ensureSandboxImage(docker, {
    force: options.force === true,
    recipe: sandboxRecipe(mirror === undefined ? {} : { mirror }),
    onProgress: ({ step, message }) => {
      built = true;
      io.stderr.write(`[${step}] ${message}\n`);
    },
  });
  const seconds = ((Date.now() - startedMs) / 1_000).toFixed(1);
  io.stderr.write(built ? `built ${tag} in ${seconds} s\n` : `${tag} exists; reused\n`);
  io.stdout.write(`${tag}\n`);
  return ExitCode.Ok;
}

/** Adds `airlock image build` to the `image` group. */
export function registerImageBuild(group: Command, io: CliIo, done: (code: ExitCode) => void) {
  group
    .command('build')
    .description('Build the sandbox image from Debian packages, or reuse it when it exists.')
    .option('--force', 'build again even when the image exists')
    .option('--mirror <url>', 'the Debian mirror (default: http://deb.debian.org/debian)')
    .action(async (options: ImageBuildOptions) => done(await runImageBuild(options, io)));
}
