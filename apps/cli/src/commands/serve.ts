import { randomBytes } from 'node:crypto';
import { loadGatewayConfig, sha256Hex, startGateway, type Gateway } from '@airlock/gateway';
import { InvalidArgumentError, type Command } from 'commander';
import { ExitCode } from '../exit-codes.js';
import type { CliIo } from '../io.js';

export interface ServeOptions {
  config?: string;
  port?: number;
  host?: string;
}

function parsePort(value: string): number {
  if (!/^\d{1,5}$/.test(value) || Number(value) > 65_535) {
    throw new InvalidArgumentError('expected a port from 0 to 65535 (0 picks a free one).');
  }
  return Number(value);
}

/** How to make a key, with a fresh one to copy: printed when the gateway has none. */
export function keyAdvice(): string {
  const key = randomBytes(24).toString('hex');
  return [
    'No API keys are configured, so every /v1 request is refused with 401. To add one:',
    `  AIRLOCK_API_KEYS="${key}:demo" airlock serve`,
    'or, in airlock.yaml (only the SHA-256 of the key is stored):',
    '  apiKeys:',
    `    - { name: my-agent, sha256: ${sha256Hex(key)}, tenants: [demo] }`,
    `and call with the header: Authorization: Bearer ${key}`,
  ].join('\n');
}

/** Resolves on the first SIGINT or SIGTERM. */
function untilSignal(): Promise<string> {
  return new Promise((resolve) => {
    const stop = (signal: string) => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve(signal);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}

/**
 * Runs `airlock serve`: the gateway until SIGINT or SIGTERM, then a graceful shutdown.
 * Configuration errors exit 2 before anything listens.
 */
export async function runServe(options: ServeOptions, io: CliIo): Promise<ExitCode> {
  const { config, file } = loadGatewayConfig({
    ...(options.config === undefined ? {} : { file: options.config }),
    env: io.env,
    cwd: io.cwd,
    overrides: {
      ...(options.port === undefined ? {} : { port: options.port }),
      ...(options.host === undefined ? {} : { host: options.host }),
    },
  });
  const gateway: Gateway = await startGateway({
    config,
    env: io.env,
    onProgress: (line) => io.stderr.write(`airlock image: ${line}\n`),
  });
  const source = file === undefined ? 'built-in defaults' : file;
  io.stderr.write(`airlock gateway listening on ${gateway.url} (configuration: ${source})\n`);
  if (config.apiKeys.length === 0) io.stderr.write(`${keyAdvice()}\n`);
  const signal = await untilSignal();
  io.stderr.write(`airlock gateway: ${signal}, finishing running executions\n`);
  await gateway.close();
  io.stderr.write('airlock gateway: stopped\n');
  return ExitCode.Ok;
}

export function registerServe(program: Command, io: CliIo, done: (code: ExitCode) => void): void {
  program
    .command('serve')
    .description('Start the gateway: the HTTP API that validates, decides, runs and audits code.')
    .option('-c, --config <file>', 'airlock.yaml to read (default: ./airlock.yaml if present)')
    .option('-p, --port <n>', 'port to listen on (default 8787; 0 picks a free one)', parsePort)
    .option('--host <address>', 'address to listen on (default 127.0.0.1)')
    .action(async (options: ServeOptions) => done(await runServe(options, io)));
}
