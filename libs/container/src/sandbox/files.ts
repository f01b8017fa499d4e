import { posix } from 'node:path';
import { AirlockError, ErrorCode, InvalidInputError } from '@airlock/core';
import { extract, pack } from 'tar-stream';
import type { FileEntry } from '../types.js';
import type { RawExecOptions, RawExecResult } from './exec.js';
import { sandboxUid } from './host-config.js';
import { resolveSandboxPath } from './paths.js';

/** Files larger than this are refused both ways; big data belongs in a package or git fetch. */
export const maxFileBytes = 32 * 1024 * 1024;
const maxListBytes = 4 * 1024 * 1024;
const fileOpTimeoutMs = 30_000;

export type ExecIn = (
  command: string[],
  options: Partial<RawExecOptions>,
) => Promise<RawExecResult>;

function notFound(path: string, cause: string): AirlockError {
  return new AirlockError(ErrorCode.NotFound, `path: ${path} does not exist in the sandbox`, {
    context: { field: 'path', cause: cause.trim().slice(0, 200) },
    hint: 'List the folder with listFiles to see what is there.',
  });
}

function tooLarge(path: string): InvalidInputError {
  return new InvalidInputError('path', `${path} is larger than ${maxFileBytes} bytes`, {
    hint: 'Split the file, or fetch it inside the sandbox instead.',
  });
}

async function tarOf(name: string, content: Uint8Array): Promise<Buffer> {
  const archive = pack();
  const chunks: Buffer[] = [];
  archive.on('data', (chunk) => chunks.push(chunk as Buffer));
  const done = new Promise<void>((resolve) => archive.on('end', () => resolve()));
  const header = { name, size: content.length, mode: 0o644, uid: sandboxUid, gid: sandboxUid };
  archive.entry(header, Buffer.from(content));
  archive.finalize();
  await done;
  return Buffer.concat(chunks);
}

/**
 * Writes through `tar -x` inside the container, fed on stdin. Docker's putArchive cannot be
 * used: it refuses a read-only root file system and does not see tmpfs mounts.
 */
export async function writeSandboxFile(
  run: ExecIn,
  path: string,
  content: Uint8Array,
): Promise<void> {
  const target = resolveSandboxPath(path, { allowRoot: false });
  if (content.length > maxFileBytes) throw tooLarge(target);
  const script = 'mkdir -p -- "$1" && exec tar -x -C "$1" --no-same-owner -f -';
  const archive = await tarOf(posix.basename(target), content);
  const result = await run(['sh', '-c', script, 'sh', posix.dirname(target)], {
    stdin: archive,
    timeoutMs: fileOpTimeoutMs,
  });
  if (result.exitCode !== 0) {
    throw new InvalidInputError(
      'path',
      `cannot write ${target}: ${result.stderr.toString().trim()}`,
      {
        hint: 'Check that the folder is not a file and that there is space left.',
      },
    );
  }
}

export async function readSandboxFile(run: ExecIn, path: string): Promise<Uint8Array> {
  const target = resolveSandboxPath(path, { allowRoot: false });
  const command = [
    'tar',
    '-c',
    '-C',
    posix.dirname(target),
    '-f',
    '-',
    '--',
    posix.basename(target),
  ];
  const result = await run(command, {
    timeoutMs: fileOpTimeoutMs,
    maxOutputBytes: maxFileBytes + 65_536,
  });
  if (result.truncated) throw tooLarge(target);
  if (result.exitCode !== 0) throw notFound(target, result.stderr.toString());
  const entry = await firstEntry(result.stdout);
  if (entry === undefined || entry.type !== 'file') {
    throw new InvalidInputError('path', `${target} is not a regular file`, {
      hint: 'Read files only; list folders with listFiles.',
    });
  }
  if (entry.content.length > maxFileBytes) throw tooLarge(target);
  return entry.content;
}

function firstEntry(archive: Buffer): Promise<{ type: string; content: Buffer } | undefined> {
  return new Promise((resolve, reject) => {
    const reader = extract();
    let first: { type: string; content: Buffer } | undefined;
    reader.on('entry', (header, stream, next) => {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk) => chunks.push(chunk as Buffer));
      stream.on('end', () => {
        first ??= { type: header.type ?? 'file', content: Buffer.concat(chunks) };
        next();
      });
    });
    reader.on('finish', () => resolve(first));
    reader.on('error', reject);
    reader.end(archive);
  });
}

const typeByFindLetter: Record<string, FileEntry['type']> = {
  f: 'file',
  d: 'directory',
  l: 'symlink',
};

/**
 * Every entry below `path`, recursively, relative to it.
 * NOTE: a listing is cut at 4 MiB of output (tens of thousands of entries); the rest is left out.
 */
export async function listSandboxFiles(run: ExecIn, path: string): Promise<FileEntry[]> {
  const folder = resolveSandboxPath(path, { allowRoot: true });
  const command = ['find', folder, '-mindepth', '1', '-printf', '%y %s %P\\0'];
  const result = await run(command, { timeoutMs: fileOpTimeoutMs, maxOutputBytes: maxListBytes });
  if (result.exitCode !== 0 && result.stdout.length === 0) {
    throw notFound(folder, result.stderr.toString());
  }
  const records = result.stdout.toString('utf8').split('\0');
  records.pop();
  return records.map((record) => {
    const [letter = '', size = '0'] = record.split(' ', 2);
    const relative = record.slice(letter.length + size.length + 2);
    return { path: relative, type: typeByFindLetter[letter] ?? 'other', sizeBytes: Number(size) };
  });
}
