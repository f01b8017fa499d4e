import type { Node } from '../ast.js';
import type { Rule } from '../rule.js';
import { assignedName, isSecretName } from './support/secret-names.js';
import { stringTextVisitors } from './support/secret-patterns.js';
import {
  looksLikePlaceholder,
  looksLikeWords,
  shannonEntropyBits,
} from './support/string-entropy.js';

const defaultMinEntropyBits = 3.5;
const defaultMinLength = 16;

function numberOption(options: Record<string, unknown>, name: string, fallback: number): number {
  const value = options[name];
  return typeof value === 'number' && value > 0 ? value : fallback;
}

/** Text that is plainly not a credential: prose, a URL or path, or words run together. */
function isDescriptive(text: string): boolean {
  if (/\s/.test(text) || text.includes('://') || text.startsWith('/')) return true;
  return looksLikeWords(text);
}

/** The literal's whole value: a string literal, or a template literal with no expressions. */
function wholeValue(node: Node): Node | undefined {
  if (node.type === 'Literal') return node;
  const template = node.parent;
  if (template?.type !== 'TemplateLiteral') return undefined;
  return (template.quasis as Node[]).length === 1 ? template : undefined;
}

/**
 * Flags a string literal that looks random (at least `minLength` characters, default 16,
 * with Shannon entropy of at least `minEntropy` bits per character, default 3.5) stored
 * under a name that says secret: password, passwd, secret, token, apiKey, api_key,
 * accessKey, privateKey, credential, auth, in any case style. Placeholders, prose, URLs,
 * words run together (`?NonExpressionParenEnd`, as a tokenizer's `lastToken` may hold),
 * low-entropy values and values read from elsewhere are accepted. It is a warning: a
 * random-looking value under such a name is very likely, not certainly, a credential.
 */
export const noHighEntropySecrets: Rule = {
  meta: {
    id: 'no-high-entropy-secrets',
    severity: 'warning',
    category: 'secrets',
    description: 'Random-looking string literals assigned to names such as password or apiKey.',
    options: { minEntropy: 'positive-number', minLength: 'positive-number' },
  },
  create(context) {
    const minEntropyBits = numberOption(context.options, 'minEntropy', defaultMinEntropyBits);
    const minLength = numberOption(context.options, 'minLength', defaultMinLength);

    return stringTextVisitors((node, text) => {
      if (text.length < minLength || isDescriptive(text) || looksLikePlaceholder(text)) return;
      const value = wholeValue(node);
      const name = value ? assignedName(value) : undefined;
      if (name === undefined || !isSecretName(name)) return;
      const entropyBits = shannonEntropyBits(text);
      if (entropyBits < minEntropyBits) return;
      context.report({
        node,
        message: `Found a random-looking string (${text.length} characters, ${entropyBits.toFixed(1)} bits of entropy per character) assigned to \`${name}\`, which is named like a secret. Remove it from the code and ask for a capability whose secret the egress proxy adds outside the sandbox.`,
      });
    });
  },
};
