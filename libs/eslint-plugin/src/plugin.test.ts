import { allRules } from '@airlock/validator';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import plugin, { ruleDocsUrl } from './index.js';

describe('the plugin object', () => {
  it('names itself after its package', () => {
    expect(plugin.meta).toEqual({ name: '@airlock/eslint-plugin', version: '0.1.0' });
  });

  it('exposes every validator rule under its id, and nothing else', () => {
    const ids = allRules.map((rule) => rule.meta.id).sort();
    expect(Object.keys(plugin.rules).sort()).toEqual(ids);
  });

  it('describes each rule as a problem with its description, doc page and options schema', () => {
    for (const rule of allRules) {
      const meta = plugin.rules[rule.meta.id]?.meta;
      expect(meta?.type).toBe('problem');
      expect(meta?.docs?.description).toBe(rule.meta.description);
      expect(meta?.docs?.url).toMatch(new RegExp(`/docs/rules/${rule.meta.id}\\.md$`));
      const properties = Object.keys(rule.meta.options ?? {});
      expect(meta?.schema).toMatchObject([{ type: 'object', additionalProperties: false }]);
      const [schema] = meta?.schema as [{ properties: object }];
      expect(Object.keys(schema.properties)).toEqual(properties);
    }
  });

  it('points doc urls at the repository docs folder', () => {
    expect(ruleDocsUrl('no-process-env')).toMatch(/^file:\/\/.*\/docs\/rules\/no-process-env\.md$/);
  });
});

describe('configs.recommended', () => {
  const recommended = plugin.configs.recommended;

  it('registers the plugin under the name airlock', () => {
    expect(recommended.plugins?.airlock).toBe(plugin);
  });

  it('turns every rule on at its default severity', () => {
    const expected = Object.fromEntries(
      allRules.map((r) => [`airlock/${r.meta.id}`, r.meta.severity === 'error' ? 'error' : 'warn']),
    );
    expect(recommended.rules).toEqual(expected);
  });
});

describe('running in ESLint', () => {
  const eslint = new ESLint({
    overrideConfigFile: true,
    overrideConfig: [plugin.configs.recommended],
  });

  it('reports the airlock rules a snippet breaks, at their lines and severities', async () => {
    const code = [
      "import { exec } from 'node:child_process';",
      'export function handler(input) {',
      '  const key = process.env.API_KEY;',
      '  exec(input.command);',
      '  while (true) { eval(input.code); }',
      '}',
    ].join('\n');
    const [result] = await eslint.lintText(code, { filePath: 'snippet.js' });
    const reported = result?.messages.map((m) => `${m.ruleId}@${m.line}`) ?? [];

    expect(result?.fatalErrorCount).toBe(0);
    expect(reported).toEqual(
      expect.arrayContaining([
        'airlock/no-child-process@1',
        'airlock/no-process-env@3',
        'airlock/no-infinite-loop@5',
        'airlock/no-eval@5',
      ]),
    );
    // Only Airlock's rules are configured, each at its default severity (error = 2, warn = 1).
    const defaults = new Map(allRules.map((r) => [`airlock/${r.meta.id}`, r.meta.severity]));
    for (const message of result?.messages ?? []) {
      const severity = defaults.get(message.ruleId ?? '');
      expect(severity, `${message.ruleId} is an airlock rule`).toBeDefined();
      expect(message.severity).toBe(severity === 'error' ? 2 : 1);
    }
  });

  it('reports nothing on clean code', async () => {
    const code = 'export default (input, env) => env.log.info(input.name);';
    const [result] = await eslint.lintText(code, { filePath: 'clean.js' });
    expect(result?.messages).toEqual([]);
  });

  function withRule(id: string, setting: unknown[]): ESLint {
    return new ESLint({
      overrideConfigFile: true,
      overrideConfig: [plugin.configs.recommended, { rules: { [`airlock/${id}`]: setting } }],
    } as ESLint.Options);
  }

  it('passes options from the configuration to the rule', async () => {
    const configured = withRule('no-unknown-packages', ['error', { allow: ['zod'] }]);
    const code = "import { z } from 'zod';\nimport x from 'zod-turbo';";
    const [result] = await configured.lintText(code, { filePath: 'a.js' });
    expect(result?.messages.map((m) => [m.ruleId, m.severity, m.line])).toEqual([
      ['airlock/no-unknown-packages', 2, 2],
    ]);
  });

  it('refuses an option the rule does not declare, or a value of the wrong kind', async () => {
    const misspelt = withRule('no-unknown-packages', ['error', { alow: ['zod'] }]);
    await expect(misspelt.lintText('1;', { filePath: 'a.js' })).rejects.toThrow(/alow/);
    const none = withRule('no-process-env', ['warn', { unused: true }]);
    await expect(none.lintText('1;', { filePath: 'a.js' })).rejects.toThrow(/unused/);
    const negative = withRule('no-giant-allocation', ['error', { maxElements: -1 }]);
    await expect(negative.lintText('1;', { filePath: 'a.js' })).rejects.toThrow(
      /no-giant-allocation[\s\S]*should be > 0/,
    );
  });
});
