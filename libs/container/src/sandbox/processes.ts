import { randomBytes } from 'node:crypto';
import { AirlockError, ErrorCode, InvalidInputError } from '@airlock/core';
import type { ProcessInfo } from '../types.js';
import type { ExecIn } from './files.js';

/** Where a background process keeps its pid, exit code and logs inside the sandbox. */
export const processRoot = '/tmp/.airlock';
const maxLogBytes = 1024 * 1024;
const controlTimeoutMs = 10_000;

// The inner shell runs in its own session (setsid), so its pid is the process group that
// stopProcess kills; it writes the exit code when the command ends by itself.
const startScript = [
  'dir="$1"; shift',
  'mkdir -p "$dir" || exit 1',
  `setsid sh -c 'd="$1"; shift; "$@" >"$d/stdout" 2>"$d/stderr" </dev/null; echo $? >"$d/exit"' sh "$dir" "$@" </dev/null >/dev/null 2>&1 &`,
  'echo $! >"$dir/pid"',
].join('\n');

const logsScript = [
  'cd "$1" || exit 3',
  'if kill -0 "$(cat pid)" 2>/dev/null; then echo 1; else echo 0; fi',
  'cat exit 2>/dev/null || echo',
  `tail -c ${maxLogBytes} stdout | base64 -w0; echo`,
  `tail -c ${maxLogBytes} stderr | base64 -w0; echo`,
].join('\n');

const stopScript = [
  'cd "$1" || exit 3',
  'pid="$(cat pid)"',
  // dash's kill takes a process group as a negative pid only after a numeric signal
  'kill -9 "-$pid" 2>/dev/null || kill -9 "$pid" 2>/dev/null',
  '[ -s exit ] || echo 137 >exit',
].join('\n');

function processNotFound(id: string): AirlockError {
  return new AirlockError(
    ErrorCode.NotFound,
    `id: no process ${JSON.stringify(id)} in this sandbox`,
    {
      context: { field: 'id' },
      hint: 'Use the id that startProcess answered.',
    },
  );
}

function checkId(id: unknown): string {
  if (typeof id !== 'string' || !/^p-[a-f0-9]{12}$/.test(id)) throw processNotFound(String(id));
  return id;
}

export async function startSandboxProcess(
  run: ExecIn,
  command: string[],
  options: { cwd?: string; env?: string[] },
): Promise<ProcessInfo> {
  if (
    !Array.isArray(command) ||
    command.length === 0 ||
    command.some((p) => typeof p !== 'string')
  ) {
    throw new InvalidInputError('command', 'expected a non-empty array of strings');
  }
  const id = `p-${randomBytes(6).toString('hex')}`;
  const dir = `${processRoot}/${id}`;
  const result = await run(['sh', '-c', startScript, 'sh', dir, ...command], {
    ...options,
    timeoutMs: controlTimeoutMs,
  });
  if (result.exitCode !== 0) {
    throw new AirlockError(
      ErrorCode.Internal,
      `cannot start the process: ${result.stderr.toString()}`,
    );
  }
  return { id, command, running: true };
}

export async function sandboxProcessLogs(
  run: ExecIn,
  id: string,
): Promise<{ stdout: string; stderr: string; running: boolean; exitCode?: number }> {
  const dir = `${processRoot}/${checkId(id)}`;
  const result = await run(['sh', '-c', logsScript, 'sh', dir], {
    timeoutMs: controlTimeoutMs,
    maxOutputBytes: 4 * maxLogBytes,
  });
  if (result.exitCode === 3) throw processNotFound(id);
  const [running = '0', exit = '', out = '', err = ''] = result.stdout.toString().split('\n');
  const exitCode = exit.trim() === '' ? undefined : Number(exit.trim());
  return {
    stdout: Buffer.from(out, 'base64').toString('utf8'),
    stderr: Buffer.from(err, 'base64').toString('utf8'),
    running: running === '1',
    ...(exitCode === undefined ? {} : { exitCode }),
  };
}

export async function stopSandboxProcess(run: ExecIn, id: string): Promise<void> {
  const dir = `${processRoot}/${checkId(id)}`;
  const result = await run(['sh', '-c', stopScript, 'sh', dir], { timeoutMs: controlTimeoutMs });
  if (result.exitCode === 3) throw processNotFound(id);
}
