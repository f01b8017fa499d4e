import { isAirlockError } from '@airlock/core';
import { CommanderError } from 'commander';
import { ExitCode } from './exit-codes.js';
import type { CliIo } from './io.js';

/**
 * Turns anything thrown while running a command into a message on stderr and an exit
 * code. User errors get their message and hint, never a stack trace; only an unexpected
 * error (a bug) shows its stack, and only when AIRLOCK_DEBUG is set.
 */
export function reportError(error: unknown, io: CliIo): ExitCode {
  if (error instanceof CommanderError) {
    // Commander has already printed its message (or the help or version text).
    return error.exitCode === 0 ? ExitCode.Ok : ExitCode.Usage;
  }
  if (isAirlockError(error)) {
    io.stderr.write(`airlock: ${error.message}\n`);
    if (error.hint !== undefined) io.stderr.write(`  ${error.hint}\n`);
    return ExitCode.Usage;
  }
  const message = error instanceof Error ? error.message : String(error);
  io.stderr.write(`airlock: internal error: ${message}\n`);
  if (io.env.AIRLOCK_DEBUG && error instanceof Error && error.stack) {
    io.stderr.write(`${error.stack}\n`);
  } else {
    io.stderr.write('  This is a bug in Airlock. Set AIRLOCK_DEBUG=1 to see the stack trace.\n');
  }
  return ExitCode.Usage;
}
