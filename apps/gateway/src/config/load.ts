/**
 * Reads `airlock.yaml`, applies environment overrides, and checks the result. Every error
 * is a ConfigError that names the key (`isolate.workers`, `AIRLOCK_PORT`) and the fix.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { ConfigError } from '@airlock/core';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { gatewayConfigSchema, minApiKeyChars, type GatewayConfig } from './schema.js';

export interface LoadConfigOptions {
  /** A file named by the caller; it must exist. Default: `airlock.yaml` in `cwd` if present. */
  file?: string;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Applied last, such as `--port` and `--host` from the command line. */
  overrides?: { port?: number; host?: string };
}

export interface LoadedConfig {
  config: GatewayConfig;
  /** The file read, absolute; undefined when only defaults and the environment applied. */
  file: string | undefined;
}

export const defaultConfigName = 'airlock.yaml';

type RawConfig = Record<string, unknown>;

export function loadGatewayConfig(options: LoadConfigOptions = {}): LoadedConfig {
  const cwd = options.cwd ?? process.cwd();
  const env = options.env ?? process.env;
  const file = configFile(options.file, cwd);
  const raw = file === undefined ? {} : readConfigFile(file);
  applyEnvironment(raw, env);
  applyOverrides(raw, options.overrides ?? {});
  const config = check(raw);
  return { config: resolvePaths(config, file === undefined ? cwd : dirname(file)), file };
}

function configFile(named: string | undefined, cwd: string): string | undefined {
  if (named === undefined) {
    const implicit = resolve(cwd, defaultConfigName);
    return existsSync(implicit) ? implicit : undefined;
  }
  const file = resolve(cwd, named);
  if (!existsSync(file)) {
    throw new ConfigError(named, 'no such file', {
      hint: 'Give the path of an airlock.yaml, or leave --config out to use safe defaults.',
    });
  }
  return file;
}

function readConfigFile(file: string): RawConfig {
  let parsed: unknown;
  try {
    parsed = parseYaml(readFileSync(file, 'utf8'));
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new ConfigError(file, `not valid YAML (${reason})`, {
      hint: 'Fix the YAML at the line named; keys are nested with two spaces.',
    });
  }
  if (parsed === null || parsed === undefined) return {};
  if (typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new ConfigError(file, 'must be a mapping of keys such as server: and apiKeys:', {
      hint: 'Start the file with a key, for example `server:` on its own line.',
    });
  }
  return parsed as RawConfig;
}

function section(raw: RawConfig, name: string): RawConfig {
  const current = raw[name];
  if (current !== null && typeof current === 'object' && !Array.isArray(current)) {
    return current as RawConfig;
  }
  const created: RawConfig = {};
  raw[name] = created;
  return created;
}

function applyEnvironment(raw: RawConfig, env: NodeJS.ProcessEnv): void {
  if (env.AIRLOCK_HOST) section(raw, 'server').host = env.AIRLOCK_HOST;
  if (env.AIRLOCK_PORT) section(raw, 'server').port = parsePort(env.AIRLOCK_PORT);
  if (env.AIRLOCK_AUDIT_DIR) section(raw, 'audit').dir = env.AIRLOCK_AUDIT_DIR;
  if (env.AIRLOCK_LOG_LEVEL) raw.logLevel = env.AIRLOCK_LOG_LEVEL;
  if (env.AIRLOCK_API_KEYS) {
    const fromFile = Array.isArray(raw.apiKeys) ? raw.apiKeys : [];
    raw.apiKeys = [...fromFile, ...parseApiKeysVariable(env.AIRLOCK_API_KEYS)];
  }
}

function applyOverrides(raw: RawConfig, overrides: NonNullable<LoadConfigOptions['overrides']>) {
  if (overrides.host !== undefined) section(raw, 'server').host = overrides.host;
  if (overrides.port !== undefined) section(raw, 'server').port = overrides.port;
}

function parsePort(text: string): number {
  if (!/^\d{1,5}$/.test(text) || Number(text) > 65_535) {
    throw new ConfigError('AIRLOCK_PORT', `expected a port number, got ${JSON.stringify(text)}`, {
      hint: 'Set it to a whole number from 0 to 65535, such as 8787.',
    });
  }
  return Number(text);
}

/**
 * `key1:tenantA,key2:tenantB|tenantC`: comma-separated entries, each a key and the tenants
 * it covers, separated by `|`. Entries are named `AIRLOCK_API_KEYS[0]`, … in logs.
 */
export function parseApiKeysVariable(text: string): RawConfig[] {
  return text
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '')
    .map((entry, index) => {
      const name = `AIRLOCK_API_KEYS[${index}]`;
      const separator = entry.indexOf(':');
      const key = separator < 0 ? '' : entry.slice(0, separator);
      const tenants = separator < 0 ? [] : entry.slice(separator + 1).split('|');
      if (key.length < minApiKeyChars || tenants.some((tenant) => tenant === '')) {
        throw new ConfigError(
          name,
          `expected <key>:<tenant>[|<tenant>…] with a key of at least ${minApiKeyChars} characters`,
          {
            hint: 'For example AIRLOCK_API_KEYS="$(openssl rand -hex 24):demo".',
          },
        );
      }
      return { name, key, tenants };
    });
}

function check(raw: RawConfig): GatewayConfig {
  const parsed = gatewayConfigSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  throw configErrorOf(parsed.error.issues[0]);
}

function configErrorOf(issue: z.core.$ZodIssue | undefined): ConfigError {
  const path = (issue?.path ?? []).map(String);
  if (issue?.code === 'unrecognized_keys') {
    const key = [...path, issue.keys[0] ?? ''].join('.');
    return new ConfigError(key, 'is not a known key', {
      hint: 'Check its spelling and nesting against docs/gateway.md; unknown keys are refused.',
    });
  }
  const key = path.length === 0 ? 'airlock.yaml' : path.join('.');
  return new ConfigError(key, issue?.message ?? 'is not valid', {
    hint: 'See docs/gateway.md for every key, its type and its default.',
  });
}

/** File paths in the configuration are relative to the folder of the file that names them. */
function resolvePaths(config: GatewayConfig, base: string): GatewayConfig {
  const at = (path: string) => (isAbsolute(path) ? path : resolve(base, path));
  const { kvFile, sqlFile } = config.isolate;
  return {
    ...config,
    policy: { paths: config.policy.paths.map(at) },
    audit: { dir: at(config.audit.dir) },
    isolate: {
      ...config.isolate,
      ...(kvFile === undefined ? {} : { kvFile: at(kvFile) }),
      ...(sqlFile === undefined ? {} : { sqlFile: at(sqlFile) }),
    },
  };
}
