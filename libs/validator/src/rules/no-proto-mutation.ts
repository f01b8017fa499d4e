import type { Node } from '../ast.js';
import type { Rule } from '../rule.js';
import { globalPath, propertyName } from './support/fold.js';
import { destructuredValue, unwrap } from './support/nodes.js';

const protoMessage =
  "Found `__proto__`, which reads or replaces an object's prototype and opens the way to prototype pollution. Use Object.getPrototypeOf to read, or Object.create(proto) to build an object with a prototype.";
const literalMessage =
  'Found `__proto__` in an object literal with a non-null value, which gives the new object another prototype. Use Object.create(proto) and assign the properties, or `__proto__: null` for a dictionary.';
const setterMessage =
  'Found setPrototypeOf, which swaps the prototype of an existing object, including objects shared with other code. Build the object with Object.create(proto) instead.';

const setters = new Set(['Object.setPrototypeOf', 'Reflect.setPrototypeOf']);

function isNullLiteral(node: Node): boolean {
  const value = unwrap(node);
  return value.type === 'Literal' && value.value === null && !value.regex;
}

/**
 * `{ __proto__: x }` sets the prototype only when written as a plain (not computed, not
 * shorthand) key; `{ ['__proto__']: x }` and `{ __proto__ }` create an own property.
 */
function setsLiteralPrototype(property: Node): boolean {
  if (property.computed === true || property.shorthand === true) return false;
  if (property.kind !== 'init' || property.method === true) return false;
  return propertyName(property) === '__proto__' && !isNullLiteral(property.value as Node);
}

function readsProtoOrSetter(pattern: Node): string | undefined {
  const source = destructuredValue(pattern);
  for (const property of pattern.properties as Node[]) {
    if (property.type !== 'Property') continue;
    const key = propertyName(property);
    if (key === '__proto__') return protoMessage;
    const path = source ? globalPath(source) : undefined;
    if (key === 'setPrototypeOf' && (path === 'Object' || path === 'Reflect')) return setterMessage;
  }
  return undefined;
}

/**
 * Flags changing or walking prototypes: any `__proto__` member (read or write), a
 * `__proto__` key with a non-null value in an object literal, and Object/Reflect
 * `setPrototypeOf` (called, aliased or destructured). The string `'__proto__'` as data
 * (`key === '__proto__'`, `'__proto__' in x`) is accepted: that is how pollution guards
 * are written.
 */
export const noProtoMutation: Rule = {
  meta: {
    id: 'no-proto-mutation',
    severity: 'error',
    category: 'sandbox-escape',
    description: 'Reading or replacing prototypes through __proto__ or setPrototypeOf.',
  },
  create(context) {
    return {
      MemberExpression(node) {
        const key = propertyName(node);
        if (key === '__proto__') context.report({ node, message: protoMessage });
        else if (key === 'setPrototypeOf' && setters.has(globalPath(node) ?? '')) {
          context.report({ node, message: setterMessage });
        }
      },
      ObjectExpression(node) {
        for (const property of node.properties as Node[]) {
          if (property.type === 'Property' && setsLiteralPrototype(property)) {
            context.report({ node: property, message: literalMessage });
          }
        }
      },
      ObjectPattern(node) {
        const message = readsProtoOrSetter(node);
        if (message) context.report({ node, message });
      },
    };
  },
};
