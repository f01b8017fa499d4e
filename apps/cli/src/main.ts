import { Command } from 'commander';
import { registerAuditQuery } from './commands/audit-query.js';
import { registerAuditTail } from './commands/audit-tail.js';
import { registerAuditVerify } from './commands/audit-verify.js';
import { registerImage } from './commands/image.js';
import { registerLint } from './commands/lint.js';
import { registerMcp } from './commands/mcp.js';
import { registerPolicyEval } from './commands/policy-eval.js';
import { registerPolicyTest } from './commands/policy-test.js';
import { registerRun } from './commands/run.js';
import { registerSandbox } from './commands/sandbox.js';
import { registerServe } from './commands/serve.js';
import { ExitCode } from './exit-codes.js';
import { processIo, type CliIo } from './io.js';
import { reportError } from './print-error.js';
import { cliVersion } from './version.js';

/**
 * Builds the `airlock` program. Each command lives in its own file under `commands/`.
 * Commander never exits the process: `exitOverride` turns its exits into errors that
 * `main` maps to exit codes, so the CLI also runs in-process (tests, other tools).
 * `done` receives the exit code: an ExitCode, or the exit code of a sandbox command.
 */
export function createProgram(io: CliIo, done: (code: number) => void): Command {
  const program = new Command('airlock')
    .description('Validate, decide and run code written by language models.')
    .version(cliVersion(), '-v, --version', 'print the version')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    })
    .showHelpAfterError('(add --help for usage)');
  registerLint(program, io, done);
  registerRun(program, io, done);
  registerServe(program, io, done);
  registerMcp(program, io, done);
  const policy = program
    .command('policy')
    .description('Test and evaluate Rego capability policies.');
  registerPolicyTest(policy, io, done);
  registerPolicyEval(policy, io, done);
  const audit = program
    .command('audit')
    .description('Verify, tail and query the hash-chained audit log.');
  registerAuditVerify(audit, io, done);
  registerAuditTail(audit, io, done);
  registerAuditQuery(audit, io, done);
  registerImage(program, io, done);
  registerSandbox(program, io, done);
  return program;
}

/** Runs the CLI on `argv` (as in `process.argv`) and resolves to the process exit code. */
export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  let code: number = ExitCode.Ok;
  try {
    await createProgram(io, (result) => (code = result)).parseAsync(argv);
    return code;
  } catch (error) {
    return reportError(error, io);
  }
}
