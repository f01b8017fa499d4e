import type { Readable, Writable } from 'node:stream';
import { createPipeline, type Pipeline } from '@airlock/pipeline';
import { createValidator } from '@airlock/validator';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { Command } from 'commander';
import { ExitCode } from '../exit-codes.js';
import type { CliIo } from '../io.js';
import { cliVersion } from '../version.js';
import { auditDir } from './audit-common.js';
import { defaultMcpTenant, registerMcpTools } from './mcp-tools.js';
import { policyDecider, startResources } from './run-resources.js';

export interface McpOptions {
  tenant?: string;
  policy: string[];
  auditDir?: string;
  kvDb?: string;
  sqlDb?: string;
}

/** Where the protocol flows: the process's own stdin and stdout unless a caller says. */
export interface McpStreams {
  stdin: Readable;
  stdout: Writable;
}

interface TrackedPipeline extends Pipeline {
  /** Resolves once every run started so far has ended (and been audited). */
  settled(): Promise<void>;
  /** How many runs were started. */
  count(): number;
}

/** The pipeline, tracking runs in flight so shutdown can wait for them to be audited. */
function trackRuns(pipeline: Pipeline): TrackedPipeline {
  const running = new Set<Promise<unknown>>();
  let started = 0;
  return {
    run(request) {
      started += 1;
      const run = pipeline.run(request);
      const settled = run.then(
        () => undefined,
        () => undefined,
      );
      running.add(settled);
      void settled.then(() => running.delete(settled));
      return run;
    },
    settled: async () => void (await Promise.all(running)),
    count: () => started,
  };
}

/**
 * Serves until the client goes away: stdin ends (the usual way a stdio client says
 * goodbye), the transport closes, or SIGINT/SIGTERM arrives. The SDK's transport does not
 * itself notice the end of stdin, hence the listener.
 */
async function serveUntilClosed(server: McpServer, streams: McpStreams): Promise<void> {
  const closed = new Promise<void>((resolve) => (server.server.onclose = resolve));
  const stop = (): void => void server.close();
  streams.stdin.once('end', stop);
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    await server.connect(new StdioServerTransport(streams.stdin, streams.stdout));
    await closed;
  } finally {
    streams.stdin.off('end', stop);
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
}

/**
 * Runs `airlock mcp`: a Model Context Protocol server on stdin/stdout whose tools run code
 * through the embedded pipeline, the same one `airlock run` uses, started once and shared
 * by every call. Every execution is audited. Only protocol messages go to stdout; a line
 * on start and one on a clean stop go to stderr. Configuration errors are thrown before anything is served.
 */
export async function runMcp(
  options: McpOptions,
  io: CliIo,
  streams: McpStreams = { stdin: process.stdin, stdout: process.stdout },
): Promise<ExitCode> {
  const tenant = options.tenant ?? defaultMcpTenant;
  const decider = policyDecider(options.policy, io);
  const audit = auditDir(io, options.auditDir);
  const resources = await startResources({ ...options, auditDir: audit }, io);
  const validator = createValidator();
  const pipeline = trackRuns(
    createPipeline({
      validator,
      decider,
      executor: resources.executor,
      egress: resources.egress,
      audit: resources.audit,
      codeStore: resources.codeStore,
    }),
  );
  try {
    const server = new McpServer({ name: 'airlock', version: cliVersion() });
    registerMcpTools(server, { pipeline, validator, tenant });
    io.stderr.write(
      `airlock mcp: serving on stdio for tenant "${tenant}"; audit log in ${audit}\n`,
    );
    await serveUntilClosed(server, streams);
    await pipeline.settled();
  } finally {
    await resources.close();
  }
  const runs = pipeline.count();
  io.stderr.write(`airlock mcp: stopped after ${runs} execution${runs === 1 ? '' : 's'}\n`);
  return ExitCode.Ok;
}

/** Adds `airlock mcp` to the program. */
export function registerMcp(program: Command, io: CliIo, done: (code: ExitCode) => void): void {
  const collect = (value: string, previous: string[]) => [...previous, value];
  program
    .command('mcp')
    .description('Serve the Model Context Protocol on stdio: execute_code and validate_code tools.')
    .option(
      '-t, --tenant <id>',
      `the tenant every call runs for; calls cannot change it (default: ${defaultMcpTenant})`,
    )
    .option(
      '-p, --policy <path>',
      'Rego files and data instead of the default policy (repeat for more)',
      collect,
      [],
    )
    .option(
      '--audit-dir <dir>',
      'where the audit log and the code that ran go (default: AIRLOCK_AUDIT_DIR, else .airlock/audit)',
    )
    .option(
      '--kv-db <file>',
      'the SQLite file behind env.kv (default: airlock-kv.sqlite in the temp folder)',
    )
    .option(
      '--sql-db <file>',
      'the SQLite file env.sql queries, read-only (default: an empty database)',
    )
    .action(async (options: McpOptions) => done(await runMcp(options, io)));
}
