/**
 * `json.patch(doc, patches)`: RFC 6902 add, remove, replace, move, copy and test over Rego
 * values, with RFC 6901 pointers. Values are immutable, so every step copies the
 * containers along its path. A patch that cannot apply (missing target, failed test, bad
 * index) makes the result undefined, as in Open Policy Agent.
 */
import { RObject, equals } from '../value.js';
import type { Value } from '../value.js';
import { arg, arr } from './args.js';
import { defineBuiltins } from './registry.js';

class PatchFailure extends Error {}

function fail(reason: string): never {
  throw new PatchFailure(reason);
}

function pointer(value: Value | undefined, field: string): string[] {
  if (typeof value !== 'string') fail(`${field} must be a JSON pointer string`);
  if (value === '') return [];
  if (!value.startsWith('/')) fail(`${field} must start with /`);
  return value
    .slice(1)
    .split('/')
    .map((t) => t.replaceAll('~1', '/').replaceAll('~0', '~'));
}

/** An array index token: digits without leading zeros, within `limit`. */
function index(token: string, limit: number): number {
  if (!/^(?:0|[1-9]\d*)$/.test(token)) fail(`invalid array index ${token}`);
  const i = Number(token);
  if (i > limit) fail(`array index ${token} out of range`);
  return i;
}

function child(container: Value, token: string): Value {
  if (container instanceof RObject) {
    const value = container.getString(token);
    return value === undefined ? fail(`missing key ${token}`) : value;
  }
  if (Array.isArray(container)) return container[index(token, container.length - 1)] as Value;
  return fail(`cannot descend into a scalar at ${token}`);
}

function withEntry(object: RObject, key: string, value: Value | undefined): RObject {
  const out = new RObject();
  for (const [k, v] of object.pairs()) if (k !== key) out.set(k, v);
  if (value !== undefined) out.set(key, value);
  return out;
}

type Leaf = (parent: Value, token: string) => Value;

function update(doc: Value, tokens: string[], leaf: Leaf): Value {
  const [token, ...rest] = tokens as [string, ...string[]];
  if (rest.length === 0) return leaf(doc, token);
  const next = update(child(doc, token), rest, leaf);
  if (doc instanceof RObject) return withEntry(doc, token, next);
  const copy = [...(doc as Value[])];
  copy[index(token, copy.length - 1)] = next;
  return copy;
}

const addLeaf =
  (value: Value): Leaf =>
  (parent, token) => {
    if (parent instanceof RObject) return withEntry(parent, token, value);
    if (!Array.isArray(parent)) return fail('cannot add to a scalar');
    const at = token === '-' ? parent.length : index(token, parent.length);
    return [...parent.slice(0, at), value, ...parent.slice(at)];
  };

const removeLeaf: Leaf = (parent, token) => {
  child(parent, token);
  if (parent instanceof RObject) return withEntry(parent, token, undefined);
  const at = index(token, (parent as Value[]).length - 1);
  return (parent as Value[]).filter((_, i) => i !== at);
};

function at(doc: Value, tokens: string[]): Value {
  return tokens.reduce(child, doc);
}

function add(doc: Value, tokens: string[], value: Value): Value {
  return tokens.length === 0 ? value : update(doc, tokens, addLeaf(value));
}

function remove(doc: Value, tokens: string[]): Value {
  if (tokens.length === 0) fail('cannot remove the whole document');
  return update(doc, tokens, removeLeaf);
}

function isPrefix(prefix: string[], path: string[]): boolean {
  return prefix.length < path.length && prefix.every((t, i) => t === path[i]);
}

function required(op: RObject, field: string): Value {
  const value = op.getString(field);
  return value === undefined ? fail(`missing ${field}`) : value;
}

function apply(doc: Value, op: RObject): Value {
  const path = pointer(op.getString('path'), 'path');
  switch (op.getString('op')) {
    case 'add':
      return add(doc, path, required(op, 'value'));
    case 'remove':
      return remove(doc, path);
    case 'replace':
      return add(remove(doc, path), path, required(op, 'value'));
    case 'test':
      return equals(at(doc, path), required(op, 'value')) ? doc : fail('test failed');
    case 'copy':
      return add(doc, path, at(doc, pointer(op.getString('from'), 'from')));
    case 'move': {
      const from = pointer(op.getString('from'), 'from');
      if (isPrefix(from, path)) fail('cannot move a value into itself');
      const value = at(doc, from);
      return add(remove(doc, from), path, value);
    }
    default:
      return fail('unrecognized op');
  }
}

/** Replacing at the root keeps the root's position; elsewhere replace is remove + add. */
function applyAll(doc: Value, ops: Value[]): Value | undefined {
  try {
    return ops.reduce<Value>((current, op) => {
      if (!(op instanceof RObject)) return fail('a patch must be an object');
      if (op.getString('op') === 'replace' && op.getString('path') === '') {
        return required(op, 'value');
      }
      return apply(current, op);
    }, doc);
  } catch (error) {
    if (error instanceof PatchFailure) return undefined;
    throw error;
  }
}

defineBuiltins([
  {
    name: 'json.patch',
    arity: 2,
    impl: (args) => {
      const doc = arg(args, 0);
      return applyAll(doc, arr('json.patch', args, 1));
    },
  },
]);
