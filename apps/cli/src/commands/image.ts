import type { Command } from 'commander';
import type { ExitCode } from '../exit-codes.js';
import type { CliIo } from '../io.js';
import { registerImageBuild } from './image-build.js';
import { registerImageLs, registerImageRm } from './image-list.js';

/** Adds the `airlock image` group: build, ls and rm of the container executor's image. */
export function registerImage(program: Command, io: CliIo, done: (code: ExitCode) => void) {
  const image = program
    .command('image')
    .description('Build, list and remove the sandbox image of the container executor.');
  registerImageBuild(image, io, done);
  registerImageLs(image, io, done);
  registerImageRm(image, io, done);
}
