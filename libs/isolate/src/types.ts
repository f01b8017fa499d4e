/**
 * The isolate executor's contract: what a caller asks to run, with which grants and
 * limits, and what comes back. Shared by the supervisor (host process), the worker
 * processes that hold the isolates, and the capability implementations.
 */
import type { Language } from '@airlock/core';

/** JSON-compatible data: the only thing that crosses into or out of an isolate. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export interface IsolateLimits {
  /** Heap limit of the isolate. Default 64. */
  memoryMb: number;
  /** CPU time the code may use. Default 1,000. */
  timeoutMs: number;
  /** Wall time including awaited capability calls. Default 5,000. */
  wallTimeMs: number;
  /** Logs and result together, as UTF-8 JSON. Default 1 MiB. */
  maxOutputBytes: number;
  /** Capability calls per execution, all capabilities together. Default 100. */
  maxCapabilityCalls: number;
}

export const defaultIsolateLimits: IsolateLimits = {
  memoryMb: 64,
  timeoutMs: 1_000,
  wallTimeMs: 5_000,
  maxOutputBytes: 1024 * 1024,
  maxCapabilityCalls: 100,
};

export interface ExecutionRequest {
  /** Set by the caller (the pipeline); unique per execution. */
  executionId: string;
  /** The isolation boundary: an isolate serves one tenant only. */
  tenant: string;
  /** An ES module whose default export is called as `(input, env)`. */
  code: string;
  language: Extract<Language, 'javascript' | 'typescript'>;
  input?: Json;
  /** Capability names granted by the policy, such as `log`, `kv`, `sql`. */
  capabilities: string[];
  /** Missing fields take the defaults. */
  limits?: Partial<IsolateLimits>;
}

export type ExecutionStatus = 'ok' | 'error' | 'timeout' | 'memory' | 'crashed' | 'denied';

export interface LogEntry {
  level: 'log' | 'info' | 'warn' | 'error' | 'debug';
  /** `console` for console.*, `env.log` for the log capability. */
  source: 'console' | 'env.log';
  message: string;
  data?: Json;
}

export interface ExecutionUsage {
  cpuMs: number;
  wallMs: number;
  heapBytes: number;
  /** Calls per capability name, for example `{ kv: 3 }`. */
  capabilityCalls: Record<string, number>;
}

export interface ExecutionResult {
  executionId: string;
  status: ExecutionStatus;
  /** The default export's return value, awaited; present only when status is `ok`. */
  value?: Json;
  logs: LogEntry[];
  /** Present unless status is `ok`. Stacks show the user's code only. */
  error?: { name: string; message: string; stack?: string };
  usage: ExecutionUsage;
}

/** Who is calling a capability: filled in by the executor, never by the code. */
export interface CallContext {
  tenant: string;
  executionId: string;
  /**
   * Adds an entry to this execution's result logs with source `env.log` (the `log`
   * capability uses it); counted against `maxOutputBytes` with the console output.
   * Set by the executor for every call.
   */
  appendLog?: (entry: Omit<LogEntry, 'source'>) => void;
}

/**
 * A capability as the host implements it: named methods taking and returning JSON.
 * `env.kv.get(key)` inside the isolate becomes `methods.get(context, [key])` in the
 * host. A method that throws gives the code a plain Error with the message only.
 */
export interface Capability {
  name: string;
  methods: Record<string, (context: CallContext, args: Json[]) => Promise<Json> | Json>;
}
