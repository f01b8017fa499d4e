import type { Node } from '../../ast.js';
import type { Rule, RuleMeta, Visitors } from '../../rule.js';
import { foldString, memberPath } from './fold.js';
import { argumentsOf } from './nodes.js';

/** One place where code loads a module, with the specifier as written (or as it folds). */
export interface ModuleImport {
  specifier: string;
  node: Node;
}

/** Callees that load a module by name. */
export const requireCallees: ReadonlySet<string> = new Set([
  'require',
  'module.require',
  'globalThis.require',
  'global.require',
  'process.mainModule.require',
]);

/** Whether a call's callee is `require` or one of its aliases on module, process and globals. */
export function isRequireCall(call: Node): boolean {
  const path = memberPath(call.callee as Node);
  return path !== undefined && requireCallees.has(path);
}

/**
 * Visitors that call `onImport` for every module the code loads: static `import`,
 * `export … from`, `import()`, `require()` (and its aliases above) and TypeScript's
 * `import x = require()`. A specifier built from constants (`'child_' + 'process'`) is
 * reported as what it folds to. Type-only imports are skipped: they load nothing.
 * NOTE: a require function made by `createRequire` is not followed; no-dynamic-require
 * flags `createRequire` itself.
 */
export function moduleImportVisitors(onImport: (found: ModuleImport) => void): Visitors {
  const fromSource = (node: Node, source: unknown): void => {
    if (!source) return;
    const specifier = foldString(source as Node);
    if (specifier !== undefined) onImport({ specifier, node });
  };
  const fromDeclaration = (node: Node): void => {
    if (node.importKind !== 'type' && node.exportKind !== 'type') fromSource(node, node.source);
  };

  return {
    ImportDeclaration: fromDeclaration,
    ExportNamedDeclaration: fromDeclaration,
    ExportAllDeclaration: fromDeclaration,
    ImportExpression: (node) => fromSource(node, node.source),
    CallExpression: (node) => {
      if (isRequireCall(node)) fromSource(node, argumentsOf(node)[0]);
    },
    TSImportEqualsDeclaration: (node) => {
      const reference = node.moduleReference as Node;
      if (node.importKind === 'type' || reference.type !== 'TSExternalModuleReference') return;
      fromSource(node, reference.expression);
    },
  };
}

/** The Node builtin a specifier names with its `node:` prefix removed (`node:fs` → `fs`). */
export function withoutNodePrefix(specifier: string): string {
  return specifier.startsWith('node:') ? specifier.slice('node:'.length) : specifier;
}

export interface ModuleBanOptions {
  meta: RuleMeta;
  /** Builtin names without `node:`; the `node:` form of each is banned too. */
  modules: readonly string[];
  /** Why these modules are refused and what to use instead, one or two sentences. */
  advice: string;
}

/** A rule that flags every import of the given builtin modules, in any import form. */
export function moduleBanRule({ meta, modules, advice }: ModuleBanOptions): Rule {
  const banned = new Set(modules);
  return {
    meta,
    create(context) {
      return moduleImportVisitors(({ specifier, node }) => {
        if (!banned.has(withoutNodePrefix(specifier))) return;
        context.report({ node, message: `Found an import of '${specifier}'. ${advice}` });
      });
    },
  };
}
