import { builtinModules } from 'node:module';
import type { Rule } from '../rule.js';
import { moduleImportVisitors, withoutNodePrefix } from './support/module-imports.js';

const builtins = new Set(builtinModules);

/**
 * The npm package a bare specifier names (`@scope/name/sub` → `@scope/name`,
 * `lodash/fp` → `lodash`), or undefined for relative, absolute, URL, `#` subpath and
 * Node builtin specifiers.
 */
export function packageNameOf(specifier: string): string | undefined {
  if (/^[./#]/.test(specifier) || /^[a-z][a-z0-9+.-]*:/i.test(specifier)) return undefined;
  if (builtins.has(withoutNodePrefix(specifier))) return undefined;
  const parts = specifier.split('/');
  return specifier.startsWith('@') && parts.length > 1
    ? `${parts[0]}/${parts[1]}`
    : (parts[0] as string);
}

/** Whether a package is allowed: an exact entry, or a `@scope/*` entry for its scope. */
export function isAllowed(name: string, allow: readonly string[]): boolean {
  return allow.some((entry) =>
    entry.endsWith('/*') ? name.startsWith(entry.slice(0, -1)) : entry === name,
  );
}

function allowOption(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((entry) => typeof entry === 'string') : [];
}

/**
 * Warns about imports of third-party packages that the configuration does not list in
 * `options.allow`. Models invent plausible package names; an unknown name is either a
 * hallucination or, worse, a name an attacker registered to catch such guesses.
 */
export const noUnknownPackages: Rule = {
  meta: {
    id: 'no-unknown-packages',
    severity: 'warning',
    category: 'packages',
    description: 'Importing a third-party package that is not in the allow-list.',
    options: { allow: 'string-list' },
  },
  create(context) {
    const allow = allowOption(context.options.allow);
    return moduleImportVisitors(({ specifier, node }) => {
      const name = packageNameOf(specifier);
      if (name === undefined || isAllowed(name, allow)) return;
      context.report({
        node,
        message:
          `Found an import of the package '${name}', which is not in the allow-list. ` +
          'Check that it exists and is the one you mean; if it is, add it to ' +
          'rules.no-unknown-packages.options.allow in the configuration.',
      });
    });
  },
};
