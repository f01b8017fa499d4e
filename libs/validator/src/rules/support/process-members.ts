import { propertyName, staticString, type Node } from '../../ast.js';
import type { Visitors } from '../../rule.js';
import { foldString } from './fold.js';
import { isRequireCall, withoutNodePrefix } from './module-imports.js';
import { argumentsOf, globalName, unwrap } from './nodes.js';

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
      if (isProcess(node.object as Node)) check(node, propertyName(node) ?? computedKey(node));
    },
    ObjectPattern(node) {
      const source = destructuredFrom(node);
      if (!source || !isProcess(source)) return;
      for (const property of node.properties as Node[]) {
        if (property.type === 'Property') check(property, keyName(property));
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

function computedKey(member: Node): string | undefined {
  return member.computed === true ? foldString(member.property as Node) : undefined;
}

function keyName(property: Node): string | undefined {
  const key = property.key as Node;
  if (property.computed !== true && key.type === 'Identifier') return key.name as string;
  return foldString(key);
}

/** The value a destructuring pattern takes apart, when it is a declaration or assignment. */
function destructuredFrom(pattern: Node): Node | undefined {
  const parent = pattern.parent;
  if (parent?.type === 'VariableDeclarator' && parent.id === pattern) {
    return (parent.init as Node | null) ?? undefined;
  }
  if (parent?.type === 'AssignmentExpression' && parent.left === pattern) {
    return parent.right as Node;
  }
  return undefined;
}

function isProcess(node: Node): boolean {
  const target = unwrap(node);
  if (globalName(target) === 'process') return true;
  if (target.type !== 'CallExpression' || !isRequireCall(target)) return false;
  const [first] = argumentsOf(target);
  const specifier = first ? foldString(first) : undefined;
  return specifier !== undefined && withoutNodePrefix(specifier) === 'process';
}
