import type { Node } from '../../ast.js';
import type { Visitors } from '../../rule.js';

const functionTypes = ['FunctionDeclaration', 'FunctionExpression', 'ArrowFunctionExpression'];

/**
 * A per-function map from variable names to what a rule knows about them (a folded
 * constant, "holds decoded text"). A name declared without a known value is recorded as
 * `null`, so an inner parameter or variable hides an outer entry of the same name.
 * NOTE: scopes are functions only; a `let` in a block is taken as a name of the whole
 * function, and a value assigned later than its use is not seen at the use.
 */
export class ScopedNames<T> {
  private readonly scopes: Array<Map<string, T | null>> = [new Map()];

  /** Records what `name` holds in the innermost function (null: declared, value unknown). */
  set(name: string, value: T | null): void {
    this.scopes.at(-1)?.set(name, value);
  }

  /** The value of the nearest declaration of `name`, or undefined if none is known. */
  get(name: string): T | undefined {
    for (let i = this.scopes.length - 1; i >= 0; i -= 1) {
      const scope = this.scopes[i] as Map<string, T | null>;
      if (scope.has(name)) return scope.get(name) ?? undefined;
    }
    return undefined;
  }

  /** Visitors that open a scope per function, with its identifier parameters declared. */
  visitors(): Visitors {
    const visitors: Visitors = {};
    for (const type of functionTypes) {
      visitors[type] = (node) => this.enter(node);
      visitors[`${type}:exit`] = () => this.scopes.pop();
    }
    return visitors;
  }

  /**
   * {@link visitors}, plus one that records every `const name = init` as `valueOf(init)`.
   * Any other declaration of a name (`let`, `var`, destructuring, a `const` whose value is
   * unknown) is recorded as null, so it hides an outer constant of the same name.
   */
  constantVisitors(valueOf: (init: Node) => T | undefined): Visitors {
    return {
      ...this.visitors(),
      VariableDeclarator: (node) => {
        const id = node.id as Node;
        if (id.type !== 'Identifier') return;
        const init = node.init as Node | null;
        const isConst = node.parent?.kind === 'const';
        this.set(id.name as string, (init && isConst ? valueOf(init) : undefined) ?? null);
      },
    };
  }

  private enter(node: Node): void {
    const id = node.id as Node | null | undefined;
    if (node.type === 'FunctionDeclaration' && id) this.set(id.name as string, null);
    const scope = new Map<string, T | null>();
    for (const param of node.params as Node[]) {
      if (param.type === 'Identifier') scope.set(param.name as string, null);
    }
    this.scopes.push(scope);
  }
}
