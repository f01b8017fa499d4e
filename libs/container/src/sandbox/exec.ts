import { StringDecoder } from 'node:string_decoder';
import { type SandboxAgent, SandboxGoneError } from '../agent/sandbox-agent.js';
import { baseEnv, workspaceDir } from './host-config.js';

export const defaultExecTimeoutMs = 60_000;
export const defaultMaxOutputBytes = 1024 * 1024;

/** When the agent has not ended the command by then, we stop waiting on it. */
const hostBackstopMs = 3_000;

export interface RawExecOptions {
  cwd?: string;
  env?: string[];
  timeoutMs: number;
  stdin?: Uint8Array | string;
  onOutput?: (stream: 'stdout' | 'stderr', chunk: string) => void;
  maxOutputBytes: number;
}

export interface RawExecResult {
  exitCode: number;
  stdout: Buffer;
  stderr: Buffer;
  timedOut: boolean;
  truncated: boolean;
  durationMs: number;
}

/** Keeps up to `maxBytes` of one stream and passes decoded text on as it arrives. */
class CappedCollector {
  private readonly chunks: Buffer[] = [];
  private size = 0;
  truncated = false;
  private readonly decoder = new StringDecoder('utf8');

  constructor(
    private readonly maxBytes: number,
    private readonly onText?: (chunk: string) => void,
  ) {}

  add(chunk: Buffer): void {
    const room = this.maxBytes - this.size;
    const kept = chunk.length <= room ? chunk : chunk.subarray(0, Math.max(room, 0));
    if (kept.length < chunk.length) this.truncated = true;
    if (kept.length === 0) return;
    this.chunks.push(kept);
    this.size += kept.length;
    const text = this.decoder.write(kept);
    if (text.length > 0) this.onText?.(text);
  }

  bytes(): Buffer {
    return Buffer.concat(this.chunks, this.size);
  }
}

/** Exit codes a shell would give for a command that cannot start. */
const enoent = 2;

/**
 * Runs `command` in the sandbox through its agent, as the sandbox user, in a process group of
 * its own that is killed with SIGKILL at `timeoutMs`; stdout and stderr are kept apart and
 * capped (by the agent, and again here).
 * NOTE: a command that leaves its process group (setsid) outlives the timeout and runs on
 * until the sandbox ends. Background children of a command that exits in time are not
 * killed either; they count against the sandbox's process and memory limits.
 */
export function runAgentExec(
  agent: SandboxAgent,
  command: string[],
  options: RawExecOptions,
): Promise<RawExecResult> {
  const startedAtMs = Date.now();
  const stdout = new CappedCollector(options.maxOutputBytes, (t) =>
    options.onOutput?.('stdout', t),
  );
  const stderr = new CappedCollector(options.maxOutputBytes, (t) =>
    options.onOutput?.('stderr', t),
  );
  const input = options.stdin === undefined ? undefined : Buffer.from(options.stdin);
  return new Promise((resolve, reject) => {
    const finish = (exitCode: number, timedOut: boolean, truncatedInside: boolean) => {
      clearTimeout(backstop);
      resolve({
        exitCode,
        stdout: stdout.bytes(),
        stderr: stderr.bytes(),
        timedOut,
        truncated: truncatedInside || stdout.truncated || stderr.truncated,
        durationMs: Date.now() - startedAtMs,
      });
    };
    const channel = agent.spawn(
      {
        argv: command,
        cwd: options.cwd ?? workspaceDir,
        // later entries win: the sandbox's and the call's variables may replace the base ones
        env: [...baseEnv, ...(options.env ?? [])],
        timeoutMs: Math.max(options.timeoutMs, 1),
        maxOutputBytes: options.maxOutputBytes,
        stdin: input !== undefined,
      },
      {
        onData: (stream, chunk) => (stream === 'stdout' ? stdout : stderr).add(chunk),
        onExit: ({ code, timedOut, truncated }) => finish(code, timedOut, truncated),
        onFail: (error) => {
          if (error instanceof SandboxGoneError && error.endedBy !== undefined) {
            // the gateway ended the sandbox (lifetime, destroy, shutdown): the command died with it
            stderr.add(Buffer.from(`airlock: ${error.message} while the command ran\n`));
            finish(137, error.endedBy === 'lifetime', false);
            return;
          }
          if (error.errno === undefined) {
            clearTimeout(backstop);
            reject(error);
            return;
          }
          stderr.add(Buffer.from(`${command[0]}: ${error.message}\n`));
          finish(error.errno === enoent ? 127 : 126, false, false);
        },
      },
    );
    // The agent kills at timeoutMs; should it not answer, the command counts as killed.
    const backstop = setTimeout(() => {
      channel.kill();
      finish(137, true, false);
    }, options.timeoutMs + hostBackstopMs);
    if (input !== undefined) {
      channel.write(input);
      channel.end();
    }
  });
}
