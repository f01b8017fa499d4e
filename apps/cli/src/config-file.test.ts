import { ConfigError } from '@airlock/core';
import { describe, expect, it } from 'vitest';
import { loadConfig } from './config-file.js';
import { tempProject } from './test-helpers.js';

async function loadError(explicit: string | undefined, cwd: string): Promise<ConfigError> {
  const error = await loadConfig(explicit, cwd).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ConfigError);
  return error as ConfigError;
}

describe('loadConfig', () => {
  it('returns an empty configuration when there is no file', async () => {
    expect(await loadConfig(undefined, tempProject({}))).toEqual({ config: {}, source: undefined });
  });

  it('finds airlock.lint.yaml in the working directory', async () => {
    const cwd = tempProject({ 'airlock.lint.yaml': 'rules:\n  no-eval: warning\n' });
    expect(await loadConfig(undefined, cwd)).toEqual({
      config: { rules: { 'no-eval': 'warning' } },
      source: 'airlock.lint.yaml',
    });
  });

  it('prefers .yaml over .yml over .json', async () => {
    const cwd = tempProject({
      'airlock.lint.yml': 'limits: { maxLines: 5 }\n',
      'airlock.lint.json': '{ "limits": { "maxLines": 9 } }',
    });
    expect((await loadConfig(undefined, cwd)).source).toBe('airlock.lint.yml');
  });

  it('reads JSON and an explicit path relative to the working directory', async () => {
    const cwd = tempProject({ 'ci/lint.json': '{ "limits": { "maxBytes": 1000 } }' });
    const loaded = await loadConfig('ci/lint.json', cwd);
    expect(loaded).toEqual({ config: { limits: { maxBytes: 1000 } }, source: 'ci/lint.json' });
  });

  it('treats an empty YAML file as no settings', async () => {
    const cwd = tempProject({ 'airlock.lint.yaml': '' });
    expect((await loadConfig(undefined, cwd)).config).toEqual({});
  });

  it('names the file and the key of a wrong value', async () => {
    const cwd = tempProject({ 'lint.yaml': 'rules:\n  no-eval: loud\n' });
    const error = await loadError('lint.yaml', cwd);
    expect(error.message).toMatch(/^lint\.yaml: rules\.no-eval: /);
    expect(error.hint).toContain('"off", "warning", "error"');
  });

  it('names an unknown top-level key', async () => {
    const cwd = tempProject({ 'airlock.lint.json': '{ "rulez": {} }' });
    const error = await loadError(undefined, cwd);
    expect(error.message).toContain('airlock.lint.json');
    expect(error.message).toContain('rulez');
  });

  // Boundary: limits must be positive integers.
  it('rejects a limit of zero', async () => {
    const cwd = tempProject({ 'airlock.lint.yaml': 'limits:\n  maxBytes: 0\n' });
    expect((await loadError(undefined, cwd)).message).toContain('limits.maxBytes');
  });

  it('reports a file that is not YAML', async () => {
    const cwd = tempProject({ 'airlock.lint.yaml': 'rules: [unclosed\n' });
    expect((await loadError(undefined, cwd)).message).toMatch(
      /^airlock\.lint\.yaml: not valid YAML/,
    );
  });

  it('reports a file that is not JSON', async () => {
    const cwd = tempProject({ 'c.json': '{ rules: ' });
    expect((await loadError('c.json', cwd)).message).toMatch(/^c\.json: not valid JSON/);
  });

  it('reports a missing explicit file with a hint', async () => {
    const error = await loadError('missing.yaml', tempProject({}));
    expect(error.message).toContain('missing.yaml: cannot read the configuration file');
    expect(error.hint).toContain('--config');
  });
});
