import type { Node } from '../ast.js';
import type { Rule } from '../rule.js';
import { findSecrets, stringTextVisitors } from './support/secret-patterns.js';
import { propertyName } from './support/fold.js';
import { calleeOf, significantParent } from './support/nodes.js';

const message =
  'Found a private key in a string literal. A private key in code is a leaked key: revoke it, remove it, and let the egress proxy or a signing capability hold keys outside the sandbox.';

/** A literal that is nothing but a PEM armour line, such as a parser looks for. */
const markerOnly = /^\s*-----(?:BEGIN|END) [A-Z ]+-----\s*$/;

const searchMethods = new Set([
  'startsWith',
  'endsWith',
  'includes',
  'indexOf',
  'lastIndexOf',
  'split',
  'replace',
  'replaceAll',
]);

const comparisons = new Set(['===', '!==', '==', '!=']);

/** Whether a literal is searched for or compared against, rather than used as a key. */
function isSearchedFor(node: Node): boolean {
  const { parent, child } = significantParent(node);
  if (parent?.type === 'BinaryExpression') return comparisons.has(parent.operator as string);
  if (parent?.type !== 'CallExpression' || !(parent.arguments as Node[]).includes(child)) {
    return false;
  }
  const callee = calleeOf(parent);
  return callee.type === 'MemberExpression' && searchMethods.has(propertyName(callee) ?? '');
}

/**
 * Flags PEM private key armour (`-----BEGIN RSA PRIVATE KEY-----`, also EC, DSA, OPENSSH,
 * ENCRYPTED, PKCS #8 and PGP private key blocks) in string and template literals. Public
 * keys and certificates are accepted, and so is a bare armour line that is only searched
 * for or compared against, as in a PEM parser. Comments are not part of the syntax tree
 * and are not checked.
 */
export const noPrivateKeys: Rule = {
  meta: {
    id: 'no-private-keys',
    severity: 'error',
    category: 'secrets',
    description: 'PEM or PGP private keys written into the code.',
  },
  create(context) {
    return stringTextVisitors((node, text) => {
      if (findSecrets(text, 'private-key').length === 0) return;
      if (markerOnly.test(text) && isSearchedFor(node)) return;
      context.report({ node, message });
    });
  },
};
