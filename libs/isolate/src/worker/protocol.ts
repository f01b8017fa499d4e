/**
 * Messages between the supervisor (host process) and a worker process over the IPC
 * channel. Only plain data crosses; the code arrives already transpiled to JavaScript.
 */
import type { ExecutionResult, IsolateLimits, LogEntry } from '../types.js';

export interface WorkerJob {
  executionId: string;
  tenant: string;
  /** JavaScript module source. */
  code: string;
  /** The name frames carry in stacks, such as `user-code.js`. */
  filename: string;
  inputJson: string;
  /** Granted capabilities and their method names, which become `env.<cap>.<method>`. */
  capabilityMethods: Record<string, string[]>;
  limits: IsolateLimits;
}

/** What a worker knows of a result; the supervisor adds the capability counts. */
export type WorkerOutcome = Pick<ExecutionResult, 'status' | 'value' | 'logs' | 'error'> & {
  usage: { cpuMs: number; wallMs: number; heapBytes: number };
};

/** `{ ok: true, value }` or `{ ok: false, message }`, as JSON, plus `env.log` entries. */
export interface CapabilityReply {
  envelopeJson: string;
  logs: Omit<LogEntry, 'source'>[];
}

export type ToWorker =
  | { type: 'execute'; job: WorkerJob }
  | ({ type: 'capability-reply'; executionId: string; callId: number } & CapabilityReply);

/**
 * Idle tenant isolates a worker keeps by default. Each costs about 1.5 MiB resident with
 * its prepared context (a blank isolate about 0.5 MiB, a prepared context about 0.3 MiB
 * of V8 heap), so a full worker holds about 190 MiB in them (see the benchmark).
 */
export const defaultMaxIdleIsolates = 128;

export interface WorkerPoolStats {
  /** Blank isolates waiting in the warm pool. */
  pooledIsolates: number;
  /** Idle isolates that already belong to a tenant. */
  tenantIsolates: number;
}

export type FromWorker =
  | { type: 'ready' }
  | {
      type: 'capability-call';
      executionId: string;
      callId: number;
      capability: string;
      method: string;
      argsJson: string;
    }
  | {
      type: 'done';
      executionId: string;
      /** Empty when no isolate was used. */
      isolateId: string;
      outcome: WorkerOutcome;
      pool: WorkerPoolStats;
    }
  | ({ type: 'pool' } & WorkerPoolStats);
