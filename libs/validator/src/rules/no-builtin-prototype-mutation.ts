import type { Node } from '../ast.js';
import type { Rule } from '../rule.js';
import { writeKindOf } from './support/write-target.js';
import { globalPath, propertyName, withoutGlobalObject } from './support/fold.js';
import { calleeOf, unwrap } from './support/nodes.js';

/** The ECMAScript built-ins every piece of code in a realm shares. */
const builtins = new Set([
  ...['Object', 'Function', 'Array', 'String', 'Number', 'Boolean', 'Symbol', 'BigInt'],
  ...['Math', 'JSON', 'Reflect', 'Proxy', 'Promise', 'RegExp', 'Date', 'Atomics', 'Intl'],
  ...['Error', 'AggregateError', 'EvalError', 'RangeError', 'ReferenceError', 'SyntaxError'],
  ...['TypeError', 'URIError', 'Map', 'Set', 'WeakMap', 'WeakSet', 'WeakRef', 'Iterator'],
  ...['FinalizationRegistry', 'ArrayBuffer', 'SharedArrayBuffer', 'DataView', 'WebAssembly'],
  ...['Int8Array', 'Uint8Array', 'Uint8ClampedArray', 'Int16Array', 'Uint16Array'],
  ...['Int32Array', 'Uint32Array', 'Float32Array', 'Float64Array', 'BigInt64Array'],
  'BigUint64Array',
]);

/** Calls that write to the object in their first argument. */
const mutatingCalls = new Set([
  'Object.defineProperty',
  'Object.defineProperties',
  'Object.assign',
  'Reflect.set',
  'Reflect.defineProperty',
  'Reflect.deleteProperty',
]);

const legacyDefiners = new Set(['__defineGetter__', '__defineSetter__']);

/**
 * Built-in properties that are settings, not behaviour: they hold a number no host code
 * calls, so writing them hooks nothing. `Error.stackTraceLimit` only sets how many frames
 * a stack trace keeps (the hook, `Error.prepareStackTrace`, is no-prepare-stack-trace's).
 */
const settings = new Set(['Error.stackTraceLimit']);

/** The built-in whose `.constructor` a literal reaches: `[]` → Array, `''` → String. */
function literalBuiltin(input: Node): string | undefined {
  const node = unwrap(input);
  if (node.type === 'ArrayExpression') return 'Array';
  if (node.type === 'ObjectExpression') return 'Object';
  if (node.type === 'TemplateLiteral') return 'String';
  if (node.type === 'FunctionExpression' || node.type === 'ArrowFunctionExpression') {
    return 'Function';
  }
  if (node.type !== 'Literal') return undefined;
  if (node.regex) return 'RegExp';
  const kinds: Record<string, string> = { string: 'String', number: 'Number', boolean: 'Boolean' };
  return kinds[typeof node.value];
}

function prototypeOfLiteral(node: Node): string | undefined {
  const callee = globalPath(node.callee as Node);
  if (callee !== 'Object.getPrototypeOf' && callee !== 'Reflect.getPrototypeOf') return undefined;
  const [argument] = node.arguments as Node[];
  const builtin = argument ? literalBuiltin(argument) : undefined;
  return builtin === undefined ? undefined : `${builtin}.prototype`;
}

/** Longer chains are not followed: no built-in is written to that deep. */
const maxPathParts = 16;

function rawBuiltinPath(input: Node, depth = 0): string | undefined {
  const node = unwrap(input);
  if (node.type === 'Identifier') return node.name as string;
  if (node.type === 'CallExpression') return prototypeOfLiteral(node);
  if (node.type !== 'MemberExpression' || depth >= maxPathParts) return undefined;
  const key = propertyName(node);
  if (key === undefined) return undefined;
  const viaLiteral = key === 'constructor' ? literalBuiltin(node.object as Node) : undefined;
  if (viaLiteral) return viaLiteral;
  const object = rawBuiltinPath(node.object as Node, depth + 1);
  return object === undefined ? undefined : `${object}.${key}`;
}

/**
 * The path of an expression when it starts at a built-in: `Array.prototype`,
 * `globalThis.JSON`, `[].constructor.prototype`, `Object.getPrototypeOf('')`.
 */
function builtinPath(node: Node): string | undefined {
  const raw = rawBuiltinPath(node);
  if (raw === undefined) return undefined;
  const path = withoutGlobalObject(raw);
  return builtins.has(path.split('.')[0] as string) ? path : undefined;
}

function describeWrite(member: Node): string | undefined {
  const kind = writeKindOf(member);
  if (kind === undefined) return undefined;
  const object = builtinPath(member.object as Node);
  if (object === undefined) return undefined;
  const target = `${object}.${propertyName(member) ?? '[…]'}`;
  if (settings.has(target)) return undefined;
  return kind === 'delete' ? `delete ${target}` : `a write to ${target}`;
}

function describeCall(call: Node): string | undefined {
  const callee = calleeOf(call);
  const [first] = call.arguments as Node[];
  const name = globalPath(callee);
  if (name !== undefined && mutatingCalls.has(name) && first) {
    const target = builtinPath(first);
    return target === undefined ? undefined : `${name}(${target}, …)`;
  }
  if (callee.type !== 'MemberExpression' || !legacyDefiners.has(propertyName(callee) ?? '')) {
    return undefined;
  }
  const target = builtinPath(callee.object as Node);
  return target === undefined ? undefined : `${target}.${propertyName(callee)}(…)`;
}

function messageFor(found: string): string {
  return `Found ${found}, which changes a built-in that all code in this realm shares, the host's glue code included. Put the function on your own object or class, or wrap the value, instead.`;
}

/**
 * Flags assigning to, deleting or redefining properties of the ECMAScript built-ins and
 * their prototypes: `Array.prototype.map = …`, `JSON.parse = …`, `delete Object.prototype.x`,
 * `Object.defineProperty(Promise.prototype, 'then', …)`, `Object.assign(Array.prototype, …)`.
 * Reading them (`Array.prototype.slice.call(x)`) and freezing them are accepted, and so
 * are writes to settings that hook nothing (`Error.stackTraceLimit = 50`).
 *
 * NOTE: a local variable that shadows a built-in's name (`const Map = {}; Map.x = 1`) is
 * still treated as the built-in; rename the variable.
 */
export const noBuiltinPrototypeMutation: Rule = {
  meta: {
    id: 'no-builtin-prototype-mutation',
    severity: 'error',
    category: 'sandbox-escape',
    description:
      'Assigning to, deleting or redefining properties of built-ins and their prototypes.',
  },
  create(context) {
    return {
      MemberExpression(node) {
        const found = describeWrite(node);
        if (found) context.report({ node, message: messageFor(found) });
      },
      CallExpression(node) {
        const found = describeCall(node);
        if (found) context.report({ node, message: messageFor(found) });
      },
    };
  },
};
