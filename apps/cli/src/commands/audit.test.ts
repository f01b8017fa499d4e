import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { JsonlAuditSink, type AuditRecord } from '@airlock/audit';
import type { AuditEvent } from '@airlock/core';
import { describe, expect, it } from 'vitest';
import { bin, buildCli } from '../bin-helpers.js';
import { main } from '../main.js';
import { captureIo, runCli, tempProject } from '../test-helpers.js';

function event(id: string, overrides: Partial<AuditEvent> = {}): AuditEvent {
  return {
    id,
    time: new Date().toISOString(),
    kind: 'execution',
    tenant: 'acme',
    executionId: `exec-${id}`,
    outcome: 'ok',
    durationMs: 4,
    ...overrides,
  };
}

const sample = [
  event('e1'),
  event('e2', { outcome: 'denied', time: '2020-01-01T00:00:00.000Z' }),
  event('e3', { tenant: 'beta' }),
  event('e4', {
    kind: 'egress',
    outcome: 'refused',
    egress: {
      route: 'forward',
      method: 'GET',
      host: '10.0.0.1',
      port: 80,
      path: '/',
      status: 403,
      bytesIn: 0,
      bytesOut: 0,
      rule: 'ssrf:private',
    },
  }),
  event('e5'),
];

/** A project folder whose audit log (in `dir`, default .airlock/audit) holds `sample`. */
async function projectWithLog(dir = '.airlock/audit', maxFileBytes = 1_024) {
  const cwd = tempProject({});
  const sink = await JsonlAuditSink.open({ dir: join(cwd, dir), maxFileBytes });
  for (const item of sample) await sink.record(item);
  await sink.close();
  return cwd;
}

async function runWithEnv(args: string[], cwd: string, env: Record<string, string>) {
  const captured = captureIo(cwd);
  const code = await main(['node', 'airlock', ...args], { ...captured.io, env });
  return { code, stdout: captured.stdout(), stderr: captured.stderr() };
}

describe('airlock audit verify', () => {
  it('exits 0 for an intact log in .airlock/audit, over every rotated file', async () => {
    const cwd = await projectWithLog();
    const result = await runCli(['audit', 'verify'], cwd);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toMatch(/^ok: 5 records in [2-9] files, chain intact\n$/);
  });

  it('reads AIRLOCK_AUDIT_DIR, and --dir over it', async () => {
    const cwd = await projectWithLog('logs/audit');
    const fromEnv = await runWithEnv(['audit', 'verify'], cwd, { AIRLOCK_AUDIT_DIR: 'logs/audit' });
    expect(fromEnv.code).toBe(0);
    const fromFlag = await runWithEnv(['audit', 'verify', '--dir', 'logs/audit'], cwd, {
      AIRLOCK_AUDIT_DIR: 'nowhere',
    });
    expect(fromFlag.code).toBe(0);
  });

  it('exits 1 naming the file and line of an edited record', async () => {
    const cwd = await projectWithLog('.airlock/audit', 1_000_000);
    const file = join(cwd, '.airlock/audit/audit-000001.jsonl');
    writeFileSync(file, readFileSync(file, 'utf8').replace('"tenant":"beta"', '"tenant":"acme"'));
    const result = await runCli(['audit', 'verify'], cwd);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe(
      '.airlock/audit/audit-000001.jsonl:3: hash does not match the record: it was edited\n' +
        '2 records verified before it\n',
    );
  });

  it('verifies the files named, in the order given', async () => {
    const cwd = await projectWithLog('.airlock/audit', 1_000_000);
    const lines = readFileSync(join(cwd, '.airlock/audit/audit-000001.jsonl'), 'utf8').split('\n');
    writeFileSync(join(cwd, 'cut.jsonl'), [...lines.slice(0, 2), ...lines.slice(3)].join('\n'));
    const ok = await runCli(['audit', 'verify', '.airlock/audit/audit-000001.jsonl'], cwd);
    expect(ok.code).toBe(0);
    const cut = await runCli(['audit', 'verify', 'cut.jsonl'], cwd);
    expect(cut).toMatchObject({ code: 1 });
    expect(cut.stdout).toMatch(/^cut\.jsonl:3: seq 4 where 3 was expected: records were removed\n/);
  });

  it.each([
    [['audit', 'verify'], /no audit files \(audit-\*\.jsonl\) to verify/],
    [['audit', 'verify', 'missing.jsonl'], /missing\.jsonl: no such file/],
  ])('exits 2 for %j with nothing to verify', async (args, message) => {
    const result = await runCli(args, tempProject({}));
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
  });
});

describe('airlock audit tail', () => {
  it('prints the last N records, as text or JSON lines', async () => {
    const cwd = await projectWithLog();
    const text = await runCli(['audit', 'tail', '-n', '2'], cwd);
    expect(text.code).toBe(0);
    const lines = text.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(
      /^\S+Z #4 egress {4}refused {2}tenant=acme execution=exec-e4 GET 10\.0\.0\.1:80\/ 403 rule=ssrf:private 4ms$/,
    );
    const json = await runCli(['audit', 'tail', '--lines', '3', '--json'], cwd);
    const ids = json.stdout
      .trimEnd()
      .split('\n')
      .map((l) => (JSON.parse(l) as AuditRecord).id);
    expect(ids).toEqual(['e3', 'e4', 'e5']);
  });

  it('with --follow prints records written later, and stops on SIGINT', async () => {
    buildCli();

    const cwd = await projectWithLog();
    const args = [bin, 'audit', 'tail', '-n', '1', '-f', '--json'];
    const child = spawn(process.execPath, args, { cwd });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const printed = (id: string) =>
      new Promise<void>((resolve, reject) => {
        child.stdout.on('data', () => stdout.includes(`"${id}"`) && resolve());
        child.on('exit', () => reject(new Error(`airlock exited early: ${stderr}`)));
      });
    // The tail is printed after the follow position is taken: write only once it is out.
    const sawTail = printed('e5');
    const sawLate = printed('late-2');
    await sawTail;
    const sink = await JsonlAuditSink.open({
      dir: join(cwd, '.airlock/audit'),
      maxFileBytes: 1_024,
    });
    for (const id of ['late-1', 'late-2']) await sink.record(event(id));
    await sink.close();
    await sawLate;
    child.kill('SIGINT');
    const code = await new Promise((resolve) => child.on('exit', resolve));
    expect(code).toBe(0);
    const ids = stdout
      .trimEnd()
      .split('\n')
      .map((l) => (JSON.parse(l) as AuditRecord).id);
    expect(ids).toEqual(['e5', 'late-1', 'late-2']);
  }, 60_000);
});

describe('airlock audit query', () => {
  it.each([
    [
      ['--tenant', 'acme'],
      ['e1', 'e2', 'e4', 'e5'],
    ],
    [['--kind', 'egress'], ['e4']],
    [['--outcome', 'denied'], ['e2']],
    [
      ['--tenant', 'acme', '--since', '1h'],
      ['e1', 'e4', 'e5'],
    ],
    [['--until', '2021-01-01T00:00:00Z'], ['e2']],
    [['--execution', 'exec-e3'], ['e3']],
    [
      ['--limit', '2'],
      ['e1', 'e2'],
    ],
  ])('%j → %j', async (filters, expected) => {
    const cwd = await projectWithLog();
    const result = await runCli(['audit', 'query', ...filters, '--json'], cwd);
    expect(result.code).toBe(0);
    const ids = result.stdout
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => (JSON.parse(line) as AuditRecord).id);
    expect(ids).toEqual(expected);
  });

  it('prints text lines and a count on stderr without --json', async () => {
    const cwd = await projectWithLog();
    const result = await runCli(['audit', 'query', '--outcome', 'denied'], cwd);
    expect(result.stdout).toMatch(/^2020-01-01T00:00:00\.000Z #2 execution denied {3}tenant=acme/);
    expect(result.stderr).toBe('1 records\n');
  });

  it.each([
    [['--since', 'last tuesday'], /--since last tuesday: not a time or a duration/],
    [['--kind', 'party'], /argument 'party' is invalid/],
    [['--limit', '-3'], /expected a whole number/],
  ])('exits 2 for %j', async (args, message) => {
    const result = await runCli(['audit', 'query', ...args], await projectWithLog());
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
  });
});
