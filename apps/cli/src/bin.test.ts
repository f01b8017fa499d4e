import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { airlockSync, buildCli, repoRoot, stackFrame } from './bin-helpers.js';
import { cleanCode, leakyCode, tempProject } from './test-helpers.js';

/**
 * The real command: the built bin/airlock.js in a child process, as CI runs it. These
 * tests own what only a process shows: its exit status, standard input, and that no
 * stack trace reaches the terminal.
 */

const airlock = (args: string[], cwd: string, input?: string) => airlockSync(args, cwd, { input });

beforeAll(buildCli, 180_000);

describe('bin/airlock.js', () => {
  it('exits 0 for clean code', () => {
    const result = airlock(['lint', '.'], tempProject({ 'ok.js': cleanCode }));
    expect(result).toMatchObject({ status: 0, stderr: '' });
    expect(result.stdout).toContain('0 problems');
  });

  it('exits 1 for a finding at error level', () => {
    const result = airlock(['lint', 'src'], tempProject({ 'src/leak.mjs': leakyCode }));
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('src/leak.mjs\n  1:20  error');
  });

  it('exits 2 for a usage error, with a message and no stack trace', () => {
    const result = airlock(['lint', '--format', 'yaml', 'x.js'], tempProject({}));
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("option '-f, --format <name>' argument 'yaml' is invalid");
    expect(result.stderr).not.toMatch(stackFrame);
  });

  it('exits 2 for a configuration error, naming the key', () => {
    const cwd = tempProject({ 'airlock.lint.yaml': 'rules:\n  no-eval: sometimes\n', 'a.js': '' });
    const result = airlock(['lint', 'a.js'], cwd);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(
      'airlock.lint.yaml: rules.no-eval: expected "off", "warning", "error" or { severity, options }, got "sometimes"',
    );
    expect(result.stderr).not.toMatch(stackFrame);
  });

  it('exits 2 when nothing matches', () => {
    const result = airlock(['lint', 'nothing/'], tempProject({}));
    expect(result).toMatchObject({ status: 2, stdout: '' });
    expect(result.stderr).toContain('nothing/: no such file or folder');
  });

  it('lints standard input', () => {
    const cwd = tempProject({});
    const leaky = airlock(['lint', '-', '--format', 'json'], cwd, leakyCode);
    expect(leaky.status).toBe(1);
    expect(JSON.parse(leaky.stdout).files[0]).toMatchObject({ file: '<stdin>', errors: 1 });
    expect(airlock(['lint', '-'], cwd, cleanCode).status).toBe(0);
  });

  it('prints help and version with exit 0', () => {
    const help = airlock(['--help'], tempProject({}));
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('lint [options] [inputs...]');
    const pkg = JSON.parse(readFileSync(join(repoRoot, 'apps/cli/package.json'), 'utf8'));
    expect(airlock(['--version'], tempProject({})).stdout.trim()).toBe(pkg.version);
  });

  it('runs the README demo: examples/ has findings in unsafe/ only', () => {
    const result = airlock(['lint', '--format', 'json', 'examples/'], repoRoot);
    expect(result.status).toBe(1);
    const files = JSON.parse(result.stdout).files as Array<{ file: string; errors: number }>;
    expect(files.length).toBeGreaterThanOrEqual(8);
    for (const file of files) {
      if (file.file.startsWith('examples/safe/')) expect(file).toMatchObject({ errors: 0 });
    }
    const unsafe = files.filter((f) => f.file.startsWith('examples/unsafe/') && f.errors > 0);
    expect(unsafe.length).toBeGreaterThanOrEqual(4);
  });
});
