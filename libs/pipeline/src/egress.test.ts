import http from 'node:http';
import type { LogFields, Logger } from '@airlock/core';
import { EgressProxy, type EgressCredential } from '@airlock/egress';
import {
  EgressBinding,
  IsolateExecutor,
  createFetchCapability,
  createLogCapability,
} from '@airlock/isolate';
import { RegoPolicyEngine, createDecider, defaultPolicyPath, loadPolicy } from '@airlock/policy';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startCanary,
  startHttpUpstream,
  type TestUpstream,
} from '../../egress/src/test-helpers.js';
import { createPipeline, egressUnavailable, type PipelineOptions } from './pipeline.js';
import { MemoryAuditSink, buildIsolateLibrary } from './test-helpers.js';

/**
 * `env.fetch` end to end: the real validator, the default policy with one tenant of the
 * test's own (fetch, the loopback upstream's host and a secret bound to it), a real
 * isolate executor whose fetch capability goes through a real EgressProxy, and real
 * loopback servers. The proxy allows 127.0.0.1/32 for them.
 */
const secretCanary = 'canary-token-51d0e2';
const tenant = 'egress-tenant';

/** Every line any component logs, as JSON text, to search for leaks. */
class MemoryLogger implements Logger {
  constructor(
    readonly lines: string[] = [],
    private readonly bindings: LogFields = {},
  ) {}
  private write(level: string, fields: LogFields, message?: string): void {
    this.lines.push(JSON.stringify({ level, ...this.bindings, ...fields, message }));
  }
  debug = (fields: LogFields, message?: string): void => this.write('debug', fields, message);
  info = (fields: LogFields, message?: string): void => this.write('info', fields, message);
  warn = (fields: LogFields, message?: string): void => this.write('warn', fields, message);
  error = (fields: LogFields, message?: string): void => this.write('error', fields, message);
  child = (bindings: LogFields): Logger =>
    new MemoryLogger(this.lines, { ...this.bindings, ...bindings });
}

let upstream: TestUpstream;
let canary: Awaited<ReturnType<typeof startCanary>>;
let proxy: EgressProxy;
let binding: EgressBinding;
let executor: IsolateExecutor;
let base: PipelineOptions;
const logger = new MemoryLogger();
const audit = new MemoryAuditSink();
const issued: EgressCredential[] = [];

beforeAll(async () => {
  await buildIsolateLibrary();
  upstream = await startHttpUpstream((req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end(`hello from ${req.url}`);
  });
  canary = await startCanary();
  proxy = new EgressProxy({
    allowedPrivateRanges: ['127.0.0.1/32'],
    secrets: { TOKEN: secretCanary },
    logger,
    audit,
  });
  await proxy.start();
  binding = new EgressBinding({
    issueCredential: (grant) => {
      const credential = proxy.issueCredential(grant);
      issued.push(credential);
      return credential;
    },
  });
  const fetch = createFetchCapability({ egress: binding, timeoutMs: 5_000 });
  const log = createLogCapability({ logger });
  executor = new IsolateExecutor({ workers: 1, poolSize: 1, capabilities: [log, fetch], logger });
  await executor.start();
  const decider = deciderFor(`127.0.0.1:${upstream.port}`);
  base = { decider, executor, logger, audit, egress: binding };
}, 300_000);

afterAll(async () => {
  await executor?.close();
  await proxy?.close();
  await Promise.all([upstream?.close(), canary?.close()]);
});

/** The default policy plus our tenant: a builder with fetch, one host and TOKEN for it. */
function deciderFor(host: string) {
  const { modules, data } = loadPolicy([defaultPolicyPath]);
  const tenants = { ...(data.tenants as object) };
  Object.assign(tenants, {
    [tenant]: {
      tier: 'builder',
      capabilities: ['log', 'fetch'],
      hosts: [host],
      secrets: { TOKEN: [host] },
    },
  });
  return createDecider({ engine: new RegoPolicyEngine({ modules, data: { ...data, tenants } }) });
}

function fetchCode(url: string): string {
  return `export default async (input, env) => {
    const response = await env.fetch(${JSON.stringify(url)}, { headers: { 'x-run': 'yes' } });
    console.log('fetched', response.status);
    return { status: response.status, body: response.body, refused: response.headers['x-airlock-refused'] ?? null, keys: Object.keys(env.fetch) };
  };`;
}

function proxyPassword(credential: EgressCredential): string {
  return decodeURIComponent(new URL(credential.proxyUrl).password);
}

function statusWith(credential: EgressCredential): Promise<number> {
  const origin = new URL(credential.proxyUrl);
  return new Promise((resolve, reject) => {
    http
      .request({
        host: origin.hostname,
        port: origin.port,
        path: `http://127.0.0.1:${upstream.port}/reused`,
        headers: { 'proxy-authorization': credential.proxyAuthorization },
      })
      .on('response', (res) => (res.resume(), resolve(res.statusCode ?? 0)))
      .on('error', reject)
      .end();
  });
}

describe('env.fetch through the pipeline and the egress proxy', () => {
  it('reaches an allowed host with the secret added, which the result and logs never show', async () => {
    const pipeline = createPipeline(base);
    const result = await pipeline.run({
      tenant,
      language: 'javascript',
      code: fetchCode(`http://127.0.0.1:${upstream.port}/x`),
    });

    expect(result).toMatchObject({
      status: 'ok',
      value: { status: 200, body: 'hello from /x', refused: null, keys: ['request'] },
      decision: { capabilities: ['fetch'] },
    });
    const seen = upstream.seen.at(-1);
    expect(seen?.headers.authorization).toBe(`Bearer ${secretCanary}`);
    expect(seen?.headers['x-run']).toBe('yes');
    const credential = issued.at(-1)!;
    expect(logger.lines.some((line) => line.includes('pipeline.run'))).toBe(true);
    const everything = JSON.stringify(result) + logger.lines.join('\n');
    expect(everything).not.toContain(secretCanary);
    expect(everything).not.toContain(proxyPassword(credential));
    expect(JSON.stringify(audit.events)).not.toContain(secretCanary);
    // Revoked when the execution ended: the same credential is now refused.
    expect(await statusWith(credential)).toBe(407);
    expect(binding.size).toBe(0);
  });

  it('gives a refused host 403 with the reason; nothing reaches it', async () => {
    const pipeline = createPipeline(base);
    const result = await pipeline.run({
      tenant,
      language: 'javascript',
      code: fetchCode(`http://127.0.0.1:${canary.port}/x`),
    });

    expect(result).toMatchObject({ status: 'ok', value: { status: 403 } });
    expect((result.value as { refused: string }).refused).toMatch(/not allowed/);
    expect(canary.connections()).toBe(0);
  });

  it('denies a fetch grant when the pipeline has no egress proxy; nothing runs', async () => {
    const pipeline = createPipeline({ decider: base.decider, executor, logger, audit });
    const before = upstream.seen.length;
    const result = await pipeline.run({
      tenant,
      language: 'javascript',
      code: fetchCode(`http://127.0.0.1:${upstream.port}/x`),
    });

    expect(result).toMatchObject({
      status: 'denied',
      decision: { allow: false, reasons: [egressUnavailable] },
    });
    expect(upstream.seen.length).toBe(before);
  });
});
