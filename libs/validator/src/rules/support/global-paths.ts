import type { Node } from '../../ast.js';
import { staticKey, unwrapExpression } from './static-values.js';

/** Names under which code reaches the global object itself. */
const globalObjectNames = new Set(['globalThis', 'window', 'self', 'global']);

function rawPath(input: Node): string | undefined {
  const node = unwrapExpression(input);
  if (node.type === 'Identifier') return node.name as string;
  if (node.type === 'ThisExpression') return 'this';
  if (node.type !== 'MemberExpression') return undefined;
  const object = rawPath(node.object as Node);
  const key = staticKey(node);
  if (object === undefined || key === undefined) return undefined;
  return `${object}.${key}`;
}

/**
 * `a.b.c` for a chain of identifiers and static keys (`a['b']`, `a['b' + 'c']`), seen
 * through TypeScript casts, with a leading global object dropped, so `globalThis.Error`,
 * `window['Error']` and `Error` all read `Error`. Undefined when any part is dynamic.
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
