import type { Duplex } from 'node:stream';

/**
 * The contract of the container executor: what the gateway, the CLI and the pipeline call.
 * A sandbox is one Docker container that belongs to one tenant, addressed by tenant and
 * name; a tenant never sees or addresses another tenant's sandbox (NotFound, not Forbidden).
 */

/** Limits of one sandbox; every one has a safe default. */
export interface SandboxLimits {
  /** Memory and swap together. Default 512. */
  memoryMb: number;
  /** CPUs the container may use, such as 0.5 or 1. Default 1. */
  cpus: number;
  /** Processes and threads at once (a fork bomb stops here). Default 64. */
  maxProcesses: number;
  /** Size of the writable `/workspace`. Default 1024. */
  diskMb: number;
  /** Size of the writable `/tmp`. Default 64. */
  tmpMb: number;
  /** The sandbox is destroyed this long after creation. Default 10 minutes. */
  maxLifetimeMs: number;
  /** The sandbox is destroyed after this long without an operation. Default 10 minutes. */
  idleTimeoutMs: number;
}

export const defaultSandboxLimits: SandboxLimits = {
  memoryMb: 512,
  cpus: 1,
  maxProcesses: 64,
  diskMb: 1024,
  tmpMb: 64,
  maxLifetimeMs: 10 * 60_000,
  idleTimeoutMs: 10 * 60_000,
};

/** Outgoing network a sandbox is granted; absent means none at all (`--network none`). */
export interface SandboxEgress {
  /** The egress proxy as the sandbox must reach it, such as `http://172.30.0.1:18080`. */
  proxyUrl: string;
  /** A per-sandbox credential the proxy knows, put into HTTP(S)_PROXY as user:password. */
  credential: { username: string; password: string };
}

export interface CreateSandboxOptions {
  tenant: string;
  /** Unique per tenant: 1 to 63 characters of [a-z0-9-], starting with a letter or digit. */
  name: string;
  limits?: Partial<SandboxLimits>;
  egress?: SandboxEgress;
  /** Environment variables set in every exec; never secrets (those stay in the proxy). */
  env?: Record<string, string>;
}

export interface SandboxInfo {
  tenant: string;
  name: string;
  /** The Docker container id. */
  containerId: string;
  createdAtMs: number;
  expiresAtMs: number;
  lastUsedAtMs: number;
  limits: SandboxLimits;
  /** Ports exposed with `exposePort`, with their preview tokens. */
  ports: { port: number; token: string }[];
}

export interface ExecOptions {
  /** Default `/workspace`. */
  cwd?: string;
  env?: Record<string, string>;
  /** The command is killed after this long; default 60 000, at most the sandbox's lifetime. */
  timeoutMs?: number;
  /** Written to the command's standard input, which is then closed. */
  stdin?: string;
  /** Called with output as it arrives, for streaming. */
  onOutput?: (stream: 'stdout' | 'stderr', chunk: string) => void;
  /** Each of stdout and stderr is cut after this many bytes. Default 1 MiB. */
  maxOutputBytes?: number;
}

export interface ExecResult {
  exitCode: number;
  stdout: string;
  stderr: string;
  /** True when the command was killed by `timeoutMs`. */
  timedOut: boolean;
  /** True when stdout or stderr was cut at `maxOutputBytes`. */
  truncated: boolean;
  durationMs: number;
}

export interface FileEntry {
  /** Relative to the listed folder. */
  path: string;
  type: 'file' | 'directory' | 'symlink' | 'other';
  sizeBytes: number;
}

export interface ProcessInfo {
  /** Unique within the sandbox. */
  id: string;
  command: string[];
  running: boolean;
  exitCode?: number;
}

/** What the gateway and the CLI call; implemented by `ContainerExecutor`. */
export interface SandboxService {
  create(options: CreateSandboxOptions): Promise<SandboxInfo>;
  /** Throws NotFound (404) when the tenant has no sandbox of that name. */
  get(tenant: string, name: string): Promise<SandboxInfo>;
  list(tenant: string): Promise<SandboxInfo[]>;
  exec(tenant: string, name: string, command: string[], options?: ExecOptions): Promise<ExecResult>;
  writeFile(tenant: string, name: string, path: string, content: Uint8Array): Promise<void>;
  readFile(tenant: string, name: string, path: string): Promise<Uint8Array>;
  listFiles(tenant: string, name: string, path: string): Promise<FileEntry[]>;
  startProcess(
    tenant: string,
    name: string,
    command: string[],
    options?: { cwd?: string; env?: Record<string, string> },
  ): Promise<ProcessInfo>;
  processLogs(
    tenant: string,
    name: string,
    id: string,
  ): Promise<{ stdout: string; stderr: string; running: boolean; exitCode?: number }>;
  stopProcess(tenant: string, name: string, id: string): Promise<void>;
  /** Makes `port` inside reachable through the gateway's preview route; answers its token. */
  exposePort(tenant: string, name: string, port: number): Promise<{ port: number; token: string }>;
  /**
   * A new connection to the sandbox port behind `token` (see preview/agent-tunnel.ts), or
   * undefined when no live sandbox has that token.
   */
  openPreview(token: string): Promise<Duplex | undefined>;
  destroy(tenant: string, name: string): Promise<void>;
  /** Destroys every sandbox of this executor and stops its timers. */
  close(): Promise<void>;
}
