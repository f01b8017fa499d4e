/**
 * The gateway's end of a sandbox agent: one attached stream per container, over which
 * commands start and connections to ports inside open as numbered channels (see
 * agent/sandbox-agent.py). A `docker exec` costs a runc start of 55-80 ms; a channel costs a
 * fork inside the container.
 * Threat model: the agent runs as the sandbox's user, so everything it says is untrusted;
 * frames are bounded (frames.ts), answers for unknown channels are dropped, and a malformed
 * stream or a vanished agent ends every channel with SandboxGoneError.
 */
import { readFileSync } from 'node:fs';
import { PassThrough } from 'node:stream';
import type Dockerode from 'dockerode';
import {
  AgentProtocolError,
  encodeFrame,
  type Frame,
  FrameReader,
  FromAgent,
  maxFramePayloadBytes,
  parsePayload,
  ToAgent,
} from './frames.js';

/** The agent's source; it runs as `python3 -c`, so the image needs no file of ours. */
const agentSource = readFileSync(new URL('../../agent/sandbox-agent.py', import.meta.url), 'utf8');

/** The container's command: the agent, isolated from the environment and site packages. */
export const agentCommand = ['python3', '-I', '-S', '-c', agentSource];

/** How long a new container's agent may take to say it is ready. */
const readyTimeoutMs = 30_000;

/**
 * The sandbox's container or its agent is gone. `statusCode` 404 makes the executor treat it
 * like a container removed from outside: the sandbox ends and callers get NotFound.
 */
export class SandboxGoneError extends Error {
  override readonly name = 'SandboxGoneError';
  readonly statusCode = 404;

  /** `endedBy` is set when the gateway itself ended the sandbox, with its reason. */
  constructor(
    message: string,
    readonly endedBy?: string,
  ) {
    super(message);
  }
}

export interface ChannelHandlers {
  onData(stream: 'stdout' | 'stderr', chunk: Buffer): void;
  onExit(status: { code: number; timedOut: boolean; truncated: boolean }): void;
  /** The channel could not open (`errno` from the agent, 0 for a refused request) or is lost. */
  onFail(error: Error & { errno?: number }): void;
}

export interface SpawnSpec {
  argv: string[];
  cwd: string;
  env: string[];
  timeoutMs: number;
  maxOutputBytes: number;
  stdin: boolean;
}

export interface AgentChannel {
  /** Sends bytes to the command's stdin or the connection; an empty write is not sent. */
  write(data: Uint8Array): void;
  /** Closes the command's stdin, or half-closes the connection. */
  end(): void;
  /** Kills the command's process group, or closes the connection. */
  kill(): void;
}

export class SandboxAgent {
  private readonly channels = new Map<number, ChannelHandlers>();
  private readonly reader = new FrameReader();
  private nextId = 1;
  private goneError: SandboxGoneError | undefined;
  private readonly ready: Promise<void>;

  private constructor(private readonly stream: NodeJS.ReadWriteStream & { destroy(): void }) {
    this.ready = new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.fail(new SandboxGoneError(`the sandbox agent was not ready in ${readyTimeoutMs} ms`));
      }, readyTimeoutMs);
      this.channels.set(0, {
        onData: () => undefined,
        onExit: () => {
          clearTimeout(timer);
          this.channels.delete(0);
          resolve();
        },
        onFail: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      });
    });
    // a sandbox given up before it was ready rejects this without anyone waiting on it
    this.ready.catch(() => undefined);
  }

  /**
   * Attaches to a created, not yet started container whose command is `agentCommand`.
   * Call `started()` after starting it.
   */
  static async attach(container: Dockerode.Container, modem: Dockerode['modem']) {
    const stream = (await container.attach({
      stream: true,
      stdin: true,
      stdout: true,
      stderr: true,
      hijack: true,
    })) as NodeJS.ReadWriteStream & { destroy(): void };
    const agent = new SandboxAgent(stream);
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    modem.demuxStream(stream, stdout, stderr);
    stdout.on('data', (chunk: Buffer) => agent.receive(chunk));
    // The agent writes only its own failures there; they are dropped, bounded by the stream.
    stderr.resume();
    const lost = () => agent.fail(new SandboxGoneError('the sandbox agent is gone'));
    stream.on('end', lost);
    stream.on('close', lost);
    stream.on('error', lost);
    return agent;
  }

  /** Resolves once the agent said it is ready; rejects when it died first. */
  started(): Promise<void> {
    return this.ready;
  }

  get gone(): boolean {
    return this.goneError !== undefined;
  }

  /** Starts a command inside; `handlers` get its output and its end. */
  spawn(spec: SpawnSpec, handlers: ChannelHandlers): AgentChannel {
    return this.open(ToAgent.spawn, spec, handlers);
  }

  /** Opens a TCP connection to 127.0.0.1:`port` inside; data arrives as 'stdout'. */
  connect(port: number, handlers: ChannelHandlers): AgentChannel {
    return this.open(ToAgent.connect, { port }, handlers);
  }

  /**
   * Lets go of the agent: it kills what still runs and exits, which ends the container.
   * Channels still open fail with a SandboxGoneError whose `endedBy` is `reason`.
   */
  close(reason = 'closed'): void {
    this.fail(new SandboxGoneError(`the sandbox ended (${reason})`, reason));
  }

  private open(kind: number, request: object, handlers: ChannelHandlers): AgentChannel {
    const id = this.nextId;
    this.nextId = this.nextId >= 0xffffffff ? 1 : this.nextId + 1;
    if (this.goneError !== undefined) {
      const error = this.goneError;
      queueMicrotask(() => handlers.onFail(error));
    } else {
      this.channels.set(id, handlers);
      this.send(kind, id, Buffer.from(JSON.stringify(request)));
    }
    return {
      write: (data) => {
        for (let at = 0; at < data.length; at += maxFramePayloadBytes) {
          this.sendIfOpen(id, ToAgent.stdin, data.subarray(at, at + maxFramePayloadBytes));
        }
      },
      end: () => this.sendIfOpen(id, ToAgent.stdin, Buffer.alloc(0)),
      kill: () => this.sendIfOpen(id, ToAgent.kill, Buffer.alloc(0)),
    };
  }

  private sendIfOpen(id: number, kind: number, payload: Uint8Array): void {
    if (this.channels.has(id)) this.send(kind, id, payload);
  }

  private send(kind: number, id: number, payload: Uint8Array): void {
    if (this.goneError === undefined) this.stream.write(encodeFrame(kind, id, payload));
  }

  private receive(chunk: Buffer): void {
    if (this.goneError !== undefined) return;
    try {
      for (const frame of this.reader.push(chunk)) this.dispatch(frame);
    } catch (error) {
      if (!(error instanceof AgentProtocolError)) throw error;
      this.fail(new SandboxGoneError(`the sandbox agent broke its protocol: ${error.message}`));
    }
  }

  private dispatch(frame: Frame): void {
    const handlers = this.channels.get(frame.id);
    if (handlers === undefined) return;
    switch (frame.kind) {
      case FromAgent.stdout:
      case FromAgent.stderr:
        handlers.onData(frame.kind === FromAgent.stdout ? 'stdout' : 'stderr', frame.payload);
        return;
      case FromAgent.ready:
        if (frame.id === 0) handlers.onExit({ code: 0, timedOut: false, truncated: false });
        return;
      case FromAgent.exit: {
        const status = parsePayload(frame);
        this.channels.delete(frame.id);
        handlers.onExit({
          code: typeof status.code === 'number' ? status.code : -1,
          timedOut: status.timedOut === true,
          truncated: status.truncated === true,
        });
        return;
      }
      case FromAgent.fail: {
        const failure = parsePayload(frame);
        this.channels.delete(frame.id);
        const message = typeof failure.message === 'string' ? failure.message : 'failed';
        const error: Error & { errno?: number } = new Error(message.slice(0, 1000));
        error.errno = typeof failure.errno === 'number' ? failure.errno : 0;
        handlers.onFail(error);
      }
    }
  }

  private fail(error: SandboxGoneError): void {
    if (this.goneError !== undefined) return;
    this.goneError = error;
    const channels = [...this.channels.values()];
    this.channels.clear();
    for (const handlers of channels) handlers.onFail(error);
    this.stream.end();
    this.stream.destroy();
  }
}
