import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { airlockAsync, buildCli, repoRoot, stackFrame } from '../bin-helpers.js';
import { tempProject } from '../test-helpers.js';

/**
 * `airlock run`, as the built bin in a child process: the real validator, the default
 * policy (tenant `demo` has kv and fetch; any other tenant has log only) or a policy
 * folder of the test's own, and real isolate worker processes. TMPDIR points into the
 * test's folder, so the default kv file is the test's own too.
 */

/** Asynchronous, so the tests of one group can run their processes side by side. */
const airlock = (args: string[], cwd: string) => airlockAsync(args, cwd, { env: { TMPDIR: cwd } });

beforeAll(buildCli, 300_000);

const counter = `export default async (input, env) => {
  const n = (await env.kv.get('n')) ?? 0;
  await env.kv.put('n', n + 1);
  return n + 1;
};
`;

/** The default decision.rego with two tenants of our own that may use kv and sql. */
function policyFolder(): Record<string, string> {
  const rego = readFileSync(join(repoRoot, 'policies/airlock/decision.rego'), 'utf8');
  const settings = `tiers:
  default:
    executors: [isolate]
    capabilities: [log]
    hosts: []
    secrets: {}
    limits: { timeoutMs: 1000, wallTimeMs: 5000, memoryMb: 64 }
tenants:
  alpha: { capabilities: [log, kv, sql] }
  beta: { capabilities: [log, kv, sql] }
`;
  return { 'policy/decision.rego': rego, 'policy/settings.yaml': settings };
}

describe('airlock run: answers', () => {
  const cwd = tempProject({
    'add.js': 'export default (input) => input.a + input.b;\n',
    'mul.ts': 'export default (input: { a: number; b: number }): number => input.a * input.b;\n',
    'leak.js': 'export default () => process.env.HOME;\n',
    'peek.js': 'export default () => typeof process;\n',
    'spin.js':
      'export default () => { const end = Date.now() + 5000; while (Date.now() < end) {} };\n',
    'counter.js': counter,
  });

  it('exits 0 and prints the result as JSON for an ok run with input', async () => {
    const ran = await airlock(
      ['run', 'add.js', '--tenant', 'demo', '--input', '{"a":2,"b":3}'],
      cwd,
    );
    expect(ran).toMatchObject({ status: 0, stderr: '' });
    const result = JSON.parse(ran.stdout);
    expect(result).toMatchObject({ status: 'ok', value: 5, findings: [] });
    expect(result.decision).toMatchObject({ allow: true, executor: 'isolate' });
  });

  it('runs TypeScript, the language taken from the extension', async () => {
    const ran = await airlock(['run', 'mul.ts', '--tenant', 't', '--input', '{"a":6,"b":7}'], cwd);
    expect(ran.status).toBe(0);
    expect(JSON.parse(ran.stdout).value).toBe(42);
  });

  it('exits 1 for code the validator blocks, with the reasons', async () => {
    const ran = await airlock(['run', 'leak.js', '--tenant', 'demo'], cwd);
    expect(ran.status).toBe(1);
    const result = JSON.parse(ran.stdout);
    expect(result.status).toBe('denied');
    expect(result.decision.reasons[0]).toMatch(/^validator: no-process-env: /);
  });

  it('exits 1 for a capability outside the tenant tier, with the reason', async () => {
    const ran = await airlock(['run', 'add.js', '--tenant', 'nobody', '--capability', 'kv'], cwd);
    expect(ran.status).toBe(1);
    expect(JSON.parse(ran.stdout).decision.reasons).toEqual([
      'capability "kv" is not granted to tenant "nobody"',
    ]);
  });

  it('exits 1 for the container executor, which airlock run does not start', async () => {
    const ran = await airlock(
      ['run', 'add.js', '--tenant', 'demo', '--executor', 'container'],
      cwd,
    );
    expect(ran.status).toBe(1);
    expect(JSON.parse(ran.stdout).decision.reasons).toEqual([
      'the container executor is not enabled here',
    ]);
  });

  it('exits 1 for a timeout', async () => {
    const ran = await airlock(['run', 'spin.js', '--tenant', 't', '--timeout-ms', '100'], cwd);
    expect(ran.status).toBe(1);
    const result = JSON.parse(ran.stdout);
    expect(result.status).toBe('timeout');
    expect(result.decision.limits.timeoutMs).toBe(100);
  });

  it('skips the validator with --no-validate; the isolate has no process anyway', async () => {
    const ran = await airlock(['run', 'peek.js', '--tenant', 't', '--no-validate'], cwd);
    expect(ran.status).toBe(0);
    expect(JSON.parse(ran.stdout)).toMatchObject({ value: 'undefined', findings: [] });
  });
});

describe.concurrent('airlock run: usage errors exit 2, with a message and no stack trace', () => {
  const cwd = tempProject({ 'add.js': 'export default () => 1;\n', 'page.html': '<p>' });
  const cases = [
    {
      name: 'bad JSON in --input names the option and the JSON error',
      args: ['add.js', '--tenant', 't', '--input', '{a:1}'],
      message: /^airlock: --input: not valid JSON \(Expected property name .*position 1/,
    },
    {
      name: 'an unknown file',
      args: ['nope.js', '--tenant', 't'],
      message: /nope\.js: no such file/,
    },
    {
      name: 'an extension with no known language',
      args: ['page.html', '--tenant', 't'],
      message: /page\.html: cannot tell the language from the extension/,
    },
    {
      name: 'an unknown executor',
      args: ['add.js', '--tenant', 't', '--executor', 'docker'],
      message: /argument 'docker' is invalid\. Allowed choices are auto, isolate, container/,
    },
    {
      name: 'a fractional number',
      args: ['add.js', '--tenant', 't', '--timeout-ms', '1.5'],
      message: /--timeout-ms <n>' argument '1\.5' is invalid/,
    },
    // Boundary: 0 would mean no budget at all.
    {
      name: 'zero',
      args: ['add.js', '--tenant', 't', '--memory-mb', '0'],
      message: /--memory-mb <n>' argument '0' is invalid/,
    },
    { name: 'no tenant', args: ['add.js'], message: /required option '-t, --tenant <id>'/ },
    {
      name: 'a missing --sql-db file',
      args: ['add.js', '--tenant', 't', '--sql-db', 'missing.sqlite'],
      message: /--sql-db missing\.sqlite: no such file/,
    },
    {
      name: 'a missing --policy folder',
      args: ['add.js', '--tenant', 't', '--policy', 'no-policy'],
      message: /no-policy: no such file or folder/,
    },
  ];

  it.each(cases)('$name', async ({ args, message }) => {
    const ran = await airlock(['run', ...args], cwd);
    expect(ran).toMatchObject({ status: 2, stdout: '' });
    expect(ran.stderr).toMatch(message);
    expect(ran.stderr).not.toMatch(stackFrame);
  });
});

describe('airlock run: capabilities', () => {
  it('keeps kv per tenant across runs with the same --kv-db', async () => {
    const cwd = tempProject({ 'counter.js': counter, ...policyFolder() });
    const run = async (tenant: string) => {
      const args = [
        'run',
        'counter.js',
        '--tenant',
        tenant,
        '--policy',
        'policy',
        '--kv-db',
        'kv.db',
      ];
      const ran = await airlock(args, cwd);
      expect(ran.stderr).toBe('');
      return JSON.parse(ran.stdout).value as number;
    };

    expect(await run('alpha')).toBe(1);
    expect(await run('alpha')).toBe(2);
    // Another tenant, the same file: its own counter.
    expect(await run('beta')).toBe(1);
    expect(await run('alpha')).toBe(3);
  });

  it('keeps kv in the temp folder without --kv-db', async () => {
    const cwd = tempProject({ 'counter.js': counter });
    const first = await airlock(['run', 'counter.js', '--tenant', 'demo'], cwd);
    const second = await airlock(['run', 'counter.js', '--tenant', 'demo'], cwd);
    expect([JSON.parse(first.stdout).value, JSON.parse(second.stdout).value]).toEqual([1, 2]);
  });

  it('queries an empty in-memory database with sql when no --sql-db is given', async () => {
    const code = `export default async (input, env) => {
  const one = await env.sql.query('SELECT 1 AS one');
  let missing = '';
  try { await env.sql.query('SELECT * FROM users'); } catch (error) { missing = error.message; }
  return { rows: one.rows, missing };
};
`;
    const cwd = tempProject({ 'query.js': code, ...policyFolder() });
    const ran = await airlock(['run', 'query.js', '--tenant', 'alpha', '--policy', 'policy'], cwd);
    expect(ran.status).toBe(0);
    const { value } = JSON.parse(ran.stdout);
    expect(value.rows).toEqual([{ one: 1 }]);
    expect(value.missing).toMatch(/no such table: users/);
  });
});

describe('airlock run: --sql-db', () => {
  it('queries the SQLite file given, read-only', async () => {
    // The kv file a first run writes is a real SQLite database for the second to read.
    const reader = `export default async (input, env) => {
  const { rows } = await env.sql.query("SELECT count(*) AS tables FROM sqlite_schema WHERE type = 'table'");
  let refused = '';
  try { await env.sql.query('DROP TABLE kv'); } catch (error) { refused = error.message; }
  return { tables: rows[0].tables, refused };
};
`;
    const cwd = tempProject({ 'counter.js': counter, 'reader.js': reader, ...policyFolder() });
    const policy = ['--tenant', 'alpha', '--policy', 'policy'];
    expect(
      (await airlock(['run', 'counter.js', ...policy, '--kv-db', 'data.db'], cwd)).status,
    ).toBe(0);

    const ran = await airlock(['run', 'reader.js', ...policy, '--sql-db', 'data.db'], cwd);
    expect(ran.status).toBe(0);
    const { value } = JSON.parse(ran.stdout);
    expect(value.tables).toBeGreaterThan(0);
    expect(value.refused).not.toBe('');
  });
});
