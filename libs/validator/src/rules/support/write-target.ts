import type { Node } from '../../ast.js';
import { significantParent } from './nodes.js';

export type WriteKind = 'assign' | 'delete';

/**
 * How an expression is written to, if it is: the left of an assignment (`=`, `+=`, `??=`),
 * the operand of `++`/`--`, a target inside a destructuring assignment or a `for…of`/`for…in`
 * head (`[a.b] = v`, `for (a.b of v)`), or the operand of `delete`. Undefined for reads.
 */
export function writeKindOf(node: Node): WriteKind | undefined {
  const { parent, child } = significantParent(node);
  if (!parent) return undefined;
  switch (parent.type) {
    case 'AssignmentExpression':
      return parent.left === child ? 'assign' : undefined;
    case 'UpdateExpression':
      return 'assign';
    case 'UnaryExpression':
      return parent.operator === 'delete' ? 'delete' : undefined;
    case 'ForInStatement':
    case 'ForOfStatement':
      return parent.left === child ? 'assign' : undefined;
    case 'ArrayPattern':
    case 'RestElement':
      return 'assign';
    case 'AssignmentPattern':
      return parent.left === child ? writeKindOf(parent) : undefined;
    case 'Property':
      return parent.value === child && parent.parent?.type === 'ObjectPattern'
        ? writeKindOf(parent.parent)
        : undefined;
    default:
      return undefined;
  }
}
