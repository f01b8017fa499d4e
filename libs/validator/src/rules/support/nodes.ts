import { propertyName, type Node } from '../../ast.js';

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

const maxChainDepth = 32;

/** Whether a node only wraps `expression` (parentheses, optional chain, TypeScript cast). */
export function isTransparentWrapper(node: Node): boolean {
  return transparentTypes.has(node.type);
}

/**
 * The expression a node evaluates to, with parentheses, optional chains, TypeScript casts
 * and comma sequences (`(0, eval)`) seen through.
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

/**
 * The global a reference names: `eval` for `eval`, `globalThis.eval`, `window['eval']` and
 * `self.window.eval`; undefined for anything else, such as `obj.eval`.
 * NOTE: a local variable that shadows a global is taken for the global.
 */
export function globalName(node: Node, depth = 0): string | undefined {
  const target = unwrap(node);
  if (target.type === 'Identifier') return target.name as string;
  if (target.type !== 'MemberExpression' || depth >= maxChainDepth) return undefined;
  const object = unwrap(target.object as Node);
  // Only `….window.x`-style chains can lead back to the global object; stop early otherwise.
  if (object.type === 'MemberExpression' && !globalObjectNames.has(propertyName(object) ?? '')) {
    return undefined;
  }
  const owner = globalName(object, depth + 1);
  if (owner === undefined || !globalObjectNames.has(owner)) return undefined;
  return propertyName(target);
}

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
  return ![
    'LabeledStatement',
    'BreakStatement',
    'ContinueStatement',
    'MetaProperty',
    'ImportSpecifier',
    'ImportDefaultSpecifier',
    'ImportNamespaceSpecifier',
    'ExportSpecifier',
  ].includes(parent.type);
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
