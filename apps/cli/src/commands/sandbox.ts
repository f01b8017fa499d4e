/**
 * `airlock sandbox exec|ls|rm`: a tenant's workbench containers, through a running gateway
 * (sandboxes outlive a CLI process, so they live in the gateway's container executor).
 */
import type { Command } from 'commander';
import { ExitCode } from '../exit-codes.js';
import { callGateway, gatewayBase, streamGateway } from '../gateway-client.js';
import type { CliIo } from '../io.js';
import { parsePositiveWhole } from './run.js';

interface SandboxOptions {
  tenant: string;
  name: string;
  gateway?: string;
  timeoutMs?: number;
}

interface SandboxSummary {
  name: string;
  containerId: string;
  createdAtMs: number;
  expiresAtMs: number;
}

const path = (name: string, tenant: string, rest = '') =>
  `/v1/sandboxes/${encodeURIComponent(name)}${rest}?tenant=${encodeURIComponent(tenant)}`;

/** Creates the sandbox unless the tenant already has one of that name. */
async function ensureSandbox(io: CliIo, base: URL, options: SandboxOptions): Promise<void> {
  const { body } = await callGateway(
    io,
    base,
    'GET',
    `/v1/sandboxes?tenant=${encodeURIComponent(options.tenant)}`,
  );
  const existing = (body as { sandboxes: SandboxSummary[] }).sandboxes;
  if (existing.some((sandbox) => sandbox.name === options.name)) return;
  await callGateway(io, base, 'POST', '/v1/sandboxes', {
    tenant: options.tenant,
    name: options.name,
  });
}

interface ExecLine {
  stream?: 'stdout' | 'stderr';
  data?: string;
  exitCode?: number;
  timedOut?: boolean;
  error?: { message: string };
}

/**
 * Runs the command in the sandbox (made if needed): its output is printed as it arrives,
 * and its exit code is ours.
 */
export async function runSandboxExec(command: string[], options: SandboxOptions, io: CliIo) {
  const base = gatewayBase(io, options.gateway);
  await ensureSandbox(io, base, options);
  let exitCode = 1;
  const body = {
    command,
    stream: true,
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
  };
  await streamGateway(io, base, path(options.name, options.tenant, '/exec'), body, (value) => {
    const line = value as ExecLine;
    if (line.stream === 'stdout') io.stdout.write(line.data ?? '');
    if (line.stream === 'stderr') io.stderr.write(line.data ?? '');
    if (line.error !== undefined) io.stderr.write(`airlock: ${line.error.message}\n`);
    if (line.exitCode !== undefined) exitCode = line.exitCode;
    if (line.timedOut === true)
      io.stderr.write('airlock: the command ran out of time and was killed\n');
  });
  return exitCode;
}

async function runSandboxList(options: Omit<SandboxOptions, 'name'>, io: CliIo): Promise<ExitCode> {
  const base = gatewayBase(io, options.gateway);
  const query = `/v1/sandboxes?tenant=${encodeURIComponent(options.tenant)}`;
  const { body } = await callGateway(io, base, 'GET', query);
  for (const sandbox of (body as { sandboxes: SandboxSummary[] }).sandboxes) {
    const expires = new Date(sandbox.expiresAtMs).toISOString();
    io.stdout.write(`${sandbox.name}\t${sandbox.containerId.slice(0, 12)}\texpires ${expires}\n`);
  }
  return ExitCode.Ok;
}

async function runSandboxRemove(name: string, options: SandboxOptions, io: CliIo) {
  const base = gatewayBase(io, options.gateway);
  await callGateway(io, base, 'DELETE', path(name, options.tenant));
  io.stdout.write(`removed ${name}\n`);
  return ExitCode.Ok;
}

export function registerSandbox(program: Command, io: CliIo, done: (code: number) => void): void {
  const sandbox = program
    .command('sandbox')
    .description("A tenant's workbench containers, through a running gateway (AIRLOCK_API_KEY).");
  const common = (command: Command) =>
    command
      .requiredOption('-t, --tenant <id>', 'the tenant the sandbox belongs to')
      .option(
        '--gateway <url>',
        'the gateway (default AIRLOCK_GATEWAY_URL, else http://127.0.0.1:8787)',
      );

  common(sandbox.command('exec'))
    .description('run a command in a sandbox (made if missing); exits with its exit code')
    .option('-n, --name <name>', 'the sandbox', 'default')
    .option('--timeout-ms <n>', 'kill the command after this long', parsePositiveWhole)
    .argument('<command...>', 'the command and its arguments, after --')
    .action(async (command: string[], options: SandboxOptions) =>
      done(await runSandboxExec(command, options, io)),
    );
  common(sandbox.command('ls'))
    .description("list the tenant's sandboxes")
    .action(async (options: SandboxOptions) => done(await runSandboxList(options, io)));
  common(sandbox.command('rm'))
    .description('destroy a sandbox')
    .argument('<name>', 'the sandbox')
    .action(async (name: string, options: SandboxOptions) =>
      done(await runSandboxRemove(name, options, io)),
    );
}
