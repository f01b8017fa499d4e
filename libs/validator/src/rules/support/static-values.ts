import type { Node } from '../../ast.js';

/**
 * Values a rule can know without running the code: literals, and simple arithmetic or
 * concatenation of literals. Folding is shallow on purpose: code that builds a name from
 * variables is beyond a static check, and the executor's isolation is the layer that
 * holds then.
 */

/** TypeScript-only wrappers and parentheses that do not change the value they wrap. */
const transparentTypes = new Set([
  'TSAsExpression',
  'TSSatisfiesExpression',
  'TSNonNullExpression',
  'TSTypeAssertion',
  'TSInstantiationExpression',
  'ParenthesizedExpression',
  'ChainExpression',
]);

/** The expression under TypeScript casts, `!`, parentheses and optional-chain wrappers. */
export function unwrapExpression(node: Node): Node {
  let current = node;
  while (transparentTypes.has(current.type)) current = current.expression as Node;
  return current;
}

/** The nearest ancestor that is not a transparent wrapper, and the child under it. */
export function significantParent(node: Node): { parent: Node | null; child: Node } {
  let child = node;
  let parent = node.parent ?? null;
  while (parent && transparentTypes.has(parent.type)) {
    child = parent;
    parent = parent.parent ?? null;
  }
  return { parent, child };
}

/** Start offset of a node under acorn, Babel, espree and typescript-eslint alike. */
export function offsetOf(node: Node): number {
  const range = node.range as [number, number] | undefined;
  return range ? range[0] : node.start;
}

/** End offset of a node, as {@link offsetOf}. */
export function endOffsetOf(node: Node): number {
  const range = node.range as [number, number] | undefined;
  return range ? range[1] : node.end;
}

const numericOperators: Record<string, (a: number, b: number) => number> = {
  '+': (a, b) => a + b,
  '-': (a, b) => a - b,
  '*': (a, b) => a * b,
  '/': (a, b) => a / b,
  '%': (a, b) => a % b,
  '**': (a, b) => a ** b,
  '<<': (a, b) => a << b,
};

/** Deeper expressions are not folded, so a crafted expression cannot cost unbounded time. */
const maxFoldDepth = 32;

/** A finite number from a literal, `-x`, `a op b` of foldable numbers or `Math.pow(a, b)`. */
export function foldNumber(input: Node | null | undefined, depth = 0): number | undefined {
  if (!input || depth > maxFoldDepth) return undefined;
  const node = unwrapExpression(input);
  let value: number | undefined;
  if (node.type === 'Literal' && typeof node.value === 'number') value = node.value;
  else if (node.type === 'UnaryExpression') value = foldUnary(node, depth + 1);
  else if (node.type === 'BinaryExpression') value = foldBinary(node, depth + 1);
  else if (node.type === 'CallExpression') value = foldMathPow(node, depth + 1);
  return value !== undefined && Number.isFinite(value) ? value : undefined;
}

function foldUnary(node: Node, depth: number): number | undefined {
  const argument = foldNumber(node.argument as Node, depth);
  if (argument === undefined) return undefined;
  if (node.operator === '-') return -argument;
  if (node.operator === '+') return argument;
  return undefined;
}

function foldBinary(node: Node, depth: number): number | undefined {
  const apply = numericOperators[node.operator as string];
  if (!apply) return undefined;
  const left = foldNumber(node.left as Node, depth);
  const right = left === undefined ? undefined : foldNumber(node.right as Node, depth);
  return left === undefined || right === undefined ? undefined : apply(left, right);
}

function foldMathPow(node: Node, depth: number): number | undefined {
  const callee = unwrapExpression(node.callee as Node);
  if (callee.type !== 'MemberExpression' || staticKey(callee) !== 'pow') return undefined;
  const object = unwrapExpression(callee.object as Node);
  if (object.type !== 'Identifier' || object.name !== 'Math') return undefined;
  const [base, exponent] = node.arguments as Node[];
  const a = foldNumber(base, depth);
  const b = foldNumber(exponent, depth);
  return a === undefined || b === undefined ? undefined : a ** b;
}

/**
 * A string from a literal, a template whose parts all fold, or `+` concatenation where
 * one side folds to a string and the other to a string or number.
 */
export function foldString(input: Node | null | undefined, depth = 0): string | undefined {
  if (!input || depth > maxFoldDepth) return undefined;
  const node = unwrapExpression(input);
  if (node.type === 'Literal') return typeof node.value === 'string' ? node.value : undefined;
  if (node.type === 'TemplateLiteral') return foldTemplate(node, depth + 1);
  if (node.type !== 'BinaryExpression' || node.operator !== '+') return undefined;
  const left = node.left as Node;
  const right = node.right as Node;
  const leftText = foldString(left, depth + 1);
  const rightText = foldString(right, depth + 1);
  if (leftText !== undefined && rightText !== undefined) return leftText + rightText;
  if (leftText !== undefined) return withNumber(leftText, right, depth + 1, false);
  if (rightText !== undefined) return withNumber(rightText, left, depth + 1, true);
  return undefined;
}

function withNumber(
  text: string,
  other: Node,
  depth: number,
  numberFirst: boolean,
): string | undefined {
  const value = foldNumber(other, depth);
  if (value === undefined) return undefined;
  return numberFirst ? `${value}${text}` : `${text}${value}`;
}

function foldTemplate(node: Node, depth: number): string | undefined {
  const quasis = node.quasis as Node[];
  const expressions = node.expressions as Node[];
  let text = '';
  for (const [index, quasi] of quasis.entries()) {
    const cooked = (quasi.value as { cooked?: string | null }).cooked;
    if (cooked === undefined || cooked === null) return undefined;
    text += cooked;
    const expression = expressions[index];
    if (!expression) continue;
    const part = foldString(expression, depth) ?? foldNumber(expression, depth);
    if (part === undefined) return undefined;
    text += String(part);
  }
  return text;
}

/**
 * The name a member expression, property or class member refers to: `a.b`, `a['b']`,
 * `a['b' + 'c']`, `{ b: 1 }`, `{ 'b': 1 }`, `{ ['b']: 1 }`, `#b`. Undefined when dynamic.
 */
export function staticKey(node: Node): string | undefined {
  const key = (node.type === 'MemberExpression' ? node.property : node.key) as Node | undefined;
  if (!key) return undefined;
  if (node.computed === true) return foldString(key) ?? numberKey(key);
  if (key.type === 'Identifier' || key.type === 'PrivateIdentifier') return key.name as string;
  if (key.type === 'PrivateName') return (key.id as Node).name as string;
  if (key.type === 'Literal') return String(key.value);
  return undefined;
}

function numberKey(key: Node): string | undefined {
  const value = foldNumber(key);
  return value === undefined ? undefined : String(value);
}

/** Whether a condition is a literal that is always true: `true`, `1`, `'x'`, `!0`. */
export function isConstantTruthy(node: Node | null | undefined): boolean {
  return constantTruth(node) === true;
}

/** Whether a condition is a literal that is always false: `false`, `0`, `''`, `null`, `!1`. */
export function isConstantFalsy(node: Node | null | undefined): boolean {
  return constantTruth(node) === false;
}

function constantTruth(input: Node | null | undefined): boolean | undefined {
  if (!input) return undefined;
  const node = unwrapExpression(input);
  if (node.type === 'Literal') return node.regex ? true : Boolean(node.value);
  if (node.type === 'UnaryExpression' && node.operator === '!') {
    const inner = constantTruth(node.argument as Node);
    return inner === undefined ? undefined : !inner;
  }
  return undefined;
}
