import type { Node } from '../ast.js';
import type { Rule } from '../rule.js';
import { globalPath, propertyName } from './support/fold.js';

/**
 * Flags reads of `process.env`: generated code that reads the environment is after
 * configuration and credentials it was never given. Capabilities reach code through
 * `env`, never through the host's environment.
 */
export const noProcessEnv: Rule = {
  meta: {
    id: 'no-process-env',
    severity: 'error',
    category: 'host-access',
    description: 'Reading the host environment through process.env.',
  },
  create(context) {
    const message =
      'process.env exposes the host environment (API keys, credentials). Ask for a capability through env instead.';
    return {
      MemberExpression(node) {
        // The key first: it is one step, and a path is up to 16 on a long chain.
        if (propertyName(node) !== 'env') return;
        if (globalPath(node.object as Node) === 'process') context.report({ node, message });
      },
      VariableDeclarator(node) {
        const init = node.init as Node | null;
        const id = node.id as Node;
        if (!init || id.type !== 'ObjectPattern') return;
        if (globalPath(init) !== 'process') return;
        const takesEnv = (id.properties as Node[]).some(
          (p) => p.type === 'Property' && propertyName(p) === 'env',
        );
        if (takesEnv) context.report({ node, message });
      },
    };
  },
};
