import { ConfigError } from '@airlock/core';
import type { Rule, RuleOptionKind } from './rule.js';

const kindText: Record<RuleOptionKind, string> = {
  'positive-number': 'a number greater than 0',
  'string-list': 'a list of strings',
};

function fits(kind: RuleOptionKind, value: unknown): boolean {
  if (kind === 'positive-number') {
    return typeof value === 'number' && Number.isFinite(value) && value > 0;
  }
  return Array.isArray(value) && value.every((entry) => typeof entry === 'string');
}

function describeValue(value: unknown): string {
  return JSON.stringify(value) ?? String(value);
}

/**
 * Checks a configured rule's options against the ones its metadata declares, so a
 * misspelt option or a value of the wrong kind is a configuration error rather than a
 * rule that silently keeps its default.
 */
export function checkRuleOptions(rule: Rule, options: Record<string, unknown>): void {
  const declared = rule.meta.options ?? {};
  const names = Object.keys(declared);
  for (const [name, value] of Object.entries(options)) {
    const key = `rules.${rule.meta.id}.options.${name}`;
    const kind = Object.hasOwn(declared, name) ? declared[name] : undefined;
    if (kind === undefined) {
      throw new ConfigError(key, `${rule.meta.id} has no option named "${name}"`, {
        hint:
          names.length === 0
            ? `${rule.meta.id} takes no options; remove "options".`
            : `${rule.meta.id} takes ${names.join(', ')}; see docs/rules/${rule.meta.id}.md.`,
      });
    }
    if (!fits(kind, value)) {
      throw new ConfigError(key, `expected ${kindText[kind]}, got ${describeValue(value)}`, {
        hint: `See docs/rules/${rule.meta.id}.md for what ${name} means.`,
      });
    }
  }
}
