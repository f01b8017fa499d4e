import { memberPath, type Node } from '../ast.js';
import type { Rule } from '../rule.js';

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
        const path = memberPath(node);
        if (path === 'process.env' || path === 'globalThis.process.env') {
          context.report({ node, message });
        }
      },
      VariableDeclarator(node) {
        const init = node.init as Node | null;
        const id = node.id as Node;
        if (!init || id.type !== 'ObjectPattern') return;
        if (memberPath(init) !== 'process') return;
        const takesEnv = (id.properties as Node[]).some(
          (p) => p.type === 'Property' && (p.key as Node).name === 'env',
        );
        if (takesEnv) context.report({ node, message });
      },
    };
  },
};
