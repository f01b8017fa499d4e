/**
 * The rule tree: every rule is anchored at the node of its head's longest ground prefix
 * (`data.pkg.p` for `p[x] := …`), packages are inner nodes.
 */
import type { Module, Rule, Term } from './ast.js';
import { RegoError } from './errors.js';
import type { RuleNode } from './eval/types.js';
import { RObject, RSet, keyOf, stringify } from './value.js';
import type { Value } from './value.js';

export interface Placement {
  rule: Rule;
  module: Module;
  node: RuleNode;
  /** Steps of `rule.ref` consumed by the anchor node. */
  prefixLen: number;
  pathText: string;
}

let nextId = 0;

function newNode(path: Value[]): RuleNode {
  return {
    id: nextId++,
    key: path.length === 0 ? null : (path[path.length - 1] as Value),
    path,
    pathText: pathText(path),
    children: new Map(),
    complete: [],
    defaults: [],
    sets: [],
    general: [],
    functions: [],
    arity: -1,
  };
}

export function pathText(path: Value[]): string {
  return path.reduce<string>(
    (text, step) =>
      typeof step === 'string' && /^[A-Za-z_][A-Za-z0-9_]*$/.test(step)
        ? `${text}.${step}`
        : `${text}[${stringify(step)}]`,
    'data',
  );
}

export function ensureNode(root: RuleNode, path: Value[]): RuleNode {
  let node = root;
  for (let i = 0; i < path.length; i += 1) {
    const step = path[i] as Value;
    let child = node.children.get(keyOf(step));
    if (child === undefined) {
      child = newNode(path.slice(0, i + 1));
      node.children.set(keyOf(step), child);
    }
    node = child;
  }
  return node;
}

/** The value of a term without variables, else undefined. */
export function groundValue(term: Term): Value | undefined {
  switch (term.type) {
    case 'null':
      return null;
    case 'boolean':
    case 'number':
    case 'string':
      return term.value;
    case 'array': {
      const items = term.items.map(groundValue);
      return items.every((v) => v !== undefined) ? (items as Value[]) : undefined;
    }
    case 'set': {
      const items = term.items.map(groundValue);
      return items.every((v) => v !== undefined) ? RSet.of(items as Value[]) : undefined;
    }
    case 'object': {
      const pairs = term.entries.map(([k, v]) => [groundValue(k), groundValue(v)] as const);
      if (pairs.some(([k, v]) => k === undefined || v === undefined)) return undefined;
      return RObject.fromEntries(pairs as Array<[Value, Value]>);
    }
    default:
      return undefined;
  }
}

export function buildTree(modules: Module[]): { root: RuleNode; placements: Placement[] } {
  const root = newNode([]);
  const placements: Placement[] = [];
  for (const module of modules) {
    ensureNode(root, module.packagePath);
    for (const rule of module.rules) placements.push(place(root, module, rule));
  }
  return { root, placements };
}

function place(root: RuleNode, module: Module, rule: Rule): Placement {
  const values = rule.ref.map(groundValue);
  let prefixLen = values.findIndex((v) => v === undefined);
  if (prefixLen < 0) prefixLen = values.length;
  const full = [...module.packagePath, ...(values.slice(0, prefixLen) as Value[])];
  const text = pathText([...module.packagePath, ...values.map((v) => v ?? '…')]);
  if (rule.kind === 'function' && prefixLen < values.length) {
    throw new RegoError('rego_compile_error', `function ${text} must have a ground name`, rule.loc);
  }
  const node = ensureNode(root, full);
  if (rule.kind === 'function') {
    if (node.arity >= 0 && node.arity !== rule.args.length) {
      throw new RegoError(
        'rego_compile_error',
        `function ${text} has arity ${rule.args.length}, but other definitions have ${node.arity}`,
        rule.loc,
      );
    }
    node.arity = rule.args.length;
  }
  return { rule, module, node, prefixLen, pathText: text };
}

/** Kinds that cannot share a path: OPA rejects such modules. */
export function checkNode(node: RuleNode): void {
  const kinds = [
    node.complete.length + node.defaults.length > 0,
    node.sets.length > 0,
    node.general.length > 0,
    node.functions.length > 0,
  ].filter(Boolean).length;
  const rule = node.complete[0] ?? node.sets[0] ?? node.general[0] ?? node.functions[0];
  if (kinds > 1) {
    throw new RegoError(
      'rego_compile_error',
      `conflicting rules ${node.pathText} found`,
      rule?.loc,
    );
  }
  const defaults = node.defaults.length + node.functions.filter((r) => r.isDefault).length;
  if (defaults > 1) {
    throw new RegoError(
      'rego_compile_error',
      `multiple default rules ${node.pathText} found`,
      node.defaults[1]?.loc,
    );
  }
  for (const child of node.children.values()) checkNode(child);
}
