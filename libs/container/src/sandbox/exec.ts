import { Writable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import type Dockerode from 'dockerode';
import { baseEnv, sandboxUid, workspaceDir } from './host-config.js';

export const defaultExecTimeoutMs = 60_000;
export const defaultMaxOutputBytes = 1024 * 1024;

/** When `timeout` inside has not ended the command by then, we stop waiting on it. */
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
class CappedCollector extends Writable {
  readonly chunks: Buffer[] = [];
  size = 0;
  truncated = false;
  private readonly decoder = new StringDecoder('utf8');

  constructor(
    private readonly maxBytes: number,
    private readonly onText?: (chunk: string) => void,
  ) {
    super();
  }

  override _write(chunk: Buffer, _encoding: string, done: () => void): void {
    const room = this.maxBytes - this.size;
    const kept = chunk.length <= room ? chunk : chunk.subarray(0, Math.max(room, 0));
    if (kept.length < chunk.length) this.truncated = true;
    if (kept.length > 0) {
      this.chunks.push(kept);
      this.size += kept.length;
      const text = this.decoder.write(kept);
      if (text.length > 0) this.onText?.(text);
    }
    done();
  }

  bytes(): Buffer {
    return Buffer.concat(this.chunks, this.size);
  }
}

/**
 * Runs `command` in the container as the sandbox user, killed by coreutils `timeout` inside
 * (Docker has no way to kill an exec), with stdout and stderr kept apart and capped.
 * NOTE: a command that leaves its process group (setsid) outlives the timeout; we stop
 * waiting after a short backstop and it runs on until the sandbox is destroyed. Likewise,
 * background children of a command that exits in time are not killed; they count against
 * the sandbox's process and memory limits until they end or the sandbox is destroyed.
 */
export async function runExec(
  container: Dockerode.Container,
  modem: { demuxStream(stream: NodeJS.ReadableStream, out: Writable, err: Writable): void },
  command: string[],
  options: RawExecOptions,
): Promise<RawExecResult> {
  const startedAtMs = Date.now();
  const hasStdin = options.stdin !== undefined;
  const exec = await createExec(container, command, options);
  const stream = await exec.start({ hijack: true, stdin: hasStdin });
  const stdout = new CappedCollector(options.maxOutputBytes, (t) =>
    options.onOutput?.('stdout', t),
  );
  const stderr = new CappedCollector(options.maxOutputBytes, (t) =>
    options.onOutput?.('stderr', t),
  );
  modem.demuxStream(stream, stdout, stderr);

  const ended = waitForEnd(stream, options.timeoutMs + hostBackstopMs);
  if (hasStdin) stream.end(options.stdin);
  const finishedInTime = await ended;
  const exitCode = finishedInTime ? await exitCodeOf(exec) : 137;
  const durationMs = Date.now() - startedAtMs;
  const killedByTimeout = (exitCode === 137 || exitCode === 124) && durationMs >= options.timeoutMs;
  return {
    exitCode,
    stdout: stdout.bytes(),
    stderr: stderr.bytes(),
    timedOut: !finishedInTime || killedByTimeout,
    truncated: stdout.truncated || stderr.truncated,
    durationMs,
  };
}

/** The exec as the sandbox user, under `timeout`, which kills the command's process group. */
function createExec(
  container: Dockerode.Container,
  command: string[],
  options: RawExecOptions,
): Promise<Dockerode.Exec> {
  const seconds = (Math.max(options.timeoutMs, 1) / 1000).toFixed(3);
  return container.exec({
    Cmd: ['timeout', '-s', 'KILL', seconds, ...command],
    AttachStdin: options.stdin !== undefined,
    AttachStdout: true,
    AttachStderr: true,
    Tty: false,
    User: `${sandboxUid}:${sandboxUid}`,
    WorkingDir: options.cwd ?? workspaceDir,
    Env: [...baseEnv, ...(options.env ?? [])],
  });
}

/** Resolves true when the stream ends, false when `limitMs` passed first (then it is closed). */
function waitForEnd(stream: NodeJS.ReadWriteStream, limitMs: number): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      (stream as unknown as { destroy(): void }).destroy();
      resolve(false);
    }, limitMs);
    const finish = () => {
      clearTimeout(timer);
      resolve(true);
    };
    stream.once('end', finish);
    stream.once('close', finish);
    stream.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

/** The exit code; Docker may answer `Running` for a moment after the streams closed. */
async function exitCodeOf(exec: Dockerode.Exec): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const info = await exec.inspect();
    if (!info.Running && info.ExitCode !== null) return info.ExitCode;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return -1;
}
