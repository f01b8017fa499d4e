import { readFile } from 'node:fs/promises';
import { extname, resolve } from 'node:path';
import { UsageError } from '@airlock/core';
import type { Json } from '@airlock/isolate';
import { createPipeline, type PipelineRequest } from '@airlock/pipeline';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { ExitCode } from '../exit-codes.js';
import type { CliIo } from '../io.js';
import { auditDir } from './audit-common.js';
import { egressOverlay, withEgressSettings } from './run-egress.js';
import { checkGatewayFlags, runThroughGateway } from './run-gateway.js';
import { policyDecider, startResources } from './run-resources.js';

export const runExecutors = ['auto', 'isolate', 'container'] as const;

export interface RunOptions {
  tenant: string;
  input?: string;
  capability: string[];
  sqlDb?: string;
  kvDb?: string;
  timeoutMs?: number;
  memoryMb?: number;
  executor?: (typeof runExecutors)[number];
  /** False with --no-validate. */
  validate: boolean;
  policy: string[];
  /** --allow-host, --secret and --allow-private, each repeatable. */
  allowHost: string[];
  secret: string[];
  allowPrivate: string[];
  /** --audit-dir; else AIRLOCK_AUDIT_DIR, else .airlock/audit under the working folder. */
  auditDir?: string;
  /** --gateway: send the request to a running gateway instead of the embedded pipeline. */
  gateway?: string;
}

const languageByExtension: Record<string, PipelineRequest['language']> = {
  '.js': 'javascript',
  '.mjs': 'javascript',
  '.cjs': 'javascript',
  '.ts': 'typescript',
  '.mts': 'typescript',
  '.cts': 'typescript',
};

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

export function parsePositiveWhole(value: string): number {
  if (!/^[1-9]\d{0,8}$/.test(value)) {
    throw new InvalidArgumentError('expected a whole number above 0 (for example 500).');
  }
  return Number(value);
}

function languageOf(file: string): PipelineRequest['language'] {
  const language = languageByExtension[extname(file).toLowerCase()];
  if (language === undefined) {
    throw new UsageError(`${file}: cannot tell the language from the extension`, {
      hint: 'Name the file .js or .mjs for JavaScript, .ts or .mts for TypeScript.',
    });
  }
  return language;
}

async function readCode(file: string, io: CliIo): Promise<string> {
  try {
    return await readFile(resolve(io.cwd, file), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new UsageError(`${file}: no such file`, {
        hint: 'Give the path of a .js or .ts file.',
      });
    }
    const reason = error instanceof Error ? error.message : String(error);
    throw new UsageError(`${file}: cannot read the file (${reason})`, { cause: error });
  }
}

function parseInput(text: string): Json {
  try {
    return JSON.parse(text) as Json;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new UsageError(`--input: not valid JSON (${reason})`, {
      hint: `Quote it for the shell, for example --input '{"a": 1}'.`,
    });
  }
}

/** The pipeline request a command line asks for; every usage error is thrown before any run. */
export async function requestFrom(
  file: string,
  options: RunOptions,
  io: CliIo,
): Promise<PipelineRequest> {
  const language = languageOf(file);
  const input = options.input === undefined ? undefined : parseInput(options.input);
  const code = await readCode(file, io);
  const limits = {
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    ...(options.memoryMb === undefined ? {} : { memoryMb: options.memoryMb }),
  };
  return {
    tenant: options.tenant,
    language,
    code,
    ...(input === undefined ? {} : { input }),
    ...(options.capability.length === 0 ? {} : { capabilities: options.capability }),
    ...(options.executor === undefined ? {} : { runtime: options.executor }),
    ...(Object.keys(limits).length === 0 ? {} : { limits }),
    ...(options.validate ? {} : { validate: false }),
  };
}

/**
 * Runs `airlock run`: the file through the embedded pipeline (validator, policy, isolate
 * executor), the result as JSON on stdout. Exit 0 for `ok`, 1 for any other status. Every
 * run, allowed or refused, and its egress are audited; there is no way to turn that off.
 */
export async function runRun(file: string, options: RunOptions, io: CliIo): Promise<ExitCode> {
  if (options.gateway !== undefined) checkGatewayFlags(options);
  const request = await requestFrom(file, options, io);
  if (options.gateway !== undefined) return runThroughGateway(options.gateway, request, io);
  const egress = egressOverlay(options, io.env);
  const decider = policyDecider(options.policy, io, (data) =>
    withEgressSettings(data, options.tenant, egress),
  );
  const resources = await startResources(
    {
      ...options,
      auditDir: auditDir(io, options.auditDir),
      secretValues: egress.values,
      allowedPrivateRanges: egress.allowedPrivateRanges,
    },
    io,
  );
  try {
    // --no-validate exists to test the executor's own defences from a developer's machine.
    const pipeline = createPipeline({
      decider,
      executor: resources.executor,
      egress: resources.egress,
      audit: resources.audit,
      codeStore: resources.codeStore,
      allowSkipValidation: true,
    });
    const result = await pipeline.run(request);
    io.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    // Exit 1 means "did not run to completion", as for lint's findings.
    return result.status === 'ok' ? ExitCode.Ok : ExitCode.Findings;
  } finally {
    await resources.close();
  }
}

/** Adds `airlock run` to the program. */
export function registerRun(program: Command, io: CliIo, done: (code: ExitCode) => void): void {
  program
    .command('run')
    .description(
      'Run a file through the embedded pipeline: validate, decide, execute in an isolate.',
    )
    .argument(
      '<file>',
      'an ES module (.js, .mjs, .ts, .mts) whose default export is called as (input, env)',
    )
    .requiredOption(
      '-t, --tenant <id>',
      'the tenant the code runs for; the policy reads its settings',
    )
    .option('-i, --input <json>', 'the input passed to the default export, as JSON')
    .option(
      '--capability <name>',
      'ask for a capability (repeat for more; default: what the code uses)',
      collect,
      [],
    )
    .option(
      '--sql-db <file>',
      'the SQLite file env.sql queries, read-only (default: an empty database)',
    )
    .option(
      '--kv-db <file>',
      'the SQLite file behind env.kv (default: airlock-kv.sqlite in the temp folder)',
    )
    .option('--timeout-ms <n>', 'CPU time limit, capped by the policy', parsePositiveWhole)
    .option('--memory-mb <n>', 'heap limit, capped by the policy', parsePositiveWhole)
    .addOption(
      new Option(
        '--executor <name>',
        'where the code should run (default: the policy picks)',
      ).choices(runExecutors),
    )
    .option('--no-validate', 'skip the validator, to test the executor on its own')
    .option(
      '-p, --policy <path>',
      'Rego files and data instead of the default policy (repeat for more)',
      collect,
      [],
    )
    .option(
      '--allow-host <host[:port]>',
      'let env.fetch reach this host (repeat for more); the policy still decides',
      collect,
      [],
    )
    .option(
      '--secret <NAME=ENV_VAR@HOST>',
      "send ENV_VAR's value as a bearer token to HOST only, added by the proxy (repeat)",
      collect,
      [],
    )
    .option(
      '--allow-private <cidr>',
      'let the proxy reach a private range such as 127.0.0.1/32 (tests and development only)',
      collect,
      [],
    )
    .option(
      '--audit-dir <dir>',
      'where the audit log and the code that ran go (default: AIRLOCK_AUDIT_DIR, else .airlock/audit)',
    )
    .option(
      '--gateway <url>',
      'send the run to a gateway (airlock serve) instead; the key comes from AIRLOCK_API_KEY',
    )
    .action(async (file: string, options: RunOptions) => done(await runRun(file, options, io)));
}
