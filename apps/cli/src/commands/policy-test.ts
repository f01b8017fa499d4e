import { resolve } from 'node:path';
import { existsSync } from 'node:fs';
import { UsageError } from '@airlock/core';
import {
  RegoError,
  formatTestResult,
  loadPolicy,
  runTests,
  summarizeTests,
  type LoadedPolicy,
  type TestResult,
} from '@airlock/policy';
import type { Command } from 'commander';
import { ExitCode } from '../exit-codes.js';
import type { CliIo } from '../io.js';

/** Loads Rego and data files; a path that does not exist is a usage error (exit 2). */
export function loadPolicyPaths(paths: readonly string[], io: CliIo): LoadedPolicy {
  for (const path of paths) {
    if (!existsSync(resolve(io.cwd, path))) {
      throw new UsageError(`${path}: no such file or folder`, {
        hint: 'Give Rego files, data files, or folders that hold them.',
      });
    }
  }
  return loadPolicy(
    paths.map((p) => resolve(io.cwd, p)),
    io.cwd,
  );
}

/** Parse and compile errors name file:line:col; they are the author's to fix (exit 2). */
export function asUsageError(error: unknown): unknown {
  if (!(error instanceof RegoError)) return error;
  return new UsageError(error.message, {
    cause: error,
    hint: 'Fix the policy or the query at that place and run the command again.',
  });
}

function run(loaded: LoadedPolicy): TestResult[] {
  try {
    return runTests(loaded);
  } catch (error) {
    throw asUsageError(error);
  }
}

/** Runs `airlock policy test`: a line per test, then `N passed, M failed`. */
export function runPolicyTest(paths: string[], io: CliIo): ExitCode {
  const results = run(loadPolicyPaths(paths, io));
  if (results.length === 0) {
    throw new UsageError(`no tests found in ${paths.join(', ')}`, {
      hint: 'A test is a rule whose name starts with test_, usually in a *_test.rego file.',
    });
  }
  for (const result of results) io.stdout.write(`${formatTestResult(result)}\n`);
  const { passed, failed } = summarizeTests(results);
  io.stdout.write(`${passed} passed, ${failed} failed\n`);
  // Exit 1 means "something failed", as for lint's findings.
  return failed === 0 ? ExitCode.Ok : ExitCode.Findings;
}

/** Adds `airlock policy test` to the `policy` command group. */
export function registerPolicyTest(
  group: Command,
  io: CliIo,
  done: (code: ExitCode) => void,
): void {
  group
    .command('test')
    .description('Run the Rego unit tests (rules named test_*) in policy files and folders.')
    .argument('<paths...>', 'Rego files and folders, with their data files (JSON, YAML)')
    .action((paths: string[]) => done(runPolicyTest(paths, io)));
}
