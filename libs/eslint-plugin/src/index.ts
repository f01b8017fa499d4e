/**
 * @airlock/eslint-plugin: Airlock's validator rules as ESLint rules, so the same checks that
 * gate generated code at the gateway can run in an editor or in CI.
 *
 * Every rule in `allRules` of @airlock/validator becomes `airlock/<rule-id>`, and
 * `configs.recommended` turns them all on at their default severity:
 *
 * @example
 * ```js
 * // eslint.config.js
 * import airlock from '@airlock/eslint-plugin';
 * export default [airlock.configs.recommended];
 * ```
 *
 * NOTE: the validator's input checks (max-size, max-lines, invalid-utf8, no-nul-bytes,
 * no-bidi-characters, syntax-error, rule-failure) are not ESLint rules. They run on the raw
 * input before and around the rule walk, so they exist only in `validate()` and
 * `airlock lint`; ESLint reports parse errors in its own way and has no size limits.
 */
import { readFileSync } from 'node:fs';
import type { ESLint, Linter, Rule as ESLintRule } from 'eslint';
import { allRules } from '@airlock/validator';
import { toESLintRule } from './adapter.js';

export { ruleDocsUrl, toESLintRule } from './adapter.js';

const pluginName = 'airlock';

interface PackageJson {
  name: string;
  version: string;
}

const packageJson = JSON.parse(
  readFileSync(new URL('../package.json', import.meta.url), 'utf8'),
) as PackageJson;

const rules: Record<string, ESLintRule.RuleModule> = Object.fromEntries(
  allRules.map((rule) => [rule.meta.id, toESLintRule(rule)]),
);

const recommendedRules: Linter.RulesRecord = Object.fromEntries(
  allRules.map((rule) => [
    `${pluginName}/${rule.meta.id}`,
    rule.meta.severity === 'error' ? 'error' : 'warn',
  ]),
);

export interface AirlockPlugin extends ESLint.Plugin {
  meta: { name: string; version: string };
  rules: Record<string, ESLintRule.RuleModule>;
  configs: { recommended: Linter.Config };
}

const plugin: AirlockPlugin = {
  meta: { name: packageJson.name, version: packageJson.version },
  rules,
  // Filled in below: the config names the plugin object itself.
  configs: { recommended: {} },
};

plugin.configs.recommended = {
  name: `${pluginName}/recommended`,
  plugins: { [pluginName]: plugin },
  rules: recommendedRules,
};

export default plugin;
