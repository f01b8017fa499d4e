import type { Node } from '../../ast.js';
import {
  charCodePaths,
  decoderNames,
  foldConstant,
  type FoldOptions,
  globalName,
  memberPath,
  propertyName,
} from './fold.js';
import { calleeOf, unwrap } from './nodes.js';

/** Globals that return a string whatever they are given. */
const stringFunctions = new Set([
  ...decoderNames,
  ...['String', 'btoa', 'encodeURIComponent', 'escape'],
]);

const stringStatics = new Set([...charCodePaths, 'JSON.stringify']);

const stringMethods = new Set([
  'toString',
  'join',
  'toLowerCase',
  'toUpperCase',
  'trim',
  'replace',
  'replaceAll',
  'repeat',
  'padStart',
  'padEnd',
  'substring',
  'normalize',
]);

const maxDepth = 32;

/**
 * Whether an expression evaluates to a string as far as its shape shows: a literal, a
 * template, a concatenation with a string, a conditional with a string branch, or a call
 * that returns one (`String(x)`, `atob(x)`, `parts.join('')`). `lookup` resolves constants.
 */
export function isStringLike(node: Node, options: FoldOptions = {}, depth = 0): boolean {
  if (depth > maxDepth) return false;
  const target = unwrap(node);
  if (typeof foldConstant(target, options) === 'string') return true;
  const next = (child: unknown) => isStringLike(child as Node, options, depth + 1);
  switch (target.type) {
    case 'TemplateLiteral':
      return true;
    case 'BinaryExpression':
      return target.operator === '+' && (next(target.left) || next(target.right));
    case 'LogicalExpression':
      return next(target.left) || next(target.right);
    case 'ConditionalExpression':
      return next(target.consequent) || next(target.alternate);
    case 'TaggedTemplateExpression':
      return memberPath(target.tag as Node) === 'String.raw';
    case 'CallExpression':
      return returnsString(target);
    default:
      return false;
  }
}

function returnsString(call: Node): boolean {
  const callee = calleeOf(call);
  const name = globalName(callee);
  if (name !== undefined && stringFunctions.has(name)) return true;
  const path = memberPath(callee);
  if (path !== undefined && stringStatics.has(path)) return true;
  if (callee.type !== 'MemberExpression') return false;
  const method = propertyName(callee);
  return method !== undefined && stringMethods.has(method);
}
