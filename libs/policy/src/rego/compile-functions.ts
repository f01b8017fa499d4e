/** Name resolution per module: rule names, imports, user functions and builtins. */
import type { Import, Location } from './ast.js';
import { getBuiltin } from './builtins/index.js';
import { RegoError } from './errors.js';
import type { FnTarget, RuleNode } from './eval/types.js';
import { keyOf } from './value.js';

export class ModuleContext {
  private readonly imports = new Map<string, string[]>();

  constructor(
    readonly root: RuleNode,
    readonly packagePath: string[],
    readonly ruleNames: Set<string>,
    imports: Import[],
  ) {
    for (const imp of imports) {
      if (imp.path[0] !== 'data' && imp.path[0] !== 'input') continue;
      const alias = imp.alias ?? imp.path[imp.path.length - 1];
      if (alias !== undefined) this.imports.set(alias, imp.path);
    }
  }

  /** The absolute path a bare name stands for: a rule of the package or an import. */
  globalPath(name: string): string[] | undefined {
    if (this.ruleNames.has(name)) return ['data', ...this.packagePath, name];
    return this.imports.get(name);
  }
}

export function findNode(root: RuleNode, path: string[]): RuleNode | undefined {
  let node: RuleNode | undefined = root;
  for (const step of path) {
    node = node?.children.get(keyOf(step));
    if (node === undefined) return undefined;
  }
  return node;
}

/** The function a call names, with its number of input arguments. */
export function resolveFunction(
  ctx: ModuleContext,
  name: string,
  loc: Location,
): { fn: FnTarget; arity: number } {
  const parts = name.split('.');
  let path: string[] | undefined;
  if (parts[0] === 'data') path = parts.slice(1);
  else {
    const global = ctx.globalPath(parts[0] ?? '');
    if (global !== undefined && global[0] === 'data')
      path = [...global.slice(1), ...parts.slice(1)];
  }
  const node = path === undefined ? undefined : findNode(ctx.root, path);
  if (node !== undefined && path !== undefined && node.arity >= 0) {
    return { fn: { kind: 'user', key: `data.${path.join('.')}`, node }, arity: node.arity };
  }
  const builtin = getBuiltin(name);
  if (builtin !== undefined) {
    return { fn: { kind: 'builtin', key: name, builtin }, arity: builtin.arity };
  }
  throw new RegoError('rego_compile_error', `undefined function ${name}`, loc);
}
