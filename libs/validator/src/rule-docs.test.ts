import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { inputChecks } from './input-checks.js';
import { allRules } from './rules/index.js';

const docsDir = new URL('../../../docs/rules/', import.meta.url);
const rulesDir = new URL('./rules/', import.meta.url);

function page(id: string): string {
  return readFileSync(new URL(`${id}.md`, docsDir), 'utf8');
}

function headings(text: string): string[] {
  return text.split('\n').flatMap((line) => (line.startsWith('## ') ? [line.slice(3)] : []));
}

/** SARIF help links, the ESLint plugin and `--list-rules` all send readers to these pages. */
describe('rule pages under docs/rules', () => {
  for (const rule of allRules) {
    const { id, options } = rule.meta;
    it(`${id}: its file and page carry its id, and the page has every section`, () => {
      expect(existsSync(new URL(`${id}.ts`, rulesDir))).toBe(true);
      const text = page(id);
      expect(text.startsWith(`# ${id}\n`), 'the page opens with the rule id').toBe(true);
      expect(headings(text)).toEqual(
        expect.arrayContaining(['Why it is dangerous', 'Flagged', 'Accepted', 'How to allow it']),
      );
      for (const name of Object.keys(options ?? {})) {
        expect(headings(text)).toContain('Options');
        expect(text, `the page documents the option ${name}`).toContain(`\`${name}\``);
      }
    });
  }

  for (const check of inputChecks) {
    it(`${check.id}: the input check has a page that says how to fix it`, () => {
      const text = page(check.id);
      expect(text.startsWith(`# ${check.id}\n`)).toBe(true);
      expect(headings(text)).toContain('How to fix it');
    });
  }

  it('has no page for an id that no rule or input check uses', () => {
    const ids = new Set([...allRules.map((r) => r.meta.id), ...inputChecks.map((c) => c.id)]);
    const pages = readdirSync(docsDir).map((name) => name.replace(/\.md$/, ''));
    expect(pages.filter((id) => !ids.has(id))).toEqual([]);
  });
});
