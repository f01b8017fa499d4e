import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '@airlock/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadGatewayConfig } from './load.js';

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'airlock-config-'));
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function withFile(yaml: string) {
  writeFileSync(join(dir, 'airlock.yaml'), yaml);
  return { file: 'airlock.yaml', cwd: dir, env: {} };
}

const key = 'k'.repeat(32);

describe('loadGatewayConfig', () => {
  it('has safe defaults with no file: loopback, port 8787, no keys, validation on', () => {
    const { config, file } = loadGatewayConfig({ cwd: dir, env: {} });
    expect(file).toBeUndefined();
    expect(config.server).toMatchObject({ host: '127.0.0.1', port: 8787 });
    expect(config.apiKeys).toEqual([]);
    expect(config.allowSkipValidation).toBe(false);
    expect(config.policy.paths).toEqual([]);
    expect(config.audit.dir).toBe(join(dir, '.airlock/audit'));
  });

  it('reads airlock.yaml from the working folder and resolves paths against it', () => {
    const options = withFile(`
server: { port: 9000 }
apiKeys:
  - { name: ci, key: ${key}, tenants: [demo] }
audit: { dir: logs/audit }
isolate: { workers: 3, sqlFile: data/app.sqlite }
`);
    const { config, file } = loadGatewayConfig({ cwd: options.cwd, env: {} });
    expect(file).toBe(join(dir, 'airlock.yaml'));
    expect(config.server.port).toBe(9000);
    expect(config.apiKeys).toEqual([{ name: 'ci', key, tenants: ['demo'] }]);
    expect(config.audit.dir).toBe(join(dir, 'logs/audit'));
    expect(config.isolate).toMatchObject({ workers: 3, sqlFile: join(dir, 'data/app.sqlite') });
  });

  it('lets the environment override the file, and flags override both', () => {
    const options = withFile('server: { port: 9000, host: 0.0.0.0 }\n');
    const env = { AIRLOCK_PORT: '9100', AIRLOCK_API_KEYS: `${key}:a|b, ${key}x:c` };
    const { config } = loadGatewayConfig({ ...options, env, overrides: { host: '127.0.0.2' } });
    expect(config.server).toMatchObject({ port: 9100, host: '127.0.0.2' });
    expect(config.apiKeys).toEqual([
      { name: 'AIRLOCK_API_KEYS[0]', key, tenants: ['a', 'b'] },
      { name: 'AIRLOCK_API_KEYS[1]', key: `${key}x`, tenants: ['c'] },
    ]);
  });
});

/** Each broken configuration and the key its error must name. */
const broken: { name: string; yaml?: string; env?: Record<string, string>; key: string }[] = [
  { name: 'an unknown top-level key', yaml: 'sever: {}\n', key: 'sever' },
  { name: 'an unknown nested key', yaml: 'server: { prot: 1 }\n', key: 'server.prot' },
  { name: 'a port of the wrong type', yaml: 'server: { port: "80a" }\n', key: 'server.port' },
  { name: 'a port out of range', yaml: 'server: { port: 70000 }\n', key: 'server.port' },
  { name: 'workers below 1', yaml: 'isolate: { workers: 0 }\n', key: 'isolate.workers' },
  {
    name: 'a short key',
    yaml: 'apiKeys: [{ name: a, key: short, tenants: [t] }]\n',
    key: 'apiKeys.0.key',
  },
  {
    name: 'a key with no tenants',
    yaml: `apiKeys: [{ name: a, key: ${key}, tenants: [] }]\n`,
    key: 'apiKeys.0.tenants',
  },
  {
    name: 'both key and sha256',
    yaml: `apiKeys: [{ name: a, key: ${key}, sha256: ${'a'.repeat(64)}, tenants: [t] }]\n`,
    key: 'apiKeys.0',
  },
  { name: 'a log level that does not exist', yaml: 'logLevel: loud\n', key: 'logLevel' },
  { name: 'YAML that does not parse', yaml: 'server: [\n', key: join('', 'airlock.yaml') },
  { name: 'a file that is a list', yaml: '- a\n- b\n', key: 'airlock.yaml' },
  {
    name: 'AIRLOCK_PORT that is not a number',
    env: { AIRLOCK_PORT: 'eighty' },
    key: 'AIRLOCK_PORT',
  },
  {
    name: 'AIRLOCK_API_KEYS without tenants',
    env: { AIRLOCK_API_KEYS: key },
    key: 'AIRLOCK_API_KEYS[0]',
  },
];

describe('configuration errors', () => {
  it.each(broken)('$name is a ConfigError naming $key', ({ yaml, env, key: expected }) => {
    const options = yaml === undefined ? { cwd: dir, env: {} } : withFile(yaml);
    let caught: unknown;
    try {
      loadGatewayConfig({ ...options, env: env ?? {} });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    const error = caught as ConfigError;
    expect(String(error.context.key)).toContain(expected);
    expect(error.hint?.length).toBeGreaterThan(10);
  });

  it('refuses a --config file that does not exist', () => {
    expect(() => loadGatewayConfig({ file: 'missing.yaml', cwd: dir, env: {} })).toThrow(
      /missing.yaml: no such file/,
    );
  });
});
