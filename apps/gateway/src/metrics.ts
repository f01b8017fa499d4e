/**
 * The gateway's Prometheus metrics, in a registry of its own (never prom-client's global
 * one, so two gateways in one process do not mix). Label values come from small fixed
 * sets, except denial reasons, which are capped so a policy cannot explode the series.
 */
import type { AuditEvent } from '@airlock/core';
import type { IsolateExecutorStats } from '@airlock/isolate';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

const latencyBucketsSeconds = [
  0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
];
const maxReasonLabels = 50;
const maxReasonChars = 120;

export class GatewayMetrics {
  readonly registry = new Registry();
  private readonly executions: Counter<'status' | 'executor'>;
  private readonly executionSeconds: Histogram<'executor'>;
  private readonly httpSeconds: Histogram<'route' | 'method' | 'status_code'>;
  private readonly denials: Counter<'reason'>;
  private readonly egressRefusals: Counter<'rule'>;
  private readonly refusedRequests: Counter<'status_code'>;
  private readonly reasons = new Set<string>();

  constructor() {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry });
    this.executions = new Counter({
      name: 'airlock_executions_total',
      help: 'Executions answered, by status and executor.',
      labelNames: ['status', 'executor'],
      registers,
    });
    this.executionSeconds = new Histogram({
      name: 'airlock_execution_duration_seconds',
      help: 'Time from request to answer for executions, validation and decision included.',
      labelNames: ['executor'],
      buckets: latencyBucketsSeconds,
      registers,
    });
    this.httpSeconds = new Histogram({
      name: 'airlock_http_request_duration_seconds',
      help: 'HTTP request latency by route, method and status code.',
      labelNames: ['route', 'method', 'status_code'],
      buckets: latencyBucketsSeconds,
      registers,
    });
    this.denials = new Counter({
      name: 'airlock_denials_total',
      help: 'Executions denied by the validator or the policy, by first reason.',
      labelNames: ['reason'],
      registers,
    });
    this.egressRefusals = new Counter({
      name: 'airlock_egress_refusals_total',
      help: 'Outgoing requests the egress proxy refused, by the rule that refused them.',
      labelNames: ['rule'],
      registers,
    });
    this.refusedRequests = new Counter({
      name: 'airlock_refused_requests_total',
      help: 'Requests refused before they reached the pipeline (401, 403, 413, 429, 503).',
      labelNames: ['status_code'],
      registers,
    });
  }

  /** Adds the gauges read at each scrape: sandboxes, worker restarts and queued executions. */
  observe(
    executorStats: () => IsolateExecutorStats,
    queued: () => number,
    sandboxes: () => number | undefined = () => undefined,
  ): void {
    const registers = [this.registry];
    new Gauge({
      name: 'airlock_active_sandboxes',
      help: 'Isolates running an execution now, and containers that exist now, by executor.',
      labelNames: ['executor'],
      registers,
      collect() {
        this.set({ executor: 'isolate' }, executorStats().activeExecutions);
        const containers = sandboxes();
        if (containers !== undefined) this.set({ executor: 'container' }, containers);
      },
    });
    new Gauge({
      name: 'airlock_worker_restarts',
      help: 'Isolate worker processes replaced after a crash since the gateway started.',
      registers,
      collect() {
        this.set(executorStats().restarts);
      },
    });
    new Gauge({
      name: 'airlock_queued_executions',
      help: 'Executions waiting for a per-tenant concurrency slot.',
      registers,
      collect() {
        this.set(queued());
      },
    });
  }

  execution(status: string, executor: string, seconds: number, reasons: readonly string[]): void {
    this.executions.inc({ status, executor });
    this.executionSeconds.observe({ executor }, seconds);
    if (status === 'denied') this.denials.inc({ reason: this.reasonLabel(reasons[0] ?? '') });
  }

  httpRequest(route: string, method: string, statusCode: number, seconds: number): void {
    this.httpSeconds.observe({ route, method, status_code: String(statusCode) }, seconds);
  }

  refused(statusCode: number): void {
    this.refusedRequests.inc({ status_code: String(statusCode) });
  }

  /** Counts the egress proxy's refusals as they are audited. */
  auditEvent(event: AuditEvent): void {
    if (event.kind === 'egress' && event.outcome === 'refused') {
      this.egressRefusals.inc({ rule: event.egress?.rule ?? 'unknown' });
    }
  }

  private reasonLabel(reason: string): string {
    const label = reason.slice(0, maxReasonChars);
    if (this.reasons.has(label)) return label;
    if (this.reasons.size >= maxReasonLabels) return 'other';
    this.reasons.add(label);
    return label;
  }
}
