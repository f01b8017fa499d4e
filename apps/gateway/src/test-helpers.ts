import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gatewayConfigSchema, type GatewayConfig } from './config/schema.js';
import { startGateway, type Gateway } from './gateway.js';

export const repoRoot = resolve(import.meta.dirname, '../../..');

/** Keys of the test gateway: one per tenant, and one covering both. */
export const keys = {
  alpha: 'alpha-key-0123456789abcdef0123',
  beta: 'beta-key-0123456789abcdef01234',
  both: 'both-key-0123456789abcdef01234',
} as const;

/** Two builder tenants with log and kv, and a stranger that gets the default tier. */
const settingsYaml = `
default_limits: { timeoutMs: 1000, wallTimeMs: 5000, memoryMb: 64, maxOutputBytes: 1048576, maxCapabilityCalls: 100 }
tiers:
  default:
    executors: [isolate]
    capabilities: [log]
    hosts: []
    secrets: {}
    limits: { timeoutMs: 1000, wallTimeMs: 5000, memoryMb: 64, maxOutputBytes: 1048576, maxCapabilityCalls: 100 }
  builder:
    executors: [isolate]
    capabilities: [log, kv]
    hosts: []
    secrets: {}
    limits: { timeoutMs: 2000, wallTimeMs: 10000, memoryMb: 128, maxOutputBytes: 1048576, maxCapabilityCalls: 1000 }
tenants:
  alpha: { tier: builder }
  beta: { tier: builder }
`;

export interface TestGateway {
  gateway: Gateway;
  url: string;
  dir: string;
  auditDir: string;
  call(method: string, path: string, options?: CallOptions): Promise<CallResult>;
  close(): Promise<void>;
}

export interface CallOptions {
  key?: string | null;
  body?: unknown;
  /** Sent as is instead of `body` as JSON. */
  rawBody?: string;
  contentType?: string;
}

export interface CallResult {
  status: number;
  headers: Headers;
  // Tests read whatever the answer holds.
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** A gateway on 127.0.0.1 (any port) with the test tenants, in its own temp folder. */
export async function startTestGateway(
  overrides: Partial<Record<keyof GatewayConfig, unknown>> = {},
): Promise<TestGateway> {
  const dir = mkdtempSync(join(tmpdir(), 'airlock-gateway-'));
  writeFileSync(join(dir, 'settings.yaml'), settingsYaml);
  const config = gatewayConfigSchema.parse({
    server: { port: 0, shutdownGraceMs: 2_000 },
    apiKeys: [
      { name: 'alpha', key: keys.alpha, tenants: ['alpha'] },
      { name: 'beta', key: keys.beta, tenants: ['beta'] },
      { name: 'both', key: keys.both, tenants: ['alpha', 'beta', 'stranger'] },
    ],
    policy: {
      paths: [join(repoRoot, 'policies/airlock/decision.rego'), join(dir, 'settings.yaml')],
    },
    audit: { dir: join(dir, 'audit') },
    isolate: { workers: 1, poolSize: 2, kvFile: join(dir, 'kv.sqlite') },
    logLevel: 'silent',
    ...overrides,
  });
  const gateway = await startGateway({ config });
  let closed = false;
  return {
    gateway,
    url: gateway.url,
    dir,
    auditDir: config.audit.dir,
    call: (method, path, options = {}) => call(gateway.url, method, path, options),
    async close() {
      if (closed) return;
      closed = true;
      await gateway.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function call(
  base: string,
  method: string,
  path: string,
  options: CallOptions = {},
): Promise<CallResult> {
  const headers: Record<string, string> = {};
  const key = options.key === undefined ? keys.alpha : options.key;
  if (key !== null) headers.authorization = `Bearer ${key}`;
  let body: string | undefined;
  if (options.rawBody !== undefined || options.body !== undefined) {
    body = options.rawBody ?? JSON.stringify(options.body);
    headers['content-type'] = options.contentType ?? 'application/json';
  }
  const response = await fetch(`${base}${path}`, { method, headers, ...(body ? { body } : {}) });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // Not JSON (metrics): the text itself.
  }
  return { status: response.status, headers: response.headers, body: parsed };
}

/** A trivial execution request for `tenant`. */
export function execution(tenant: string, code: string, extra: Record<string, unknown> = {}) {
  return { tenant, language: 'javascript', code, ...extra };
}
