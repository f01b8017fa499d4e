import { Command } from 'commander';

/** Builds the `airlock` program. Each command lives in its own file under `commands/`. */
export function createProgram(): Command {
  return new Command('airlock').description(
    'Validate, decide and run code written by language models.',
  );
}

/** Runs the CLI and resolves to the process exit code. */
export async function main(argv: string[]): Promise<number> {
  await createProgram().parseAsync(argv);
  return 0;
}
