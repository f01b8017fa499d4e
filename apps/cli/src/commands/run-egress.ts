/**
 * `airlock run`'s egress flags: `--allow-host`, `--secret` and `--allow-private`, turned into
 * tenant settings the policy reads and the egress proxy's secret values.
 * Threat model: the values of secrets come from the CLI's own environment and go only to
 * the proxy in this process; they are never put in the policy data, the request, the
 * result or an error message (errors name the variable, never its value).
 */
import { UsageError } from '@airlock/core';
import { normalizeHost, splitHostPort } from '@airlock/egress';

export interface EgressFlags {
  allowHost: string[];
  secret: string[];
  allowPrivate: string[];
}

/** What the flags add for this run: allow-list patterns, secret bindings and their values. */
export interface EgressOverlay {
  hosts: string[];
  /** Secret name → host patterns, as the policy's `secrets` setting. */
  secrets: Record<string, string[]>;
  /** Secret name → value, for the proxy only. */
  values: Record<string, string>;
  allowedPrivateRanges: string[];
}

const hostForm = 'HOST[:PORT], for example api.example.com or 127.0.0.1:8080';
const secretForm = 'NAME=ENV_VAR@HOST[:PORT], for example GITHUB=GH_TOKEN@api.github.com';
const identifier = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

/** Checks the flags and reads the secrets' variables; every mistake is a UsageError (exit 2). */
export function egressOverlay(
  flags: EgressFlags,
  env: Readonly<Record<string, string | undefined>>,
): EgressOverlay {
  const hosts = flags.allowHost.map((value) => hostPattern('--allow-host', value, hostForm));
  const secrets: Record<string, string[]> = {};
  const values: Record<string, string> = {};
  for (const value of flags.secret) {
    const { name, variable, host } = parseSecret(value);
    const secretValue = env[variable];
    if (secretValue === undefined || secretValue === '') {
      throw new UsageError(`--secret ${name}: the environment variable ${variable} is not set`, {
        hint: `Set ${variable} in the environment airlock runs in.`,
      });
    }
    if (Object.hasOwn(values, name)) {
      throw new UsageError(`--secret ${name}: given twice`, {
        hint: 'Give each secret name once.',
      });
    }
    values[name] = secretValue;
    secrets[name] = secretHosts(host, hosts);
  }
  return { hosts, secrets, values, allowedPrivateRanges: flags.allowPrivate };
}

/**
 * `host` or `host:port` (or `*.suffix`), normalised. A lone `*` (the whole internet) or a
 * `*` elsewhere is refused: a command-line run names its hosts.
 */
function hostPattern(flag: string, value: string, form: string): string {
  const split = splitHostPort(value.trim());
  const wildcard = split?.host.startsWith('*.') === true;
  const host = split && normalizeHost(wildcard ? split.host.slice(2) : split.host);
  if (!split || host === undefined || host.includes('*')) {
    throw new UsageError(`${flag} ${value}: expected ${form}`);
  }
  const shown = host.includes(':') ? `[${host}]` : host;
  const pattern = `${wildcard ? '*.' : ''}${shown}`;
  return split.port === undefined ? pattern : `${pattern}:${split.port}`;
}

function parseSecret(value: string): { name: string; variable: string; host: string } {
  const match = /^([^=@]+)=([^=@]+)@(.+)$/.exec(value);
  const [, name = '', variable = '', host = ''] = match ?? [];
  if (!match || !identifier.test(name) || !identifier.test(variable)) {
    throw new UsageError(`--secret ${value}: expected ${secretForm}`);
  }
  return { name, variable, host: hostPattern('--secret', host, secretForm) };
}

/**
 * The patterns a secret is bound to. A host without a port means that host on the ports
 * `--allow-host` grants it (and on the default ports), so `@127.0.0.1` follows
 * `--allow-host 127.0.0.1:8080`; a host with a port means exactly that port.
 */
function secretHosts(host: string, allowed: readonly string[]): string[] {
  const split = splitHostPort(host);
  if (split?.port !== undefined) return [host];
  const samePorts = allowed.filter((pattern) => splitHostPort(pattern)?.host === split?.host);
  return [...new Set([host, ...samePorts])];
}

/**
 * The policy data with the flags laid over the tenant's entry: its tier's (or its own)
 * capabilities plus `fetch`, hosts plus the flags' hosts, secrets plus the flags' secrets.
 * The policy still decides; this assumes the default policy's layout (`tiers`, `tenants`).
 */
export function withEgressSettings(
  data: Record<string, unknown>,
  tenant: string,
  overlay: EgressOverlay,
): Record<string, unknown> {
  if (overlay.hosts.length === 0 && Object.keys(overlay.secrets).length === 0) return data;
  const tenants = objectOf(data.tenants);
  const entry = objectOf(tenants[tenant]);
  const tierName = typeof entry.tier === 'string' ? entry.tier : 'default';
  const current = { ...objectOf(objectOf(data.tiers)[tierName]), ...entry };
  const updated = {
    ...entry,
    capabilities: unique([...stringsOf(current.capabilities), 'fetch']),
    hosts: unique([...stringsOf(current.hosts), ...overlay.hosts]),
    secrets: { ...objectOf(current.secrets), ...overlay.secrets },
  };
  return { ...data, tenants: { ...tenants, [tenant]: updated } };
}

function objectOf(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

function stringsOf(value: unknown): string[] {
  return Array.isArray(value)
    ? value.filter((item): item is string => typeof item === 'string')
    : [];
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
