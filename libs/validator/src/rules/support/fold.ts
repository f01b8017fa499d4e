import type { Node } from '../../ast.js';
import {
  bufferToString,
  decode,
  decoderNames,
  methodCall,
  numericOperators,
  staticCall,
  type FoldValue,
} from './fold-methods.js';
import { argumentsOf, calleeOf, globalObjectNames, unwrap } from './nodes.js';

/**
 * A small constant folder: it computes what an expression built only from constants
 * evaluates to, so rules see `'ev' + 'al'`, `String.fromCharCode(101, 118, 97, 108)`,
 * `atob('ZXZhbA==')` or `2 ** 31` as the value they spell, and read `a['b' + 'c'].d` as the
 * path `a.bc.d`. It never runs the code: each supported operation is re-implemented on
 * already-folded values (fold-methods.ts), and anything else is "unknown".
 *
 * Keys, paths and values call each other (a key can be folded, a folded call needs its
 * callee's path), so one depth counter runs through all three: hostile nesting such as
 * `a[a[a[…]]]()` stops at `maxDepth` however it recurses.
 */
export type { FoldValue } from './fold-methods.js';

export interface FoldOptions {
  /** The folded value of a variable, when the caller tracks constants; undefined if unknown. */
  lookup?: (name: string) => FoldValue | undefined;
}

/** Deeper expressions are not folded, so a crafted expression cannot cost unbounded time. */
const maxDepth = 64;
/** Longer strings are unknown, so folding cannot be made to build huge values. */
const maxStringLength = 10_000;
/** Longer member chains are never what a rule looks for; stopping keeps each lookup cheap. */
const maxPathSteps = 16;

const noOptions: FoldOptions = {};

/** What `node` evaluates to when it is built from constants only, else undefined. */
export function foldConstant(node: Node, options: FoldOptions = noOptions): FoldValue | undefined {
  return fold(node, options, 0);
}

/** `foldConstant` narrowed to strings. */
export function foldString(
  node: Node | null | undefined,
  options: FoldOptions = noOptions,
): string | undefined {
  const value = node ? fold(node, options, 0) : undefined;
  return typeof value === 'string' ? value : undefined;
}

/** `foldConstant` narrowed to finite numbers. */
export function foldNumber(node: Node | null | undefined): number | undefined {
  const value = node ? fold(node, noOptions, 0) : undefined;
  return typeof value === 'number' ? value : undefined;
}

/**
 * The name a member expression, property or class member refers to: `a.b`, `a['b']`,
 * `a['b' + 'c']`, `a[0]`, `{ b: 1 }`, `{ 'b': 1 }`, `{ ['b']: 1 }`, `#b`. Undefined when
 * the key is dynamic.
 */
export function propertyName(node: Node): string | undefined {
  return keyAt(node, 0);
}

/**
 * `a.b.c` for a chain of identifiers (or `this`) and static keys, seen through wrappers
 * as `unwrap` does. Undefined when any key is dynamic, and for chains of more than 16
 * links, so the cost per call stays constant even on a 10,000-link chain.
 */
export function memberPath(node: Node): string | undefined {
  return cachedPath(node);
}

/**
 * `memberPath` with a leading global object dropped, so `globalThis.Error`,
 * `window['Error']` and `Error` all read `Error`; a lone `globalThis` stays.
 * NOTE: a local variable that shadows a global is taken for the global.
 */
export function globalPath(node: Node): string | undefined {
  const path = cachedPath(node);
  return path === undefined ? undefined : withoutGlobalObject(path);
}

/**
 * The global a reference names: `eval` for `eval`, `globalThis.eval`, `window['eval']` and
 * `self.window.eval`; undefined for anything else, such as `obj.eval`.
 */
export function globalName(node: Node): string | undefined {
  return nameOfGlobal(node, 0);
}

/** `globalThis.Array.prototype` → `Array.prototype`; a lone `globalThis` stays. */
export function withoutGlobalObject(path: string): string {
  const dot = path.indexOf('.');
  if (dot === -1 || !globalObjectNames.has(path.slice(0, dot))) return path;
  return withoutGlobalObject(path.slice(dot + 1));
}

/** Where a node's member path is kept once computed: most rules ask for the same nodes. */
const pathCache = Symbol('memberPath');
type PathCarrier = Node & { [pathCache]?: string | null };

/** `pathAt(node, 0)`, computed once per node; trees are not changed after parsing. */
function cachedPath(node: Node): string | undefined {
  const carrier = node as PathCarrier;
  let path = carrier[pathCache];
  if (path === undefined) {
    path = pathAt(node, 0) ?? null;
    carrier[pathCache] = path;
  }
  return path ?? undefined;
}

function nameOfGlobal(node: Node, depth: number): string | undefined {
  const path = depth === 0 ? cachedPath(node) : pathAt(node, depth);
  if (path === undefined) return undefined;
  const name = withoutGlobalObject(path);
  return name.includes('.') ? undefined : name;
}

function keyAt(node: Node, depth: number): string | undefined {
  const key = (node.type === 'MemberExpression' ? node.property : node.key) as Node | undefined;
  if (!key) return undefined;
  if (node.computed === true) {
    const value = fold(key, noOptions, depth + 1);
    return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
  }
  if (key.type === 'Identifier' || key.type === 'PrivateIdentifier') return key.name as string;
  if (key.type === 'PrivateName') return (key.id as Node).name as string;
  if (key.type === 'Literal') return String(key.value);
  return undefined;
}

function pathAt(input: Node, depth: number): string | undefined {
  const keys: string[] = [];
  let node = unwrap(input);
  while (node.type === 'MemberExpression') {
    const key = keys.length < maxPathSteps ? keyAt(node, depth) : undefined;
    if (key === undefined) return undefined;
    keys.push(key);
    node = unwrap(node.object as Node);
  }
  let root: string;
  if (node.type === 'Identifier') root = node.name as string;
  else if (node.type === 'ThisExpression') root = 'this';
  else return undefined;
  return [root, ...keys.reverse()].join('.');
}

type Folder = (node: Node, options: FoldOptions, depth: number) => FoldValue | undefined;

function fold(node: Node, options: FoldOptions, depth: number): FoldValue | undefined {
  if (depth > maxDepth) return undefined;
  const target = unwrap(node);
  const value = folders[target.type]?.(target, options, depth + 1);
  if (typeof value === 'string' && value.length > maxStringLength) return undefined;
  if (typeof value === 'number' && !Number.isFinite(value)) return undefined;
  return value;
}

const folders: Record<string, Folder> = {
  Literal: (node) =>
    typeof node.value === 'string' || typeof node.value === 'number' ? node.value : undefined,
  Identifier: (node, options) => options.lookup?.(node.name as string),
  TemplateLiteral: foldTemplate,
  UnaryExpression: foldUnary,
  BinaryExpression: foldBinary,
  ArrayExpression: (node, options, depth) => foldAll(node.elements as Node[], options, depth),
  CallExpression: foldCall,
};

function foldAll(nodes: (Node | null)[], options: FoldOptions, depth: number) {
  const values: FoldValue[] = [];
  for (const item of nodes) {
    if (!item || item.type === 'SpreadElement') return undefined;
    const value = fold(item, options, depth);
    if (value === undefined) return undefined;
    values.push(value);
  }
  return values;
}

function foldTemplate(node: Node, options: FoldOptions, depth: number) {
  const quasis = node.quasis as Node[];
  const parts = foldAll(node.expressions as Node[], options, depth);
  if (!parts) return undefined;
  let text = '';
  for (const [index, quasi] of quasis.entries()) {
    const cooked = (quasi.value as { cooked?: string | null }).cooked;
    if (typeof cooked !== 'string') return undefined;
    text += cooked + (index < parts.length ? String(parts[index]) : '');
  }
  return text;
}

function foldUnary(node: Node, options: FoldOptions, depth: number) {
  const argument = fold(node.argument as Node, options, depth);
  if (typeof argument !== 'number') return undefined;
  if (node.operator === '-') return -argument;
  return node.operator === '+' ? argument : undefined;
}

function foldBinary(node: Node, options: FoldOptions, depth: number) {
  const left = fold(node.left as Node, options, depth);
  const right = left === undefined ? undefined : fold(node.right as Node, options, depth);
  if (left === undefined || right === undefined) return undefined;
  if (typeof left === 'number' && typeof right === 'number') {
    return numericOperators[node.operator as string]?.(left, right);
  }
  return node.operator === '+' ? String(left) + String(right) : undefined;
}

function foldCall(node: Node, options: FoldOptions, depth: number) {
  const args = foldAll(argumentsOf(node), options, depth);
  if (!args) return undefined;
  const callee = calleeOf(node);
  if (callee.type !== 'MemberExpression') {
    const name = callee.type === 'Identifier' ? (callee.name as string) : '';
    return decoderNames.has(name) ? decode(name, args) : undefined;
  }

  // Each part of the callee is read once: reading a key twice per level would double the
  // work at every level of a nested call.
  const method = keyAt(callee, depth);
  if (method === undefined) return undefined;
  const owner = pathAt(callee.object as Node, depth);
  if (owner !== undefined) return ownedCall(withoutGlobalObject(`${owner}.${method}`), args);
  const text = method === 'toString' ? foldBuffer(callee, args, options, depth) : undefined;
  if (text !== undefined) return text;
  const receiver = fold(callee.object as Node, options, depth);
  return receiver === undefined ? undefined : methodCall(receiver, method, args);
}

/** A call whose callee is a path: a decoder on the global object or a known static. */
function ownedCall(path: string, args: FoldValue[]): FoldValue | undefined {
  return decoderNames.has(path) ? decode(path, args) : staticCall(path, args);
}

/** `Buffer.from('ZXZhbA==', 'base64').toString()` and its hex and utf8 forms. */
function foldBuffer(callee: Node, args: FoldValue[], options: FoldOptions, depth: number) {
  const source = unwrap(callee.object as Node);
  if (source.type !== 'CallExpression') return undefined;
  // Plain keys only (no folding at the depth cap): if this is not Buffer.from, the caller
  // folds the same call as a receiver next, and must not pay for its keys twice.
  if (pathAt(source.callee as Node, maxDepth) !== 'Buffer.from') return undefined;
  const [data, encoding] = foldAll(argumentsOf(source), options, depth) ?? [];
  return bufferToString(data, encoding, args[0]);
}
