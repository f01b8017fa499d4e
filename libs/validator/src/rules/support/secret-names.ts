import type { Node } from '../../ast.js';
import { propertyName } from './fold.js';
import { significantParent } from './nodes.js';

/**
 * Reading what name a literal is stored under, and whether that name says "secret".
 * Used where a value alone proves nothing (a random-looking string) but its name does.
 */

/** The name of the variable, property, parameter or attribute a value is assigned to. */
export function assignedName(value: Node): string | undefined {
  const { parent, child } = significantParent(value);
  if (!parent) return undefined;
  switch (parent.type) {
    case 'VariableDeclarator':
      return parent.init === child ? identifierName(parent.id as Node) : undefined;
    case 'AssignmentExpression':
    case 'AssignmentPattern':
      return parent.right === child ? targetName(parent.left as Node) : undefined;
    case 'Property':
    case 'PropertyDefinition':
    case 'ClassProperty':
      return parent.value === child && parent.shorthand !== true ? propertyName(parent) : undefined;
    case 'JSXAttribute':
      return parent.value === child ? ((parent.name as Node).name as string) : undefined;
    default:
      return undefined;
  }
}

function identifierName(node: Node): string | undefined {
  return node.type === 'Identifier' ? (node.name as string) : undefined;
}

function targetName(node: Node): string | undefined {
  if (node.type === 'MemberExpression') return propertyName(node);
  return identifierName(node);
}

/** `AWS_SECRET_ACCESS_KEY`, `apiKey`, `x-api-key`, `APIKey` → lower-case words. */
export function nameWords(name: string): string[] {
  const words = name.match(/[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+/g) ?? [];
  return words.map((w) => w.toLowerCase());
}

const secretWords = new Set([
  'password',
  'passwords',
  'passwd',
  'passphrase',
  'secret',
  'secrets',
  'token',
  'tokens',
  'credential',
  'credentials',
  'auth',
  'apikey',
  'accesskey',
  'privatekey',
]);

const secretPairs = ['api key', 'access key', 'private key'];

/** A last word that makes the name describe a secret rather than hold one: `tokenUrl`. */
const describingWords = new Set([
  ...['url', 'uri', 'endpoint', 'path', 'file', 'name', 'type', 'label', 'header', 'field'],
  ...['hint', 'placeholder', 'prompt', 'message', 'id', 'length', 'count', 'ttl', 'format'],
  ...['pattern', 'regex', 'version', 'method', 'kind', 'mode', 'expiry', 'expires'],
]);

/**
 * Whether a name says it holds a secret: a word such as password, secret, token,
 * credential or auth, or the pairs api key, access key and private key. A name that ends
 * in a describing word (`tokenUrl`, `passwordField`, `secretName`) does not.
 */
export function isSecretName(name: string): boolean {
  const words = nameWords(name);
  if (words.length === 0 || describingWords.has(words.at(-1) as string)) return false;
  if (words.some((w) => secretWords.has(w))) return true;
  const joined = ` ${words.join(' ')} `;
  return secretPairs.some((pair) => joined.includes(` ${pair} `));
}

/** Whether a name says it holds an AWS secret: it has the words aws and secret. */
export function isAwsSecretName(name: string): boolean {
  const words = nameWords(name);
  return words.includes('aws') && words.includes('secret');
}
