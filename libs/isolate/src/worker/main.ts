/**
 * The worker process: holds isolates and runs executions sent by the supervisor over
 * IPC. Threat model: a V8 abort here ends only this process; the supervisor reports the
 * executions inside it as crashed and starts a replacement. The process is started with
 * an empty environment, so no host secret is present even in its memory.
 */
import { IsolatePool } from './isolate-pool.js';
import type { FromWorker, ToWorker, WorkerJob } from './protocol.js';
import { ExecutionRun } from './run-execution.js';

const warmSize = Number(process.argv[2] ?? '4');
const defaultMemoryMb = Number(process.argv[3] ?? '64');
const maxIdleIsolates = Number(process.argv[4] ?? '32');

const runs = new Map<string, ExecutionRun>();

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
});

async function execute(job: WorkerJob): Promise<void> {
  const lease = pool.acquire(job.tenant, job.limits.memoryMb);
  const run = new ExecutionRun(job, lease, (call) =>
    send({ type: 'capability-call', executionId: job.executionId, ...call }),
  );
  runs.set(job.executionId, run);
  try {
    const { outcome, reusable } = await run.run();
    send({ type: 'done', executionId: job.executionId, isolateId: lease.id, outcome });
    pool.release(lease, reusable);
  } finally {
    runs.delete(job.executionId);
  }
}

process.on('message', (message: ToWorker) => {
  if (message.type === 'execute') {
    void execute(message.job);
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
