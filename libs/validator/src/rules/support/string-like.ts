import type { Node } from '../../ast.js';
import { foldConstant, globalPath, memberPath, propertyName, type FoldOptions } from './fold.js';
import { decodingCalls } from './decoders.js';
import { calleeOf, unwrap } from './nodes.js';

/** Global paths of functions that return a string whatever they are given. */
const stringFunctions = new Set([
  ...decodingCalls,
  ...['String', 'btoa', 'encodeURIComponent', 'escape', 'JSON.stringify'],
]);

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
  const path = globalPath(callee);
  if (path !== undefined && stringFunctions.has(path)) return true;
  const method = callee.type === 'MemberExpression' ? propertyName(callee) : undefined;
  return method !== undefined && stringMethods.has(method);
}
