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

/** The child nodes of `node`, in source order as their keys are declared. */
export function childNodes(node: Node): Node[] {
  const children: Node[] = [];
  for (const key of Object.keys(node)) {
    if (skippedKeys.has(key)) continue;
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
