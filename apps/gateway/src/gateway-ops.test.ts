import { listAuditFiles, verifyAuditFiles } from '@airlock/audit';
import { afterEach, describe, expect, it } from 'vitest';
import { call, execution, keys, startTestGateway, type TestGateway } from './test-helpers.js';

let gw: TestGateway | undefined;

afterEach(async () => {
  await gw?.close();
  gw = undefined;
});

/** Burns about `ms` of CPU inside the isolate, then answers `label`. */
function busyCode(ms: number, label = 'done'): string {
  return `export default () => { const end = Date.now() + ${ms}; while (Date.now() < end) {} return '${label}'; };`;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('health and metrics', () => {
  it('answers /healthz, /readyz and /metrics without a key', async () => {
    gw = await startTestGateway();
    await gw.call('POST', '/v1/executions', {
      body: execution('alpha', 'export default () => 1;'),
    });
    await gw.call('POST', '/v1/executions', {
      body: execution('alpha', 'export default () => process.env.X;'),
    });
    await gw.call('POST', '/v1/executions', { key: null, body: {} });

    expect((await gw.call('GET', '/healthz', { key: null })).body).toEqual({ status: 'ok' });
    const ready = await gw.call('GET', '/readyz', { key: null });
    expect(ready).toMatchObject({ status: 200, body: { status: 'ready', workers: 1 } });

    const metrics = await gw.call('GET', '/metrics', { key: null });
    expect(metrics.status).toBe(200);
    const text = metrics.body as string;
    expect(text).toContain('airlock_executions_total{status="ok",executor="isolate"} 1');
    expect(text).toContain('airlock_executions_total{status="denied",executor="isolate"} 1');
    expect(text).toMatch(/airlock_denials_total\{reason="[^"]*no-process-env[^"]*"\} 1/);
    expect(text).toContain('airlock_refused_requests_total{status_code="401"} 1');
    expect(text).toContain('airlock_active_sandboxes{executor="isolate"} 0');
    expect(text).toContain('airlock_worker_restarts 0');
    expect(text).toContain('airlock_execution_duration_seconds_bucket');
    expect(text).toMatch(
      /airlock_http_request_duration_seconds_count\{[^}]*route="\/v1\/executions"/,
    );
  });
});

describe('per-tenant concurrency', () => {
  it('queues up to the limit and answers 429 beyond it, for that tenant only', async () => {
    gw = await startTestGateway({
      concurrency: { perTenant: 1, queuePerTenant: 1 },
      isolate: { workers: 2, poolSize: 2 },
    });
    const slow = execution('alpha', busyCode(400), { limits: { timeoutMs: 2000 } });
    const first = gw.call('POST', '/v1/executions', { body: slow });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const second = gw.call('POST', '/v1/executions', { body: slow });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const third = await gw.call('POST', '/v1/executions', { body: slow });
    expect(third.status).toBe(429);
    expect(third.headers.get('retry-after')).toBe('1');
    expect(third.body.error.code).toBe('too_many_requests');

    // Another tenant is not held up by alpha's queue.
    const other = execution('beta', 'export default () => "beta";');
    const beta = await gw.call('POST', '/v1/executions', { key: keys.beta, body: other });
    expect(beta.body).toMatchObject({ status: 'ok', value: 'beta' });

    const answers = await Promise.all([first, second]);
    expect(answers.map((answer) => answer.body.status)).toEqual(['ok', 'ok']);
  });
});

describe('graceful shutdown', () => {
  it('finishes running executions, refuses new ones, stops workers and flushes the audit log', async () => {
    gw = await startTestGateway();
    const { url, auditDir } = gw;
    const pids = gw.gateway.context.runtime.executor.stats().workerProcesses.map((w) => w.pid);
    const body = execution('alpha', busyCode(300, 'finished'), { limits: { timeoutMs: 2000 } });
    const running = call(url, 'POST', '/v1/executions', { body });
    await new Promise((resolve) => setTimeout(resolve, 100));

    const closing = gw.gateway.close();
    const late = await call(url, 'POST', '/v1/executions', { body }).catch((error) => error);
    expect((await running).body).toMatchObject({ status: 'ok', value: 'finished' });
    await closing;

    // Refused while closing (503) or, once closed, not connected at all.
    if (late instanceof Error) expect(late.message).toMatch(/fetch failed/);
    else expect(late.status).toBe(503);
    expect(pids.length).toBe(1);
    for (const pid of pids) expect(isAlive(pid)).toBe(false);
    const verified = await verifyAuditFiles(await listAuditFiles(auditDir));
    expect(verified.ok).toBe(true);
    expect(verified.records).toBeGreaterThanOrEqual(1);
  });

  it('cancels what runs past the grace period, and still answers and audits it', async () => {
    gw = await startTestGateway({ server: { port: 0, shutdownGraceMs: 200 } });
    const body = execution('alpha', busyCode(1500), { limits: { timeoutMs: 2000 } });
    const running = gw.call('POST', '/v1/executions', { body });
    await new Promise((resolve) => setTimeout(resolve, 150));

    const startedMs = Date.now();
    await gw.gateway.close();
    expect(Date.now() - startedMs).toBeLessThan(1200);
    const answer = await running;
    expect(answer.status).toBe(200);
    expect(answer.body.status).toBe('crashed');
  });
});
