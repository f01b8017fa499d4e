/**
 * The worker process: holds isolates and runs executions sent by the supervisor over
 * IPC. Threat model: a V8 abort here ends only this process; the supervisor reports the
 * executions inside it as crashed and starts a replacement. The process is started with
 * an empty environment, so no host secret is present even in its memory.
 */
import { IsolatePool } from './isolate-pool.js';
import {
  defaultMaxIdleIsolates,
  type FromWorker,
  type ToWorker,
  type WorkerJob,
} from './protocol.js';
import { ExecutionRun, type CapabilityCall } from './run-execution.js';
import { SyncGuard } from './sync-guard.js';

const warmSize = Number(process.argv[2] ?? '4');
const defaultMemoryMb = Number(process.argv[3] ?? '64');
const maxIdleIsolates = Number(process.argv[4] ?? defaultMaxIdleIsolates);

const runs = new Map<string, ExecutionRun>();
const syncGuard = new SyncGuard();

function send(message: FromWorker): void {
  process.send?.(message);
}

const pool = new IsolatePool({
  warmSize,
  defaultMemoryMb,
  maxIdleIsolates,
  onCatastrophicError: (message) => {
    process.stderr.write(`isolated-vm catastrophic error: ${message}\n`);
    process.abort();
  },
  onChange: (stats) => send({ type: 'pool', ...stats }),
  isIdle: () => runs.size === 0,
  deferDisposal: true,
});

async function execute(job: WorkerJob): Promise<void> {
  const lease = pool.acquire(job.tenant, job.limits.memoryMb);
  let prepared;
  try {
    prepared = await pool.takeContext(lease);
  } catch (error) {
    pool.release(lease, false);
    throw error;
  }
  const sendCall = (call: CapabilityCall) =>
    send({ type: 'capability-call', executionId: job.executionId, ...call });
  const guard = runs.size === 0 && syncGuard.available ? syncGuard : undefined;
  const run = new ExecutionRun(job, lease, prepared, sendCall, guard);
  runs.set(job.executionId, run);
  try {
    const { outcome, reusable } = await run.run();
    pool.release(lease, reusable, outcome.usage.heapBytes);
    const { executionId } = job;
    send({ type: 'done', executionId, isolateId: lease.id, outcome, pool: pool.stats() });
  } finally {
    // Disposing an isolate takes a while, so it comes after the answer went out.
    pool.disposeReleased();
    runs.delete(job.executionId);
    pool.scheduleMaintenance();
  }
}

/** A failure of the worker itself (not of the code), such as no memory for a new isolate. */
function answerFailure(job: WorkerJob, error: unknown): void {
  const message = `the worker could not run this execution: ${String(error)}`;
  const usage = { cpuMs: 0, wallMs: 0, heapBytes: 0 };
  const outcome = {
    status: 'crashed' as const,
    logs: [],
    error: { name: 'WorkerError', message },
    usage,
  };
  send({ type: 'done', executionId: job.executionId, isolateId: '', outcome, pool: pool.stats() });
}

process.on('message', (message: ToWorker) => {
  if (message.type === 'execute') {
    execute(message.job).catch((error: unknown) => answerFailure(message.job, error));
  } else if (message.type === 'capability-reply') {
    runs.get(message.executionId)?.settle(message.callId, message);
  }
});

// The supervisor going away (its IPC channel closes) ends this worker.
process.on('disconnect', () => {
  pool.close();
  process.exit(0);
});

pool.fill();
send({ type: 'ready' });
