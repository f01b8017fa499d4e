import { allRules, inputChecks, type RuleMeta } from '@airlock/validator';

function rows(metas: readonly RuleMeta[]): string[] {
  const idWidth = Math.max(...metas.map((m) => m.id.length));
  const categoryWidth = Math.max(...metas.map((m) => m.category.length));
  return metas.map(
    (m) =>
      `  ${m.id.padEnd(idWidth)}  ${m.severity.padEnd(7)}  ${m.category.padEnd(categoryWidth)}  ${m.description}`,
  );
}

/**
 * Every rule and input check with its default severity, category and description, read
 * from the validator at run time so new rules appear without a change here.
 */
export function formatRuleList(format: 'text' | 'json'): string {
  const rules = allRules.map((rule) => rule.meta);
  if (format === 'json') return `${JSON.stringify({ rules, inputChecks }, null, 2)}\n`;
  const all = [...rules, ...inputChecks];
  const table = rows(all);
  return [
    `Rules (${rules.length}); set "off", "warning" or "error" under rules: in the config file:`,
    ...table.slice(0, rules.length),
    '',
    `Input checks (${inputChecks.length}); always on, sized by limits.maxBytes and limits.maxLines:`,
    ...table.slice(rules.length),
    '',
    'Each id has a page at docs/rules/<id>.md.',
    '',
  ].join('\n');
}
