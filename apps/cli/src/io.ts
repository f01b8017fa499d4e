/** Where the CLI reads and writes, so tests can run it in-process with captured output. */
export interface CliIo {
  /** Relative paths, globs and the config file are resolved against this folder. */
  cwd: string;
  stdout: { write(text: string): void; isTTY?: boolean };
  stderr: { write(text: string): void };
  env: Readonly<Record<string, string | undefined>>;
  /** The whole of standard input, as bytes. */
  readStdin(): Promise<Uint8Array>;
}

async function readAll(stream: NodeJS.ReadableStream): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) {
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  }
  return Buffer.concat(chunks);
}

/** The real process: its working directory, streams and environment. */
export function processIo(): CliIo {
  return {
    cwd: process.cwd(),
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    readStdin: () => readAll(process.stdin),
  };
}
