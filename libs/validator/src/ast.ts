import { KEYS as visitorKeys } from 'eslint-visitor-keys';

/**
 * The tree every rule sees: ESTree, as acorn produces it and as @babel/parser produces it
 * with its `estree` plugin, so one rule serves JavaScript, TypeScript and JSX alike, and
 * the same rule object runs inside ESLint unchanged. `parent` is set during the walk.
 */
export interface Node {
  type: string;
  start: number;
  end: number;
  loc?: { start: { line: number; column: number }; end: { line: number; column: number } };
  parent?: Node | null;
  [key: string]: unknown;
}

const skippedKeys = new Set([
  'parent',
  'loc',
  'range',
  'start',
  'end',
  'leadingComments',
  'trailingComments',
  'innerComments',
  'comments',
  'tokens',
  'extra',
]);

export function isNode(value: unknown): value is Node {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { type?: unknown }).type === 'string'
  );
}

/**
 * Where each standard ESTree and JSX node keeps its children, so walks need not list every
 * node's own keys. Decorators are added: Babel puts them on classes and members, and they
 * are code. Node types outside the table (TypeScript's) fall back to listing keys.
 */
const keysByType: Record<string, readonly string[]> = { ...visitorKeys };
for (const type of [
  'ClassDeclaration',
  'ClassExpression',
  'MethodDefinition',
  'PropertyDefinition',
]) {
  keysByType[type] = ['decorators', ...(keysByType[type] ?? [])];
}

/** The keys of `node` that may hold child nodes, in source order. */
export function childKeys(node: Node): readonly string[] {
  return keysByType[node.type] ?? Object.keys(node).filter((key) => !skippedKeys.has(key));
}

/** The child nodes of `node`, in source order. */
export function childNodes(node: Node): Node[] {
  const children: Node[] = [];
  for (const key of childKeys(node)) {
    const value = node[key];
    if (Array.isArray(value)) {
      for (const item of value) if (isNode(item)) children.push(item);
    } else if (isNode(value)) {
      children.push(value);
    }
  }
  return children;
}

/*
 * What a key, a member chain or a callee names is read in one place for the whole validator:
 * keys built from constants (`a['ev' + 'al']`) are folded, so these live beside the constant
 * folder in rules/support and are re-exported here for the package API.
 */
export { calleeOf, staticString } from './rules/support/nodes.js';
export { memberPath, propertyName } from './rules/support/fold.js';
