/**
 * Recursion check: Rego forbids a rule or function that depends on itself, directly or
 * through others. The dependency graph links each rule node to the nodes its bodies read
 * (`data` references, user function calls, `with` replacements); a cycle is an error.
 */
import { RegoError } from './errors.js';
import type { CExpr, CRule, CTerm, RuleNode } from './eval/types.js';
import { nodeHasRules } from './eval/types.js';
import { keyOf } from './value.js';

function hasDefinitions(node: RuleNode): boolean {
  return nodeHasRules(node) || node.functions.length > 0;
}

function addSubtree(node: RuleNode, out: Set<RuleNode>): void {
  if (hasDefinitions(node)) out.add(node);
  for (const child of node.children.values()) addSubtree(child, out);
}

/** The nodes a `data` path may read: those on its ground prefix, or all below it. */
function dataDeps(root: RuleNode, path: CTerm[], out: Set<RuleNode>): void {
  let node = root;
  for (const step of path) {
    if (step.t !== 'const') return addSubtree(node, out);
    const child = node.children.get(keyOf(step.v));
    if (child === undefined) return;
    node = child;
    if (hasDefinitions(node)) {
      out.add(node);
      return;
    }
  }
  addSubtree(node, out);
}

function termDeps(root: RuleNode, term: CTerm, out: Set<RuleNode>): void {
  const recurse = (t: CTerm): void => termDeps(root, t, out);
  switch (term.t) {
    case 'dataref':
      dataDeps(root, term.path, out);
      term.path.forEach(recurse);
      return;
    case 'ref':
      recurse(term.head);
      term.path.forEach(recurse);
      return;
    case 'array':
    case 'set':
      term.items.forEach(recurse);
      return;
    case 'object':
      term.entries.forEach(([k, v]) => (recurse(k), recurse(v)));
      return;
    case 'comp':
      recurse(term.head);
      if (term.value !== null) recurse(term.value);
      bodyDeps(root, term.body, out);
      return;
    case 'call':
      if (term.fn.kind === 'user') out.add(term.fn.node);
      term.args.forEach(recurse);
      if (term.output !== null) recurse(term.output);
      return;
    default:
      return;
  }
}

function bodyDeps(root: RuleNode, body: CExpr[], out: Set<RuleNode>): void {
  for (const expr of body) {
    for (const w of expr.withs) {
      termDeps(root, w.value, out);
      if (w.fn?.kind === 'user') out.add(w.fn.node);
    }
    const terms: Array<CTerm | null> =
      expr.k === 'term'
        ? [expr.term]
        : expr.k === 'unify'
          ? [expr.left, expr.right]
          : expr.k === 'somein'
            ? [expr.key, expr.value, expr.coll]
            : expr.k === 'every'
              ? [expr.key, expr.value, expr.domain]
              : [];
    for (const term of terms) if (term !== null) termDeps(root, term, out);
    if (expr.k === 'every') bodyDeps(root, expr.body, out);
  }
}

function ruleDeps(root: RuleNode, rule: CRule, out: Set<RuleNode>): void {
  for (const term of [...rule.args, ...rule.rest, rule.value]) termDeps(root, term, out);
  if (rule.key !== null) termDeps(root, rule.key, out);
  bodyDeps(root, rule.body, out);
  for (const branch of rule.elses) {
    termDeps(root, branch.value, out);
    bodyDeps(root, branch.body, out);
  }
}

function rulesOf(node: RuleNode): CRule[] {
  return [...node.complete, ...node.defaults, ...node.sets, ...node.general, ...node.functions];
}

/** Throws rego_recursion_error when a rule or function depends on itself. */
export function checkRecursion(root: RuleNode): void {
  const deps = new Map<RuleNode, Set<RuleNode>>();
  const nodes = new Set<RuleNode>();
  addSubtree(root, nodes);
  for (const node of nodes) {
    const out = new Set<RuleNode>();
    for (const rule of rulesOf(node)) ruleDeps(root, rule, out);
    deps.set(node, out);
  }
  const done = new Set<RuleNode>();
  const stack: RuleNode[] = [];
  const visit = (node: RuleNode): void => {
    if (done.has(node)) return;
    const at = stack.indexOf(node);
    if (at >= 0) {
      const cycle = [...stack.slice(at), node].map((n) => n.pathText).join(' -> ');
      const loc = rulesOf(node)[0]?.loc;
      throw new RegoError(
        'rego_recursion_error',
        `rule ${node.pathText} is recursive: ${cycle}`,
        loc,
      );
    }
    stack.push(node);
    for (const next of deps.get(node) ?? []) visit(next);
    stack.pop();
    done.add(node);
  };
  for (const node of nodes) visit(node);
}
