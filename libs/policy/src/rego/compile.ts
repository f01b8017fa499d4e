/**
 * The compiler: parses modules, builds the rule tree, lowers every rule to the evaluator's
 * form with safe expression order, and reports OPA's compile errors with their location.
 */
import type { ElseBranch, Expr, Module, Term } from './ast.js';
import { ModuleContext } from './compile-functions.js';
import { checkRecursion } from './compile-recursion.js';
import { reorderBody } from './compile-safety.js';
import { Scope, SlotAllocator, topLevelNames } from './compile-scope.js';
import { TermCompiler } from './compile-terms.js';
import { buildTree, checkNode } from './compile-tree.js';
import type { Placement } from './compile-tree.js';
import type { CElse, CExpr, CRule, CTerm, RuleNode } from './eval/types.js';

export interface CompiledQuery {
  body: CExpr[];
  slots: number;
  /** The query's user variables and their slots, reported in each result. */
  outputs: Array<[string, number]>;
}

function slotsOf(term: CTerm, out: Set<number>): void {
  switch (term.t) {
    case 'var':
      out.add(term.slot);
      return;
    case 'array':
      term.items.forEach((t) => slotsOf(t, out));
      return;
    case 'object':
      term.entries.forEach(([, v]) => slotsOf(v, out));
      return;
    default:
      return;
  }
}

function compileRule(ctx: ModuleContext, placement: Placement): CRule {
  const { rule, prefixLen } = placement;
  const alloc = new SlotAllocator();
  const argsScope = new Scope(alloc, null, topLevelNames(rule.args, []));
  const tc = new TermCompiler(ctx, argsScope);
  for (const arg of rule.args) declareParams(tc, arg);
  const args = rule.args.map((a) => tc.term(a));
  const bound = new Set<number>();
  args.forEach((a) => slotsOf(a, bound));

  const restTerms = rule.ref.slice(prefixLen);
  const headTerms: Term[] = [...restTerms, ...(rule.key ? [rule.key] : []), rule.value];
  const main = compileBranch(tc, argsScope, rule.body, headTerms);
  const rest = main.head.slice(0, restTerms.length);
  const key = rule.key ? (main.head[restTerms.length] as CTerm) : null;
  const value = main.head[main.head.length - 1] as CTerm;
  const body = reorderBody(main.body, bound, alloc, main.head, rule.loc);

  const elses = rule.elses.map((branch) => compileElse(tc, argsScope, branch, bound));
  return {
    kind: rule.kind,
    pathText: placement.pathText,
    slots: alloc.names.length,
    isDefault: rule.isDefault,
    args,
    rest,
    key,
    value,
    constValue: value.t === 'const',
    body,
    elses,
    loc: rule.loc,
  };
}

function compileElse(
  tc: TermCompiler,
  argsScope: Scope,
  branch: ElseBranch,
  bound: Set<number>,
): CElse {
  const compiled = compileBranch(tc, argsScope, branch.body, [branch.value]);
  const value = compiled.head[0] as CTerm;
  return { value, body: reorderBody(compiled.body, bound, argsScope.alloc, [value], branch.loc) };
}

/** Parameters are declared variables; a repeated name must just be equal. */
function declareParams(tc: TermCompiler, term: Term): void {
  if (term.type === 'var') {
    if (!term.name.startsWith('$') && tc.scope.findDeclared(term.name) === undefined) {
      tc.scope.declare(term.name, term.loc);
    }
    return;
  }
  if (term.type === 'array') term.items.forEach((t) => declareParams(tc, t));
  if (term.type === 'object') term.entries.forEach(([, v]) => declareParams(tc, v));
}

function compileBranch(
  tc: TermCompiler,
  parent: Scope,
  body: Expr[],
  head: Term[],
): { body: CExpr[]; head: CTerm[] } {
  tc.scope = new Scope(parent.alloc, parent, topLevelNames(head, body));
  const compiledBody = tc.body(body);
  return { body: compiledBody, head: head.map((t) => tc.term(t)) };
}

function addRule(node: RuleNode, rule: CRule, placement: Placement): void {
  const ground = placement.prefixLen === placement.rule.ref.length;
  if (rule.kind === 'function') node.functions.push(rule);
  else if (!ground) node.general.push(rule);
  else if (rule.kind === 'partialset') node.sets.push(rule);
  else if (rule.isDefault) node.defaults.push(rule);
  else node.complete.push(rule);
}

function ruleNamesByPackage(modules: Module[]): Map<string, Set<string>> {
  const names = new Map<string, Set<string>>();
  for (const module of modules) {
    const key = module.packagePath.join('.');
    const set = names.get(key) ?? new Set<string>();
    for (const rule of module.rules) {
      const first = rule.ref[0];
      if (first?.type === 'string') set.add(first.value);
    }
    names.set(key, set);
  }
  return names;
}

/** Compiles parsed modules into the rule tree the evaluator walks. */
export function compileTree(modules: Module[]): RuleNode {
  const { root, placements } = buildTree(modules);
  const names = ruleNamesByPackage(modules);
  const contexts = new Map<Module, ModuleContext>();
  for (const module of modules) {
    const ruleNames = names.get(module.packagePath.join('.')) ?? new Set<string>();
    contexts.set(module, new ModuleContext(root, module.packagePath, ruleNames, module.imports));
  }
  for (const placement of placements) {
    const ctx = contexts.get(placement.module) as ModuleContext;
    addRule(placement.node, compileRule(ctx, placement), placement);
  }
  checkNode(root);
  checkRecursion(root);
  return root;
}

/** Compiles a query against the tree: no package, every variable is the query's. */
export function compileQuery(root: RuleNode, exprs: Expr[]): CompiledQuery {
  const ctx = new ModuleContext(root, [], new Set(), []);
  const scope = new Scope(new SlotAllocator(), null, topLevelNames([], exprs));
  const tc = new TermCompiler(ctx, scope);
  const body = reorderBody(tc.body(exprs), new Set(), scope.alloc, [], exprs[0]?.loc ?? loc0);
  const outputs = [...scope.declared, ...scope.implicit]
    .filter(([name]) => !name.startsWith('$'))
    .sort((a, b) => a[1] - b[1]);
  return { body, slots: scope.alloc.names.length, outputs };
}

const loc0 = { file: 'query', line: 1, column: 1 };
