/**
 * Path sets for json.filter and json.remove: `"a/b/0"` strings or `["a", "b", 0]` arrays,
 * gathered into a trie so each document is walked once. A path that ends at a node marks
 * the whole subtree, whatever longer paths also name.
 */
import { RObject, RSet, keyOf, typeName } from '../value.js';
import type { Value } from '../value.js';
import { elements, expectType, typeError } from './args.js';

export interface PathNode {
  whole: boolean;
  children: Map<string, { segment: Value; node: PathNode }>;
}

function newNode(): PathNode {
  return { whole: false, children: new Map() };
}

function segmentsOf(name: string, path: Value): Value[] {
  if (typeof path === 'string') {
    const trimmed = path.replace(/^\/+/, '');
    if (trimmed === '') return [];
    return trimmed.split('/').map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~'));
  }
  if (Array.isArray(path)) return path;
  throw typeError(
    name,
    2,
    'one of {set, array} containing string paths or array of path segments',
    typeName(path),
  );
}

export function pathTrie(name: string, args: Value[]): PathNode {
  const paths = elements(expectType(name, args, 1, ['set', 'array']) as Value[] | RSet);
  const root = newNode();
  for (const path of paths) {
    let node = root;
    for (const segment of segmentsOf(name, path)) {
      const key = keyOf(segment);
      let child = node.children.get(key);
      if (!child) {
        child = { segment, node: newNode() };
        node.children.set(key, child);
      }
      node = child.node;
    }
    node.whole = true;
  }
  return root;
}

/** An array index named by a segment: `0` or `"0"`. */
function indexOf(segment: Value, length: number): number | undefined {
  const n = typeof segment === 'string' && /^\d+$/.test(segment) ? Number(segment) : segment;
  return typeof n === 'number' && Number.isInteger(n) && n >= 0 && n < length ? n : undefined;
}

/** Keeps only what the trie names; undefined when nothing is left of this value. */
export function keepPaths(value: Value, node: PathNode): Value | undefined {
  if (node.whole) return value;
  if (value instanceof RObject) {
    const out = new RObject();
    for (const { segment, node: child } of node.children.values()) {
      const item = value.get(segment);
      const kept = item === undefined ? undefined : keepPaths(item, child);
      if (kept !== undefined) out.set(segment, kept);
    }
    return out;
  }
  if (Array.isArray(value)) {
    const picked = [...node.children.values()]
      .map(({ segment, node: child }) => [indexOf(segment, value.length), child] as const)
      .filter((entry): entry is [number, PathNode] => entry[0] !== undefined)
      .sort((a, b) => a[0] - b[0]);
    return picked.flatMap(([i, child]) => {
      const kept = keepPaths(value[i] as Value, child);
      return kept === undefined ? [] : [kept];
    });
  }
  return undefined;
}

function childFor(node: PathNode, segment: Value): PathNode | undefined {
  return node.children.get(keyOf(segment))?.node;
}

/** Drops what the trie names. */
export function dropPaths(value: Value, node: PathNode): Value {
  if (node.children.size === 0) return value;
  if (value instanceof RObject) {
    const out = new RObject();
    for (const [key, item] of value.pairs()) {
      const child = childFor(node, key);
      if (child?.whole) continue;
      out.set(key, child ? dropPaths(item, child) : item);
    }
    return out;
  }
  if (Array.isArray(value)) {
    return value.flatMap((item, i) => {
      const child = childFor(node, String(i)) ?? childFor(node, i);
      if (child?.whole) return [];
      return [child ? dropPaths(item, child) : item];
    });
  }
  return value;
}
