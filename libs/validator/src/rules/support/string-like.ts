import { memberPath, propertyName, type Node } from '../../ast.js';
import { foldConstant, type FoldOptions } from './fold.js';
import { globalName, unwrap } from './nodes.js';

const stringFunctions = new Set([
  'String',
  'atob',
  'btoa',
  'decodeURIComponent',
  'decodeURI',
  'encodeURIComponent',
  'unescape',
  'escape',
]);

const stringStatics = new Set(['String.fromCharCode', 'String.fromCodePoint', 'JSON.stringify']);

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
      return memberPath(unwrap(target.tag as Node)) === 'String.raw';
    case 'CallExpression':
      return returnsString(target);
    default:
      return false;
  }
}

function returnsString(call: Node): boolean {
  const callee = unwrap(call.callee as Node);
  const name = globalName(callee);
  if (name !== undefined && stringFunctions.has(name)) return true;
  const path = memberPath(callee);
  if (path !== undefined && stringStatics.has(path)) return true;
  if (callee.type !== 'MemberExpression') return false;
  const method = propertyName(callee);
  return method !== undefined && stringMethods.has(method);
}
