import type { Node } from '../../ast.js';
import { staticKey, unwrapExpression } from './static-values.js';

/** Names under which code reaches the global object itself. */
const globalObjectNames = new Set(['globalThis', 'window', 'self', 'global']);

/** Longer chains never name a global worth checking, and are not followed. */
const maxPathParts = 16;

function rawPath(input: Node): string | undefined {
  const keys: string[] = [];
  let node = unwrapExpression(input);
  while (node.type === 'MemberExpression') {
    const key = keys.length < maxPathParts ? staticKey(node) : undefined;
    if (key === undefined) return undefined;
    keys.push(key);
    node = unwrapExpression(node.object as Node);
  }
  let root: string;
  if (node.type === 'Identifier') root = node.name as string;
  else if (node.type === 'ThisExpression') root = 'this';
  else return undefined;
  return [root, ...keys.reverse()].join('.');
}

/**
 * `a.b.c` for a chain of identifiers and static keys (`a['b']`, `a['b' + 'c']`), seen
 * through TypeScript casts, with a leading global object dropped, so `globalThis.Error`,
 * `window['Error']` and `Error` all read `Error`. Undefined when any part is dynamic, and
 * for chains of more than 16 links, so the cost per call stays constant.
 */
export function globalPath(node: Node): string | undefined {
  const path = rawPath(node);
  return path === undefined ? undefined : withoutGlobalObject(path);
}

/** `globalThis.Array.prototype` → `Array.prototype`; a lone `globalThis` stays. */
export function withoutGlobalObject(path: string): string {
  const parts = path.split('.');
  while (parts.length > 1 && globalObjectNames.has(parts[0] as string)) parts.shift();
  return parts.join('.');
}
