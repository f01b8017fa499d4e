import type { Rule as ESLintRule } from 'eslint';
import type { Rule, RuleOptionKind, Visitors } from '@airlock/validator';

/** Where a rule's page lives: docs/rules/<id>.md at the root of the Airlock repository. */
export function ruleDocsUrl(ruleId: string): string {
  return new URL(`../../../docs/rules/${ruleId}.md`, import.meta.url).href;
}

const optionSchemas: Record<RuleOptionKind, object> = {
  'positive-number': { type: 'number', exclusiveMinimum: 0 },
  'string-list': { type: 'array', items: { type: 'string' } },
};

/** The JSON schema of a rule's one options object, from the options its metadata declares. */
export function optionsSchema(rule: Rule): object {
  const declared = Object.entries(rule.meta.options ?? {});
  const properties = Object.fromEntries(
    declared.map(([name, kind]) => [name, optionSchemas[kind]]),
  );
  return { type: 'object', properties, additionalProperties: false };
}

/**
 * Wraps a validator rule as an ESLint rule. Validator rules are written against a subset
 * of ESLint's rule API (ESTree visitors keyed `Type` and `Type:exit`, `report` and
 * `options`), so the wrapper only translates the context: ESLint's options array becomes
 * the rule's one options object, and reports go to ESLint unchanged. ESLint sets
 * `node.parent` during its own traversal, as the validator's walk does.
 */
export function toESLintRule(rule: Rule): ESLintRule.RuleModule {
  return {
    meta: {
      type: 'problem',
      docs: {
        description: rule.meta.description,
        recommended: true,
        url: ruleDocsUrl(rule.meta.id),
      },
      schema: [optionsSchema(rule)],
    },
    create(context) {
      const options = (context.options[0] ?? {}) as Record<string, unknown>;
      const visitors: Visitors = rule.create({
        options,
        report: ({ node, message }) => {
          context.report({ node: node as unknown as ESLintRule.Node, message });
        },
      });
      return visitors as unknown as ESLintRule.RuleListener;
    },
  };
}
