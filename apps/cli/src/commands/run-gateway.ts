/**
 * `airlock run --gateway URL`: the same request sent to a running gateway instead of the
 * embedded pipeline (see gateway-client.ts for the key and the errors).
 */
import { UsageError } from '@airlock/core';
import type { PipelineRequest } from '@airlock/pipeline';
import { ExitCode } from '../exit-codes.js';
import { callGateway, gatewayBase } from '../gateway-client.js';
import type { CliIo } from '../io.js';
import type { RunOptions } from './run.js';

/** Flags that configure the embedded pipeline; a gateway has its own configuration. */
const embeddedOnly: [keyof RunOptions, string][] = [
  ['policy', '--policy'],
  ['allowHost', '--allow-host'],
  ['secret', '--secret'],
  ['allowPrivate', '--allow-private'],
  ['sqlDb', '--sql-db'],
  ['kvDb', '--kv-db'],
  ['auditDir', '--audit-dir'],
];

export function checkGatewayFlags(options: RunOptions): void {
  for (const [name, flag] of embeddedOnly) {
    const value = options[name];
    if (value === undefined || (Array.isArray(value) && value.length === 0)) continue;
    throw new UsageError(`${flag} cannot be combined with --gateway`, {
      hint: "The gateway's own airlock.yaml sets the policy, egress, stores and audit folder.",
    });
  }
}

/** Sends the request; prints the result as JSON, or the gateway's error (exit 2). */
export async function runThroughGateway(
  target: string,
  request: PipelineRequest,
  io: CliIo,
): Promise<ExitCode> {
  const base = gatewayBase(io, target);
  const { body } = await callGateway(io, base, 'POST', '/v1/executions', request);
  io.stdout.write(`${JSON.stringify(body, null, 2)}\n`);
  return (body as { status?: string }).status === 'ok' ? ExitCode.Ok : ExitCode.Findings;
}
