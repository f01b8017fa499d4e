import { beforeAll, describe, expect, it } from 'vitest';
import { airlockSync, buildCli, repoRoot, stackFrame } from '../bin-helpers.js';
import { tempProject } from '../test-helpers.js';

/** `airlock policy test` and `airlock policy eval`, run as the built bin in a child process. */

const airlock = (args: string[], cwd: string, input?: string) => airlockSync(args, cwd, { input });

beforeAll(buildCli, 180_000);

const policy = `package p

import rego.v1

default allow := false

allow if input.user == "admin"

names contains n if some n in data.users

conflict := 1 if true

conflict := 2 if true
`;

const tests = `package p_test

import rego.v1

import data.p

test_admin_allowed if p.allow with input as {"user": "admin"}

test_guest_allowed if p.allow with input as {"user": "guest"}

test_conflict if p.conflict
`;

describe('airlock policy test', () => {
  it('exits 0 when every test passes: the default policies', () => {
    const result = airlock(['policy', 'test', 'policies'], repoRoot);
    expect(result).toMatchObject({ status: 0, stderr: '' });
    expect(result.stdout).toMatch(/^PASS data\.airlock_test\.test_\w+ \(\d+\.\dms\)$/m);
    expect(result.stdout).toMatch(/^\d+ passed, 0 failed\n$/m);
  });

  it('exits 1 with a line per test when one fails or errors', () => {
    const cwd = tempProject({ 'p.rego': policy, 'p_test.rego': tests });
    const result = airlock(['policy', 'test', '.'], cwd);
    expect(result.status).toBe(1);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines.map((l) => l.replace(/ \(\d+\.\dms\)/, ''))).toEqual([
      'PASS data.p_test.test_admin_allowed',
      'FAIL data.p_test.test_guest_allowed',
      expect.stringMatching(/^ERROR data\.p_test\.test_conflict: .*eval_conflict_error/),
      '1 passed, 2 failed',
    ]);
  });

  const usage: Array<{
    name: string;
    files: Record<string, string>;
    args: string[];
    error: string;
  }> = [
    {
      name: 'a parse error, with file:line:col',
      files: { 'bad.rego': 'package p\n\nallow if {\n' },
      args: ['.'],
      error: 'bad.rego:4:1: rego_parse_error',
    },
    {
      name: 'a compile error, with file:line:col',
      files: { 'bad.rego': 'package p\n\nallow if nope(1)\n' },
      args: ['.'],
      error: 'bad.rego:3:10: rego_compile_error',
    },
    { name: 'a missing path', files: {}, args: ['nowhere'], error: 'nowhere: no such file' },
    {
      name: 'a folder without tests',
      files: { 'p.rego': policy },
      args: ['.'],
      error: 'no tests found',
    },
  ];

  it.each(usage)('exits 2 for $name', ({ files, args, error }) => {
    const result = airlock(['policy', 'test', ...args], tempProject(files));
    expect(result).toMatchObject({ status: 2, stdout: '' });
    expect(result.stderr).toContain(error);
    expect(result.stderr).not.toMatch(stackFrame);
  });
});

describe('airlock policy eval', () => {
  const files = {
    'p.rego': policy,
    'users.yaml': 'users: [ana, bo]\n',
    'input.json': '{"user": "admin"}',
  };

  const valid: Array<{ name: string; args: string[]; stdout: unknown }> = [
    { name: 'a rule', args: ['-i', 'input.json', 'data.p.allow'], stdout: true },
    { name: 'a set from data', args: ['data.p.names'], stdout: ['ana', 'bo'] },
    {
      // Boundary: an integer beyond 2^53 keeps every digit.
      name: 'a big integer',
      args: ['9007199254740993 + 0'],
      stdout: 'RAW:9007199254740993',
    },
    {
      // Boundary: a decimal beyond float64 keeps every digit too.
      name: 'a long decimal',
      args: ['123456789012345678901234567890.5 + 0'],
      stdout: 'RAW:1.234567890123456789012345678905e+29',
    },
    {
      // Keys in OPA's (string) order: "10" before "9", which a JavaScript object reverses.
      name: 'an object with numeric-looking keys',
      args: ['{"9": 1, "10": 2}'],
      stdout: 'RAW:{\n  "10": 2,\n  "9": 1\n}',
    },
    {
      name: 'a query with variables: its solutions',
      args: ['some i; data.users[i] == "bo"'],
      stdout: [{ i: 1 }],
    },
    { name: 'a query without variables that holds', args: ['1 < 2; true'], stdout: true },
    { name: 'input from standard input', args: ['-i', '-', 'input.user'], stdout: 'admin' },
  ];

  it.each(valid)('exits 0 and prints $name as JSON', ({ args, stdout }) => {
    const result = airlock(
      ['policy', 'eval', '-p', 'p.rego', '-d', 'users.yaml', ...args],
      tempProject(files),
      '{"user": "admin"}',
    );
    expect(result).toMatchObject({ status: 0, stderr: '' });
    if (typeof stdout === 'string' && stdout.startsWith('RAW:')) {
      expect(result.stdout).toBe(`${stdout.slice(4)}\n`);
    } else {
      expect(JSON.parse(result.stdout)).toEqual(stdout);
    }
  });

  it.each([
    ['an undefined query', ['data.p.nothing'], 'undefined\n'],
    ['a false comparison', ['data.p.allow == true; true'], 'undefined\n'],
    ['an evaluation error', ['data.p.conflict'], 'eval_conflict_error'],
  ])('exits 1 for %s', (_name, args, stderr) => {
    const result = airlock(['policy', 'eval', '-p', '.', ...args], tempProject(files));
    expect(result).toMatchObject({ status: 1, stdout: '' });
    expect(result.stderr).toContain(stderr);
  });

  it.each([
    ['a query that does not parse', ['-p', 'p.rego', 'x := '], 'query:1:'],
    ['a policy that does not compile', ['-p', 'bad/bad.rego', 'data.p'], 'bad/bad.rego:3:10:'],
    ['no --policy', ['data.p'], "required option '-p, --policy <path>'"],
    ['a data file that is not JSON or YAML', ['-p', '.', '-d', 'p.rego', 'x'], 'not a JSON'],
    ['a missing input file', ['-p', '.', '-i', 'none.json', 'x'], '--input none.json'],
  ])('exits 2 for %s', (_name, args, stderr) => {
    const cwd = tempProject({ ...files, 'bad/bad.rego': 'package p\n\nallow if nope(1)\n' });
    const result = airlock(['policy', 'eval', ...args], cwd);
    expect(result).toMatchObject({ status: 2, stdout: '' });
    expect(result.stderr).toContain(stderr);
    expect(result.stderr).not.toMatch(stackFrame);
  });
});
