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

/** The static name of a member expression's property (`a.b`, `a['b']`), or undefined. */
export function propertyName(member: Node): string | undefined {
  const property = member.property as Node | undefined;
  if (!property) return undefined;
  if (!member.computed && property.type === 'Identifier') return property.name as string;
  return staticString(property);
}

/** The value of a string literal or a template literal without expressions. */
export function staticString(node: Node | null | undefined): string | undefined {
  if (!node) return undefined;
  if (node.type === 'Literal' && typeof node.value === 'string') return node.value;
  if (node.type === 'TemplateLiteral') {
    const expressions = node.expressions as Node[];
    const quasis = node.quasis as Node[];
    if (expressions.length === 0 && quasis.length === 1) {
      return (quasis[0]?.value as { cooked?: string }).cooked ?? undefined;
    }
  }
  return undefined;
}

/** Longer chains are never what a rule looks for; stopping keeps each lookup constant-time. */
const maxPathSteps = 16;

/**
 * `a.b.c` for a chain of identifiers and static member accesses (at most 16 steps),
 * otherwise undefined. Iterative, so a pathological 10,000-step chain costs nothing.
 */
export function memberPath(node: Node): string | undefined {
  const steps: string[] = [];
  let current = node;
  for (let depth = 0; depth <= maxPathSteps; depth += 1) {
    if (current.type === 'ChainExpression') current = current.expression as Node;
    if (current.type === 'Identifier')
      return [current.name as string, ...steps.reverse()].join('.');
    if (current.type === 'ThisExpression') return ['this', ...steps.reverse()].join('.');
    if (current.type !== 'MemberExpression') return undefined;
    const property = propertyName(current);
    if (property === undefined) return undefined;
    steps.push(property);
    current = current.object as Node;
  }
  return undefined;
}

/** The callee of a call with chains and parentheses seen through. */
export function calleeOf(call: Node): Node {
  const callee = call.callee as Node;
  return callee.type === 'ChainExpression' ? (callee.expression as Node) : callee;
}
