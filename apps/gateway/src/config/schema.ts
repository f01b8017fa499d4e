/**
 * The gateway's configuration: one `airlock.yaml`, every key optional, with defaults that
 * are safe when nothing is configured (loopback only, no API keys so every call is refused,
 * the default-deny policy, validation always on).
 */
import { z } from 'zod';

const logLevels = ['debug', 'info', 'warn', 'error', 'silent'] as const;

/** At least 128 bits written as hex or base64url: long enough that guessing is hopeless. */
export const minApiKeyChars = 24;

const tenantList = z.array(z.string().min(1).max(256)).min(1);

const apiKeySchema = z
  .strictObject({
    /** Shown in logs and audit events instead of the key. */
    name: z.string().min(1).max(64),
    /** The key itself; prefer `sha256` in files that others can read. */
    key: z.string().min(minApiKeyChars).max(256).optional(),
    /** SHA-256 of the key, lower-case hex, as `airlock serve` prints it. */
    sha256: z
      .string()
      .regex(/^[0-9a-f]{64}$/, 'must be 64 lower-case hex digits')
      .optional(),
    /** The tenants a caller with this key may act for. */
    tenants: tenantList,
  })
  .refine((entry) => (entry.key === undefined) !== (entry.sha256 === undefined), {
    message: 'give exactly one of key and sha256',
  });

const serverSchema = z.strictObject({
  host: z.string().min(1).default('127.0.0.1'),
  port: z.number().int().min(0).max(65_535).default(8787),
  /** Larger request bodies are refused with 413. */
  bodyLimitBytes: z
    .number()
    .int()
    .min(1_024)
    .max(64 * 1024 * 1024)
    .default(1024 * 1024),
  /** How long shutdown waits for running executions before it cancels them. */
  shutdownGraceMs: z.number().int().min(0).max(600_000).default(10_000),
  /** The gateway's address as callers see it, for preview URLs; default its own address. */
  publicUrl: z.url({ protocol: /^https?$/ }).optional(),
});

const policySchema = z.strictObject({
  /** Rego files, data files or folders; empty means Airlock's default policy. */
  paths: z.array(z.string().min(1)).default([]),
});

const auditSchema = z.strictObject({
  /** The hash-chained log and the code of every run. */
  dir: z.string().min(1).default('.airlock/audit'),
});

const isolateSchema = z.strictObject({
  workers: z.number().int().min(1).max(64).default(2),
  /** Blank isolates kept ready in each worker. */
  poolSize: z.number().int().min(0).max(256).default(4),
  /** The SQLite file behind `env.kv`; default `kv.sqlite` in the audit folder's parent. */
  kvFile: z.string().min(1).optional(),
  /** The SQLite file `env.sql` reads; default an empty in-memory database. */
  sqlFile: z.string().min(1).optional(),
});

const concurrencySchema = z.strictObject({
  /** Executions of one tenant that run at the same time. */
  perTenant: z.number().int().min(1).max(1_024).default(8),
  /** Executions of one tenant waiting for a slot; beyond this the answer is 429. */
  queuePerTenant: z.number().int().min(0).max(100_000).default(64),
});

const egressSchema = z.strictObject({
  /** Secret name → the gateway's environment variable holding its value. */
  secrets: z
    .record(
      z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/),
      z.strictObject({ env: z.string().min(1) }),
    )
    .default({}),
  /** Private ranges the proxy may reach anyway, such as `10.1.0.0/16`. */
  allowPrivate: z.array(z.string().min(1)).default([]),
});

const containerSchema = z.strictObject({
  /** Sandboxes and `runtime: "container"` need a Docker engine on this machine. */
  enabled: z.boolean().default(false),
  /** The sandbox image; default the one `airlock image build` makes (built when missing). */
  image: z.string().min(1).optional(),
  /** Unassigned containers kept ready. */
  poolSize: z.number().int().min(0).max(64).default(0),
  /** `runc`, or `runsc` where gVisor is installed. */
  runtime: z.enum(['runc', 'runsc']).default('runc'),
  /**
   * The reaper removes dead owners' containers of this scope only: give each gateway that
   * shares a Docker engine a scope of its own.
   */
  scope: z
    .string()
    .regex(/^[a-z0-9][a-z0-9_.-]{0,62}$/, 'expected 1-63 of a-z, 0-9, _, . and -')
    .default('default'),
});

export const gatewayConfigSchema = z.strictObject({
  server: serverSchema.default(serverSchema.parse({})),
  apiKeys: z.array(apiKeySchema).default([]),
  policy: policySchema.default(policySchema.parse({})),
  audit: auditSchema.default(auditSchema.parse({})),
  isolate: isolateSchema.default(isolateSchema.parse({})),
  concurrency: concurrencySchema.default(concurrencySchema.parse({})),
  egress: egressSchema.default(egressSchema.parse({})),
  container: containerSchema.default(containerSchema.parse({})),
  /** Whether a request may say `validate: false`. Keep false outside development. */
  allowSkipValidation: z.boolean().default(false),
  logLevel: z.enum(logLevels).default('info'),
});

export type GatewayConfig = z.infer<typeof gatewayConfigSchema>;
export type ApiKeyConfig = GatewayConfig['apiKeys'][number];
