/**
 * Checks the operator's options once, at construction, so a typo fails at start rather than
 * on the first request. Messages name the option, never a secret's value.
 */
import { ConfigError } from '@airlock/core';
import { secretHeader } from './request-plan.js';
import { parseRanges } from './ssrf-guard.js';
import type { EgressProxyOptions, SecretSpec, ServiceRoute } from './types.js';

const headerName = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const routeName = /^[A-Za-z0-9_.-]+$/;

function checkSecret(name: string, spec: string | SecretSpec): void {
  const { header, secret: value } = secretHeader(spec);
  if (!headerName.test(header)) {
    throw new ConfigError(
      `secrets.${name}.header`,
      `${JSON.stringify(header)} is not a header name`,
    );
  }
  if (value === '' || /[\r\n\0]/.test(value)) {
    throw new ConfigError(`secrets.${name}`, 'the value is empty or holds CR, LF or NUL');
  }
}

function checkRoute(route: ServiceRoute, secrets: Record<string, unknown>): void {
  const key = `services.${route.name}`;
  if (!routeName.test(route.name)) {
    throw new ConfigError(
      'services',
      `route name ${JSON.stringify(route.name)} is not an identifier`,
    );
  }
  let url: URL;
  try {
    url = new URL(route.upstream);
  } catch {
    throw new ConfigError(`${key}.upstream`, 'expected an absolute http:// or https:// URL');
  }
  if (!['http:', 'https:'].includes(url.protocol) || url.username || url.password) {
    throw new ConfigError(`${key}.upstream`, 'expected http:// or https:// without credentials');
  }
  if (route.secret !== undefined && !Object.hasOwn(secrets, route.secret)) {
    throw new ConfigError(`${key}.secret`, `no secret named ${JSON.stringify(route.secret)}`);
  }
  if (route.header !== undefined && !headerName.test(route.header)) {
    throw new ConfigError(`${key}.header`, `${JSON.stringify(route.header)} is not a header name`);
  }
}

/** Throws a ConfigError for the first wrong option. */
export function checkProxyOptions(options: EgressProxyOptions): void {
  const secrets = options.secrets ?? {};
  for (const [name, spec] of Object.entries(secrets)) checkSecret(name, spec);
  const names = new Set<string>();
  for (const route of options.services ?? []) {
    checkRoute(route, secrets);
    if (names.has(route.name)) throw new ConfigError('services', `${route.name} appears twice`);
    names.add(route.name);
  }
  try {
    parseRanges(options.allowedPrivateRanges ?? []);
  } catch (cause) {
    throw new ConfigError('allowedPrivateRanges', (cause as Error).message, { cause });
  }
}
