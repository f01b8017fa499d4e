import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll } from 'vitest';
import type { CliIo } from './io.js';
import { main } from './main.js';

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** An in-memory CliIo: output is collected, standard input is the given text. */
export function captureIo(cwd: string, stdin = '', isTTY = false) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    cwd,
    stdout: { write: (text) => void out.push(text), isTTY },
    stderr: { write: (text) => void err.push(text) },
    env: {},
    readStdin: async () => Buffer.from(stdin),
  };
  return { io, stdout: () => out.join(''), stderr: () => err.join('') };
}

/** Runs `airlock <args>` in-process, in `cwd`, as a user would type it. */
export async function runCli(
  args: string[],
  cwd: string,
  options: { stdin?: string; isTTY?: boolean } = {},
): Promise<RunResult> {
  const captured = captureIo(cwd, options.stdin, options.isTTY);
  const code = await main(['node', 'airlock', ...args], captured.io);
  return { code, stdout: captured.stdout(), stderr: captured.stderr() };
}

const created: string[] = [];
afterAll(() => {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A temporary folder holding `files` (path → content), removed after the test file. */
export function tempProject(files: Record<string, string | Uint8Array>): string {
  const root = mkdtempSync(join(tmpdir(), 'airlock-cli-'));
  created.push(root);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

/** Code no rule flags, and code that is an error under the default configuration. */
export const cleanCode = 'export const add = (a, b) => a + b;\n';
export const leakyCode = 'export const key = process.env.API_KEY;\n';
