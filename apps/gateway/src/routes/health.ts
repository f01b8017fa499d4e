/**
 * `/healthz` (the process answers), `/readyz` (it takes executions: workers up, not
 * shutting down) and `/metrics` (Prometheus text). These carry no tenant data and need no
 * key, so orchestrators and scrapers can reach them; keep the gateway on a private address.
 */
import type { FastifyInstance } from 'fastify';
import type { GatewayContext } from '../context.js';

export function registerHealthRoutes(app: FastifyInstance, context: GatewayContext): void {
  app.get('/healthz', async () => ({ status: 'ok' }));

  app.get('/readyz', async (_request, reply) => {
    const stats = context.runtime.executor.stats();
    const ready = !context.lifecycle.closing && stats.workers > 0;
    reply.code(ready ? 200 : 503);
    return {
      status: ready ? 'ready' : 'not ready',
      closing: context.lifecycle.closing,
      workers: stats.workers,
      activeExecutions: stats.activeExecutions,
      queuedExecutions: context.limiter.queued(),
    };
  });

  app.get('/metrics', async (_request, reply) => {
    reply.header('content-type', context.metrics.registry.contentType);
    return context.metrics.registry.metrics();
  });
}
