import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { allRules, inputChecks, type JsonReport } from '@airlock/validator';
import { describe, expect, it } from 'vitest';
import { cleanCode, leakyCode, runCli, tempProject } from '../test-helpers.js';

/** process.env becomes a warning, so warnings can be produced on purpose. */
const warnConfig = 'rules:\n  no-process-env: warning\n';

describe('airlock lint: exit codes', () => {
  it('exits 0 when nothing is at error level', async () => {
    const cwd = tempProject({ 'src/ok.js': cleanCode });
    const { code, stdout, stderr } = await runCli(['lint', 'src'], cwd);
    expect(code).toBe(0);
    expect(stdout).toBe('0 problems (0 errors, 0 warnings) in 1 file\n');
    expect(stderr).toBe('');
  });

  it('exits 1 when a finding is at error level', async () => {
    const cwd = tempProject({ 'src/ok.js': cleanCode, 'src/leak.js': leakyCode });
    const { code, stdout } = await runCli(['lint', 'src'], cwd);
    expect(code).toBe(1);
    expect(stdout).toMatch(/^src\/leak\.js\n {2}1:20 {2}error {4}.*no-process-env\n/);
    expect(stdout).toContain('1 problem (1 error, 0 warnings) in 2 files');
  });

  it('exits 2 with a message for an unknown option', async () => {
    const { code, stderr } = await runCli(['lint', '--fromat', 'json', '.'], tempProject({}));
    expect(code).toBe(2);
    expect(stderr).toContain("unknown option '--fromat'");
    expect(stderr).toContain('--help');
  });

  it('exits 2 for a format it does not know, listing the ones it does', async () => {
    const cwd = tempProject({ 'a.js': cleanCode });
    const { code, stderr } = await runCli(['lint', '--format', 'xml', 'a.js'], cwd);
    expect(code).toBe(2);
    expect(stderr).toMatch(/'xml' is invalid.*text, json, sarif/s);
  });

  it('exits 2 when no file matches', async () => {
    const cwd = tempProject({ 'README.md': '# hi' });
    const { code, stderr } = await runCli(['lint', 'src/**/*.ts'], cwd);
    expect(code).toBe(2);
    expect(stderr).toContain('airlock: src/**/*.ts: no files matched');
  });

  it('exits 2 when no file is given', async () => {
    const { code, stderr } = await runCli(['lint'], tempProject({}));
    expect(code).toBe(2);
    expect(stderr).toContain('airlock: no files given');
  });

  it('exits 0 for --help and --version', async () => {
    const help = await runCli(['lint', '--help'], tempProject({}));
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--max-warnings <n>');
    const version = await runCli(['--version'], tempProject({}));
    expect(version).toEqual({ code: 0, stdout: '0.1.0\n', stderr: '' });
  });
});

describe('airlock lint: formats and output', () => {
  const files = { 'src/leak.js': leakyCode, 'src/ok.ts': cleanCode };

  it('writes JSON with every file, findings and counts', async () => {
    const { code, stdout } = await runCli(['lint', '--format', 'json', 'src'], tempProject(files));
    expect(code).toBe(1);
    const report = JSON.parse(stdout) as JsonReport;
    expect(report.summary).toMatchObject({ files: 2, errors: 1, warnings: 0 });
    expect(report.files.map((f) => f.file)).toEqual(['src/leak.js', 'src/ok.ts']);
    expect(report.files[0]?.findings[0]?.ruleId).toBe('no-process-env');
  });

  it('writes SARIF with uris relative to the working directory', async () => {
    const { stdout } = await runCli(['lint', '-f', 'sarif', 'src'], tempProject(files));
    const sarif = JSON.parse(stdout);
    expect(sarif.version).toBe('2.1.0');
    const result = sarif.runs[0].results[0];
    expect(result.ruleId).toBe('no-process-env');
    expect(result.locations[0].physicalLocation.artifactLocation.uri).toBe('src/leak.js');
    expect(sarif.runs[0].tool.driver.rules).toHaveLength(allRules.length + inputChecks.length);
  });

  it('writes the report to --output, creating its folder, and a summary to stdout', async () => {
    const cwd = tempProject(files);
    const { code, stdout } = await runCli(['lint', '-f', 'sarif', '-o', 'out/a.sarif', 'src'], cwd);
    expect(code).toBe(1);
    expect(stdout).toBe('Wrote out/a.sarif: 1 problem (1 error, 0 warnings) in 2 files\n');
    const sarif = JSON.parse(readFileSync(join(cwd, 'out/a.sarif'), 'utf8'));
    expect(sarif.runs[0].results).toHaveLength(1);
  });

  it('colours text only when asked or on a terminal', async () => {
    const cwd = tempProject(files);
    expect((await runCli(['lint', 'src'], cwd)).stdout).not.toContain('\u001b[');
    expect((await runCli(['lint', 'src'], cwd, { isTTY: true })).stdout).toContain('\u001b[31m');
    expect((await runCli(['lint', '--color', 'src'], cwd)).stdout).toContain('\u001b[31m');
    const forcedOff = await runCli(['lint', '--no-color', 'src'], cwd, { isTTY: true });
    expect(forcedOff.stdout).not.toContain('\u001b[');
  });

  it('reads standard input for -, in the language given', async () => {
    const stdin = 'const port: number = Number(process.env.PORT);\n';
    const ts = await runCli(['lint', '--language', 'typescript', '-'], tempProject({}), { stdin });
    expect(ts.code).toBe(1);
    expect(ts.stdout).toMatch(/^<stdin>\n {2}1:29 {2}error/);
    const js = await runCli(['lint', '-'], tempProject({}), { stdin });
    expect(js.stdout).toContain('syntax-error');
  });

  it('reports invalid UTF-8 because files are read as bytes', async () => {
    const cwd = tempProject({ 'bad.js': new Uint8Array([0x61, 0x3d, 0xc0, 0xaf]) });
    const { code, stdout } = await runCli(['lint', 'bad.js'], cwd);
    expect(code).toBe(1);
    expect(stdout).toContain('invalid-utf8');
  });
});

describe('airlock lint: configuration', () => {
  it('applies airlock.lint.yaml from the working directory', async () => {
    const cwd = tempProject({ 'airlock.lint.yaml': warnConfig, 'a.js': leakyCode });
    const { code, stdout } = await runCli(['lint', 'a.js'], cwd);
    expect(code).toBe(0);
    expect(stdout).toContain('  1:20  warning  ');
  });

  it('applies the file given with --config', async () => {
    const cwd = tempProject({
      'ci/lint.json': '{"rules":{"no-process-env":"off"}}',
      'a.js': leakyCode,
    });
    const { code, stdout } = await runCli(['lint', '--config', 'ci/lint.json', 'a.js'], cwd);
    expect(code).toBe(0);
    expect(stdout).toBe('0 problems (0 errors, 0 warnings) in 1 file\n');
  });

  it('exits 2 naming the file and key of a wrong setting', async () => {
    const cwd = tempProject({ 'bad.yaml': 'limits:\n  maxLines: many\n', 'a.js': cleanCode });
    const { code, stdout, stderr } = await runCli(['lint', '-c', 'bad.yaml', 'a.js'], cwd);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^airlock: bad\.yaml: limits\.maxLines: /);
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it('exits 2 naming a rule id that does not exist', async () => {
    const cwd = tempProject({ 'airlock.lint.yaml': 'rules:\n  no-magic: error\n', 'a.js': '' });
    const { code, stderr } = await runCli(['lint', 'a.js'], cwd);
    expect(code).toBe(2);
    expect(stderr).toContain(
      'airlock.lint.yaml: rules.no-magic: there is no rule named "no-magic"',
    );
    expect(stderr).toContain('--list-rules');
  });

  it('exits 2 naming a rule option that is misspelt or of the wrong kind', async () => {
    const misspelt = 'rules:\n  no-unknown-packages:\n    options:\n      alow: [zod]\n';
    const first = await runCli(
      ['lint', 'a.js'],
      tempProject({ 'airlock.lint.yaml': misspelt, 'a.js': '' }),
    );
    expect(first.code).toBe(2);
    expect(first.stderr).toContain('airlock.lint.yaml: rules.no-unknown-packages.options.alow:');
    expect(first.stderr).toContain('takes allow');

    const notList = 'rules:\n  no-unknown-packages:\n    options:\n      allow: zod\n';
    const second = await runCli(
      ['lint', 'a.js'],
      tempProject({ 'airlock.lint.yaml': notList, 'a.js': '' }),
    );
    expect(second.code).toBe(2);
    expect(second.stderr).toContain('options.allow: expected a list of strings, got "zod"');
  });

  it('exits 2 when the --config file cannot be read', async () => {
    const { code, stderr } = await runCli(['lint', '-c', 'nope.yml', 'x.js'], tempProject({}));
    expect(code).toBe(2);
    expect(stderr).toContain('nope.yml: cannot read the configuration file');
  });
});

describe('airlock lint: --max-warnings', () => {
  const files = { 'airlock.lint.yaml': warnConfig, 'a.js': leakyCode, 'b.js': leakyCode };

  it('passes while warnings stay within the limit', async () => {
    const { code, stderr } = await runCli(['lint', '--max-warnings', '2', '.'], tempProject(files));
    expect(code).toBe(0);
    expect(stderr).toBe('');
  });

  // Boundary: one warning over the limit fails.
  it('fails with a message when warnings exceed it', async () => {
    const { code, stderr } = await runCli(['lint', '--max-warnings', '1', '.'], tempProject(files));
    expect(code).toBe(1);
    expect(stderr).toBe('airlock: 2 warnings, more than --max-warnings 1 allows.\n');
  });

  // Boundary: 0 allows no warning at all, and passes when there is none.
  it('treats --max-warnings 0 as no warnings allowed', async () => {
    const clean = await runCli(
      ['lint', '--max-warnings', '0', 'a.js'],
      tempProject({ 'a.js': cleanCode }),
    );
    expect(clean.code).toBe(0);
    const warned = await runCli(['lint', '--max-warnings', '0', 'a.js'], tempProject(files));
    expect(warned.code).toBe(1);
    expect(warned.stderr).toContain('more than --max-warnings 0 allows');
  });

  it('still exits 1 for an error when warnings are within the limit', async () => {
    const { code } = await runCli(
      ['lint', '--max-warnings', '99', 'a.js'],
      tempProject({ 'a.js': leakyCode }),
    );
    expect(code).toBe(1);
  });

  it('exits 2 for a value that is not a whole number', async () => {
    for (const value of ['-1', 'ten', '1.5']) {
      const { code, stderr } = await runCli(
        ['lint', '--max-warnings', value, '.'],
        tempProject(files),
      );
      expect(code).toBe(2);
      expect(stderr).toContain('expected a whole number');
    }
  });
});

describe('airlock lint --list-rules', () => {
  it('lists every rule and input check, read from the validator', async () => {
    const { code, stdout } = await runCli(['lint', '--list-rules'], tempProject({}));
    expect(code).toBe(0);
    for (const rule of allRules) expect(stdout).toContain(`  ${rule.meta.id} `);
    for (const check of inputChecks) expect(stdout).toContain(`  ${check.id} `);
  });

  it('lists them as JSON with --format json', async () => {
    const { stdout } = await runCli(['lint', '--list-rules', '-f', 'json'], tempProject({}));
    const listed = JSON.parse(stdout);
    expect(listed.rules).toHaveLength(allRules.length);
    expect(listed.inputChecks.map((c: { id: string }) => c.id)).toContain('syntax-error');
  });
});
