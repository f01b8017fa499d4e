/**
 * `airlock run --gateway URL`: the same request sent to a running gateway instead of the
 * embedded pipeline. The key comes from AIRLOCK_API_KEY only, never from a flag, so it does
 * not show up in the process list or the shell history.
 */
import { UsageError } from '@airlock/core';
import type { PipelineRequest } from '@airlock/pipeline';
import { ExitCode } from '../exit-codes.js';
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

function gatewayUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    url = new URL('invalid:');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError(`--gateway: ${JSON.stringify(text)} is not an http(s) URL`, {
      hint: 'Give the address airlock serve printed, such as http://127.0.0.1:8787.',
    });
  }
  return url;
}

export function checkGatewayFlags(options: RunOptions): void {
  for (const [name, flag] of embeddedOnly) {
    const value = options[name];
    if (value === undefined || (Array.isArray(value) && value.length === 0)) continue;
    throw new UsageError(`${flag} cannot be combined with --gateway`, {
      hint: "The gateway's own airlock.yaml sets the policy, egress, stores and audit folder.",
    });
  }
}

interface GatewayErrorBody {
  error?: { message?: string; hint?: string };
}

/** Sends the request; prints the result as JSON, or the gateway's error (exit 2). */
export async function runThroughGateway(
  target: string,
  request: PipelineRequest,
  io: CliIo,
): Promise<ExitCode> {
  const url = new URL('/v1/executions', gatewayUrl(target));
  const key = io.env.AIRLOCK_API_KEY;
  if (key === undefined || key === '') {
    throw new UsageError('--gateway needs an API key in AIRLOCK_API_KEY', {
      hint: 'Set AIRLOCK_API_KEY to a key the gateway knows that covers the tenant.',
    });
  }
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify(request),
    });
  } catch (error) {
    const reason = error instanceof Error ? String(error.cause ?? error.message) : String(error);
    throw new UsageError(`--gateway: cannot reach ${url.origin} (${reason})`, {
      hint: 'Start it with airlock serve, or check the address.',
    });
  }
  const body = (await response.json().catch(() => ({}))) as GatewayErrorBody & {
    status?: string;
  };
  if (!response.ok) {
    const message = body.error?.message ?? `the gateway answered ${response.status}`;
    throw new UsageError(`gateway: ${message} (HTTP ${response.status})`, {
      ...(body.error?.hint === undefined ? {} : { hint: body.error.hint }),
    });
  }
  io.stdout.write(`${JSON.stringify(body, null, 2)}\n`);
  return body.status === 'ok' ? ExitCode.Ok : ExitCode.Findings;
}
