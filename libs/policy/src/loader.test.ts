import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { ConfigError } from '@airlock/core';
import { afterAll, describe, expect, it } from 'vitest';
import { loadPolicy } from './loader.js';

const roots: string[] = [];
afterAll(() => roots.forEach((root) => rmSync(root, { recursive: true, force: true })));

function folder(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'airlock-policy-'));
  roots.push(root);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

describe('loadPolicy', () => {
  it('reads modules, keeps tests apart and merges data files by key, in name order', () => {
    const root = folder({
      'b.rego': 'package b\n',
      'a.rego': 'package a\n',
      'a_test.rego': 'package a_test\n',
      'tiers.yaml': 'tiers:\n  default: {capabilities: [log]}\n',
      'more/tenants.json': '{"tiers": {"builder": {}}, "tenants": {"demo": {}}}',
      'notes.txt': 'ignored',
      '.hidden/x.rego': 'package hidden\n',
    });
    const loaded = loadPolicy([root], root);
    expect(loaded.modules.map((m) => m.file)).toEqual(['a.rego', 'b.rego']);
    expect(loaded.tests.map((m) => m.file)).toEqual(['a_test.rego']);
    expect(loaded.data).toEqual({
      tiers: { default: { capabilities: ['log'] }, builder: {} },
      tenants: { demo: {} },
    });
  });

  const invalid: Array<{ name: string; files: Record<string, string>; message: string }> = [
    {
      name: 'two files setting one key',
      files: { 'a.yaml': 'x: {y: 1}\n', 'b.json': '{"x": {"y": 2}}' },
      message: 'b.json: x.y: is also set by another data file',
    },
    {
      // Boundary: equal values clash too; a key has one owner.
      name: 'two files setting one key to the same value',
      files: { 'a.yaml': 'x: 1\n', 'b.yaml': 'x: 1\n' },
      message: 'b.yaml: x: is also set',
    },
    {
      name: 'a list at the top',
      files: { 'a.yaml': '- 1\n' },
      message: 'a.yaml: a data file must hold an object',
    },
    { name: 'bad JSON', files: { 'a.json': '{' }, message: 'a.json: is not valid JSON' },
    { name: 'bad YAML', files: { 'a.yaml': 'x: [\n' }, message: 'a.yaml: is not valid YAML' },
  ];

  it.each(invalid)('refuses $name with a ConfigError naming the file', ({ files, message }) => {
    const root = folder(files);
    expect(() => loadPolicy([root], root)).toThrow(ConfigError);
    expect(() => loadPolicy([root], root)).toThrow(message);
  });

  it('refuses a path that does not exist', () => {
    expect(() => loadPolicy(['/no/such/policy'])).toThrow('/no/such/policy: cannot be read');
  });
});
