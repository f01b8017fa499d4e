import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { AuditRecord } from '@airlock/audit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { airlockAsync, buildCli } from '../bin-helpers.js';
import { startHttpUpstream, type TestUpstream } from '../../../../libs/egress/src/test-helpers.js';
import { tempProject } from '../test-helpers.js';

/**
 * `airlock run` writes its audit trail: the built bin in a child process, then
 * `airlock audit verify` and `airlock audit query` read back what it wrote. The egress
 * case fetches from a loopback upstream started here, with a secret that must never
 * reach any file in the audit folder.
 */
const secretValue = 'audit-canary-5c81f0aa';

const airlock = (args: string[], cwd: string, env: Record<string, string> = {}) =>
  airlockAsync(args, cwd, { env: { TMPDIR: cwd, ...env }, unset: ['AIRLOCK_AUDIT_DIR'] });

/** `airlock audit query --json` for `dir`, as records. */
async function query(dir: string, cwd: string, args: string[]): Promise<AuditRecord[]> {
  const ran = await airlock(['audit', 'query', '--json', '--dir', dir, ...args], cwd);
  expect(ran.stderr).toBe('');
  expect(ran.status).toBe(0);
  return ran.stdout
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as AuditRecord);
}

/** Every file under `dir`, recursively. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

let upstream: TestUpstream;

beforeAll(async () => {
  buildCli();
  upstream = await startHttpUpstream((req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end(`seen ${req.headers.authorization ?? 'no credentials'}`);
  });
}, 300_000);

afterAll(async () => {
  await upstream?.close();
});

const allowedCode = 'export default () => "audited run";\n';
const deniedCode = 'export default () => eval("6 * 7");\n';

describe('airlock run: the audit trail', () => {
  it('records an allowed and a denied run in AIRLOCK_AUDIT_DIR, with their code', async () => {
    const cwd = tempProject({ 'ok.js': allowedCode, 'deny.js': deniedCode });
    const dir = join(cwd, 'elsewhere/audit');
    const env = { AIRLOCK_AUDIT_DIR: dir };
    const tenant = 'audited-tenant';

    expect((await airlock(['run', 'ok.js', '--tenant', tenant], cwd, env)).status).toBe(0);
    expect((await airlock(['run', 'deny.js', '--tenant', tenant], cwd, env)).status).toBe(1);

    const verified = await airlock(['audit', 'verify', '--dir', dir], cwd);
    expect(verified.stderr).toBe('');
    expect(verified.status).toBe(0);
    const records = await query(dir, cwd, ['--tenant', tenant]);
    expect(records).toMatchObject([
      { kind: 'execution', outcome: 'ok', decision: { allow: true } },
      {
        kind: 'execution',
        outcome: 'denied',
        decision: { allow: false },
        detail: { findings: [{ ruleId: 'no-eval', count: 1 }] },
      },
    ]);
    expect(records[1]?.decision?.reasons[0]).toMatch(/^validator: no-eval/);
    const codes = records.map((record) => readFileSync(join(dir, 'code', record.codeHash ?? '')));
    expect(codes.map((code) => code.toString('utf8'))).toEqual([allowedCode, deniedCode]);
    expect(existsSync(join(cwd, '.airlock'))).toBe(false);
  });

  it('writes to .airlock/audit under the working folder by default', async () => {
    const cwd = tempProject({ 'ok.js': allowedCode });
    expect((await airlock(['run', 'ok.js', '--tenant', 'by-default'], cwd)).status).toBe(0);

    const records = await query(join(cwd, '.airlock/audit'), cwd, ['--tenant', 'by-default']);
    expect(records).toMatchObject([{ kind: 'execution', outcome: 'ok' }]);
  });

  it('records egress without the query string and never writes the secret', async () => {
    const cwd = tempProject({
      'fetch.js': `export default async (input, env) => {
  const response = await env.fetch.request('http://127.0.0.1:${upstream.port}/reports/7?q=private-words');
  return response.body;
};
`,
    });
    const dir = join(cwd, 'flagged');
    const flags = [
      '--audit-dir',
      dir,
      '--allow-host',
      `127.0.0.1:${upstream.port}`,
      '--allow-private',
      '127.0.0.1/32',
      '--secret',
      'TOKEN=MY_ENV@127.0.0.1',
    ];
    const env = { MY_ENV: secretValue, AIRLOCK_AUDIT_DIR: join(cwd, 'not-this-one') };
    const ran = await airlock(['run', 'fetch.js', '--tenant', 'egress-tenant', ...flags], cwd, env);
    expect(ran.stderr).toBe('');
    expect(JSON.parse(ran.stdout)).toMatchObject({
      status: 'ok',
      value: `seen Bearer ${secretValue}`,
    });
    // Even a secret that reached an event (here as the tenant) is scrubbed by the sink.
    const leaky = await airlock(['run', 'fetch.js', '--tenant', secretValue, ...flags], cwd, env);
    expect(leaky.status).toBe(0);

    const [egress] = await query(dir, cwd, ['--tenant', 'egress-tenant', '--kind', 'egress']);
    expect(egress).toMatchObject({
      outcome: 'allowed',
      egress: { method: 'GET', host: '127.0.0.1', port: upstream.port, path: '/reports/7' },
    });
    expect(egress?.executionId).toBeDefined();
    expect(existsSync(join(cwd, 'not-this-one'))).toBe(false);
    const files = filesUnder(dir);
    expect(files.some((file) => file.endsWith('.jsonl'))).toBe(true);
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      expect(text).not.toContain(secretValue);
      if (file.endsWith('.jsonl')) expect(text).not.toContain('private-words');
    }
    expect((await airlock(['audit', 'verify', '--dir', dir], cwd)).status).toBe(0);
  });

  it('exits 2 and runs nothing when the audit folder cannot be opened', async () => {
    const cwd = tempProject({ 'ok.js': allowedCode, 'a-file': 'not a folder' });
    const ran = await airlock(['run', 'ok.js', '--tenant', 't', '--audit-dir', 'a-file'], cwd);

    expect(ran.status).toBe(2);
    expect(ran.stderr).toMatch(/the audit folder .*a-file cannot be opened/);
    expect(ran.stdout).toBe('');
  });
});
