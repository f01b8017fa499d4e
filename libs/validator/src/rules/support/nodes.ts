import type { Node } from '../../ast.js';

/**
 * Structural helpers every rule shares: seeing through wrappers that change nothing,
 * finding the parent that gives an expression its meaning, and reading plain literals.
 * None of them evaluates anything; folding constants is fold.ts's job.
 */

/** Wrappers that change neither the value nor what a call reaches. */
const transparentTypes = new Set([
  'ChainExpression',
  'ParenthesizedExpression',
  'TSAsExpression',
  'TSSatisfiesExpression',
  'TSNonNullExpression',
  'TSTypeAssertion',
  'TSInstantiationExpression',
]);

/** TypeScript nodes that hold a runtime expression; every other `TS*` parent is a type. */
const runtimeTsTypes = new Set([...transparentTypes].filter((type) => type.startsWith('TS')));

/** Names under which scripts reach the global object. */
export const globalObjectNames: ReadonlySet<string> = new Set([
  'globalThis',
  'window',
  'self',
  'global',
]);

/** Whether a node only wraps `expression` (parentheses, optional chain, TypeScript cast). */
export function isTransparentWrapper(node: Node): boolean {
  return transparentTypes.has(node.type);
}

/**
 * The expression a node evaluates to, with parentheses, optional chains, TypeScript casts
 * and comma sequences (`(0, eval)`) seen through. Iterative, so deep nesting costs one step
 * per wrapper.
 */
export function unwrap(node: Node): Node {
  let current = node;
  for (;;) {
    if (transparentTypes.has(current.type)) {
      current = current.expression as Node;
    } else if (current.type === 'SequenceExpression') {
      current = (current.expressions as Node[]).at(-1) as Node;
    } else {
      return current;
    }
  }
}

/** The callee of a call or `new`, seen through as {@link unwrap} does. */
export function calleeOf(call: Node): Node {
  return unwrap(call.callee as Node);
}

function passesValueUp(parent: Node, child: Node): boolean {
  if (transparentTypes.has(parent.type)) return true;
  return parent.type === 'SequenceExpression' && (parent.expressions as Node[]).at(-1) === child;
}

/**
 * The nearest ancestor that uses the value of `node`, and the child of it that holds the
 * node: wrappers that {@link unwrap} sees through are climbed past.
 */
export function significantParent(node: Node): { parent: Node | null; child: Node } {
  let child = node;
  let parent = node.parent ?? null;
  while (parent && passesValueUp(parent, child)) {
    child = parent;
    parent = parent.parent ?? null;
  }
  return { parent, child };
}

/** The value of a string literal or a template literal without expressions. */
export function staticString(node: Node | null | undefined): string | undefined {
  if (!node) return undefined;
  if (node.type === 'Literal' && typeof node.value === 'string') return node.value;
  if (node.type !== 'TemplateLiteral' || (node.expressions as Node[]).length > 0) return undefined;
  const [quasi] = node.quasis as Node[];
  return (quasi?.value as { cooked?: string | null } | undefined)?.cooked ?? undefined;
}

/** The value a destructuring pattern takes apart: a declarator's init or an assignment's right. */
export function destructuredValue(pattern: Node): Node | undefined {
  const parent = pattern.parent;
  if (parent?.type === 'VariableDeclarator' && parent.id === pattern) {
    return (parent.init as Node | null) ?? undefined;
  }
  if (parent?.type === 'AssignmentExpression' && parent.left === pattern) {
    return parent.right as Node;
  }
  return undefined;
}

/** Start offset of a node under acorn, Babel, espree and typescript-eslint alike. */
export function offsetOf(node: Node): number {
  const range = node.range as [number, number] | undefined;
  return range ? range[0] : node.start;
}

/** End offset of a node, as {@link offsetOf}. */
export function endOffsetOf(node: Node): number {
  const range = node.range as [number, number] | undefined;
  return range ? range[1] : node.end;
}

const nonReferenceParents = new Set([
  'LabeledStatement',
  'BreakStatement',
  'ContinueStatement',
  'MetaProperty',
  'ImportSpecifier',
  'ImportDefaultSpecifier',
  'ImportNamespaceSpecifier',
  'ExportSpecifier',
]);

/** Whether an identifier is read as a variable (not a property name, label or type). */
export function isReference(identifier: Node): boolean {
  const parent = identifier.parent;
  if (!parent) return true;
  if (parent.type === 'MemberExpression') {
    return parent.object === identifier || parent.computed === true;
  }
  if (parent.key === identifier && parent.computed !== true && parent.value !== identifier) {
    return false;
  }
  if (parent.type.startsWith('TS')) return runtimeTsTypes.has(parent.type);
  return !nonReferenceParents.has(parent.type);
}

export function isFunctionNode(node: Node): boolean {
  return (
    node.type === 'FunctionDeclaration' ||
    node.type === 'FunctionExpression' ||
    node.type === 'ArrowFunctionExpression'
  );
}

/** The arguments of a call or `new`, as nodes (spread elements included as they are). */
export function argumentsOf(call: Node): Node[] {
  return (call.arguments as Node[] | undefined) ?? [];
}
