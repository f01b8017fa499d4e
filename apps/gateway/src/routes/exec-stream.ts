import { PassThrough, type Readable } from 'node:stream';
import type { ExecOptions, ExecResult } from '@airlock/container';

type OnOutput = NonNullable<ExecOptions['onOutput']>;

/**
 * An exec's answer as NDJSON while it runs: one `{ "stream": "stdout" | "stderr", "data" }`
 * line per chunk of output, then one line with the result (without the output, which was
 * already sent) or `{ "error": { message } }` when the exec failed.
 */
export function streamExec(run: (onOutput: OnOutput) => Promise<ExecResult>): Readable {
  const lines = new PassThrough();
  const send = (value: unknown) => lines.write(`${JSON.stringify(value)}\n`);
  run((stream, data) => send({ stream, data })).then(
    ({ exitCode, timedOut, truncated, durationMs }) => {
      send({ exitCode, timedOut, truncated, durationMs });
      lines.end();
    },
    (error: unknown) => {
      send({ error: { message: error instanceof Error ? error.message : String(error) } });
      lines.end();
    },
  );
  return lines;
}
