import type { Node } from '../../ast.js';
import type { Visitors } from '../../rule.js';
import { isRequireCall, withoutNodePrefix } from './module-imports.js';
import { foldString, globalName, propertyName } from './fold.js';
import { argumentsOf, destructuredValue, staticString, unwrap } from './nodes.js';

/**
 * Visitors that find uses of the named members of `process`: `process.x`,
 * `globalThis.process['x']`, `const { x } = process` (or `= require('process')`),
 * `({ x } = process)` and `import { x } from 'node:process'`.
 */
export function processMemberVisitors(
  names: ReadonlySet<string>,
  onFound: (node: Node, name: string) => void,
): Visitors {
  const check = (node: Node, name: string | undefined): void => {
    if (name !== undefined && names.has(name)) onFound(node, name);
  };

  return {
    MemberExpression(node) {
      const name = propertyName(node);
      if (name !== undefined && names.has(name) && isProcess(node.object as Node)) {
        onFound(node, name);
      }
    },
    ObjectPattern(node) {
      const source = destructuredValue(node);
      if (!source || !isProcess(source)) return;
      for (const property of node.properties as Node[]) {
        if (property.type === 'Property') check(property, propertyName(property));
      }
    },
    ImportDeclaration(node) {
      if (withoutNodePrefix(staticString(node.source as Node) ?? '') !== 'process') return;
      for (const specifier of node.specifiers as Node[]) {
        if (specifier.type !== 'ImportSpecifier') continue;
        const imported = specifier.imported as Node;
        check(specifier, (imported.name as string | undefined) ?? staticString(imported));
      }
    },
  };
}

function isProcess(node: Node): boolean {
  const target = unwrap(node);
  if (globalName(target) === 'process') return true;
  if (target.type !== 'CallExpression' || !isRequireCall(target)) return false;
  const [first] = argumentsOf(target);
  const specifier = first ? foldString(first) : undefined;
  return specifier !== undefined && withoutNodePrefix(specifier) === 'process';
}
