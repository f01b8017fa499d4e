import type { Node } from '../ast.js';
import type { Rule } from '../rule.js';
import { isRequireCall } from './support/module-imports.js';
import { foldString, memberPath } from './support/fold.js';
import {
  argumentsOf,
  calleeOf,
  isReference,
  significantParent,
  staticString,
} from './support/nodes.js';
import { foundReporter } from './support/report.js';

const createRequirePaths = new Set([
  'createRequire',
  'module.createRequire',
  'Module.createRequire',
]);

/** How `require` is used: called, a property read, a typeof test, or anything else. */
function requireUse(identifier: Node): 'plain' | 'computed-key' | 'value' {
  const { parent, child } = significantParent(identifier);
  if (!parent) return 'value';
  if (parent.type === 'CallExpression' && parent.callee === child) return 'plain';
  if (parent.type === 'UnaryExpression' && parent.operator === 'typeof') return 'plain';
  if (parent.type === 'MemberExpression' && parent.object === child) {
    return parent.computed === true ? 'computed-key' : 'plain';
  }
  return 'value';
}

const why =
  'the validator cannot tell which module this loads. Import each module by ' +
  "its literal name, for example import('./x.js') or require('lodash').";

/**
 * Flags module loads whose name is computed at run time (`require(name)`, `import(url)`,
 * `require('child_' + 'process')`), `require` reached as a value (`require[k]`, `const r =
 * require`) and `createRequire(…)`: the validator cannot tell which module such code loads,
 * so the module rules cannot check it.
 */
export const noDynamicRequire: Rule = {
  meta: {
    id: 'no-dynamic-require',
    severity: 'error',
    category: 'host-access',
    description:
      'Loading a module whose name is computed at run time, or making a require function.',
  },
  create(context) {
    const report = foundReporter(context, why);
    const checkSpecifier = (node: Node, source: Node | undefined, form: string): void => {
      if (source && staticString(source) !== undefined) return;
      const folded = source ? foldString(source) : undefined;
      report(
        node,
        folded === undefined
          ? `${form} with a computed name`
          : `${form} with a name built to spell '${folded}'`,
      );
    };

    return {
      CallExpression(node) {
        const callee = calleeOf(node);
        if (isRequireCall(node)) checkSpecifier(node, argumentsOf(node)[0], 'require()');
        else if (createRequirePaths.has(memberPath(callee) ?? '')) report(node, 'createRequire()');
        else if (isRequireMethod(callee)) report(node, 'require called through call or apply');
      },
      ImportExpression(node) {
        checkSpecifier(node, node.source as Node, 'import()');
      },
      Identifier(node) {
        if (node.name !== 'require' || !isReference(node)) return;
        const use = requireUse(node);
        if (use === 'computed-key') report(node, 'require accessed with a computed key');
        if (use === 'value') report(node, 'require passed around as a value');
      },
    };
  },
};

function isRequireMethod(callee: Node): boolean {
  const path = memberPath(callee);
  return path === 'require.call' || path === 'require.apply';
}
