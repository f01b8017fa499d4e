import { memberPath, propertyName, type Node } from '../../ast.js';
import { argumentsOf, globalName, unwrap } from './nodes.js';

/**
 * A small constant folder: it computes what an expression built only from constants
 * evaluates to, so rules see `'ev' + 'al'`, `String.fromCharCode(101, 118, 97, 108)` or
 * `atob('ZXZhbA==')` as the string they spell. It never runs the code: each supported
 * operation is re-implemented on already-folded values, and anything else is "unknown".
 */
export type FoldValue = string | number | FoldValue[];

export interface FoldOptions {
  /** The folded value of a variable, when the caller tracks constants; undefined if unknown. */
  lookup?: (name: string) => FoldValue | undefined;
}

const maxDepth = 64;
const maxStringLength = 10_000;

/** What `node` evaluates to when it is built from constants only, else undefined. */
export function foldConstant(node: Node, options: FoldOptions = {}): FoldValue | undefined {
  return fold(node, options, 0);
}

/** `foldConstant` narrowed to strings. */
export function foldString(node: Node, options: FoldOptions = {}): string | undefined {
  const value = fold(node, options, 0);
  return typeof value === 'string' ? value : undefined;
}

type Folder = (node: Node, options: FoldOptions, depth: number) => FoldValue | undefined;

function fold(node: Node, options: FoldOptions, depth: number): FoldValue | undefined {
  if (depth > maxDepth) return undefined;
  const target = unwrap(node);
  const value = folders[target.type]?.(target, options, depth + 1);
  if (typeof value === 'string' && value.length > maxStringLength) return undefined;
  return value;
}

const folders: Record<string, Folder> = {
  Literal: (node) =>
    typeof node.value === 'string' || typeof node.value === 'number' ? node.value : undefined,
  Identifier: (node, options) => options.lookup?.(node.name as string),
  TemplateLiteral: foldTemplate,
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

function foldBinary(node: Node, options: FoldOptions, depth: number) {
  const left = fold(node.left as Node, options, depth);
  const right = fold(node.right as Node, options, depth);
  if (left === undefined || right === undefined) return undefined;
  if (typeof left === 'number' && typeof right === 'number') {
    if (node.operator === '+') return left + right;
    if (node.operator === '-') return left - right;
    if (node.operator === '*') return left * right;
    return undefined;
  }
  return node.operator === '+' ? String(left) + String(right) : undefined;
}

function foldCall(node: Node, options: FoldOptions, depth: number) {
  const args = foldAll(argumentsOf(node), options, depth);
  if (!args) return undefined;
  const callee = unwrap(node.callee as Node);

  const global = globalName(callee);
  if (global !== undefined && global in decoders) return decode(global, args);
  const path = memberPath(callee);
  if (path === 'String.fromCharCode' || path === 'String.fromCodePoint') {
    return fromCodes(path, args);
  }
  if (callee.type !== 'MemberExpression') return undefined;

  const method = propertyName(callee);
  const bufferText =
    method === 'toString' ? foldBufferToString(callee, args, options, depth) : undefined;
  if (bufferText !== undefined) return bufferText;
  const receiver = fold(callee.object as Node, options, depth);
  if (receiver === undefined || method === undefined) return undefined;
  return Array.isArray(receiver)
    ? arrayMethod(receiver, method, args)
    : stringMethod(String(receiver), method, args);
}

const decoders: Record<string, (text: string) => string> = {
  atob: (text) => atob(text),
  decodeURIComponent: (text) => decodeURIComponent(text),
  decodeURI: (text) => decodeURI(text),
  unescape: (text) => unescape(text),
};

function decode(name: string, args: FoldValue[]): string | undefined {
  const [text] = args;
  if (typeof text !== 'string') return undefined;
  try {
    return decoders[name]?.(text);
  } catch {
    return undefined;
  }
}

function fromCodes(path: string, args: FoldValue[]): string | undefined {
  if (!args.every((code) => typeof code === 'number')) return undefined;
  const codes = args as number[];
  try {
    return path === 'String.fromCharCode'
      ? String.fromCharCode(...codes)
      : String.fromCodePoint(...codes);
  } catch {
    return undefined;
  }
}

const bufferEncodings = new Set(['base64', 'base64url', 'hex', 'utf8', 'utf-8', 'latin1']);
const textEncodings = new Set(['utf8', 'utf-8', 'latin1', 'binary', 'ascii']);

/** `Buffer.from('ZXZhbA==', 'base64').toString()` and its hex and utf8 forms. */
function foldBufferToString(callee: Node, args: FoldValue[], options: FoldOptions, depth: number) {
  const source = unwrap(callee.object as Node);
  if (
    source.type !== 'CallExpression' ||
    memberPath(unwrap(source.callee as Node)) !== 'Buffer.from'
  ) {
    return undefined;
  }
  const [data, encoding = 'utf8'] = foldAll(argumentsOf(source), options, depth) ?? [];
  const [target = 'utf8'] = args;
  if (typeof data !== 'string' || typeof encoding !== 'string' || typeof target !== 'string') {
    return undefined;
  }
  if (!bufferEncodings.has(encoding) || !textEncodings.has(target)) return undefined;
  return Buffer.from(data, encoding as BufferEncoding).toString(target as BufferEncoding);
}

function arrayMethod(items: FoldValue[], method: string, args: FoldValue[]) {
  if (method === 'reverse') return [...items].reverse();
  if (method === 'join') {
    const [separator = ','] = args;
    if (typeof separator !== 'string' || items.some(Array.isArray)) return undefined;
    return items.join(separator);
  }
  return undefined;
}

function stringMethod(text: string, method: string, args: FoldValue[]) {
  const strings = args.every((arg) => typeof arg === 'string') ? (args as string[]) : undefined;
  const numbers = args.every((arg) => typeof arg === 'number') ? (args as number[]) : undefined;
  switch (method) {
    case 'toString':
      return args.length === 0 ? text : undefined;
    case 'trim':
      return text.trim();
    case 'toLowerCase':
      return text.toLowerCase();
    case 'toUpperCase':
      return text.toUpperCase();
    case 'concat':
      return strings ? text.concat(...strings) : undefined;
    case 'split':
      return strings?.length === 1 ? text.split(strings[0] as string) : undefined;
    case 'slice':
    case 'substring':
      return numbers && numbers.length <= 2 ? text[method](numbers[0] ?? 0, numbers[1]) : undefined;
    case 'replace':
      return strings?.length === 2
        ? text.replace(strings[0] as string, strings[1] as string)
        : undefined;
    default:
      return undefined;
  }
}
