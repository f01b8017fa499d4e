import { testRule } from '../test-helpers.js';
import { noBuiltinPrototypeMutation } from './no-builtin-prototype-mutation.js';

testRule(noBuiltinPrototypeMutation, {
  valid: [
    'MyClass.prototype.method = function () {};',
    // Reading a built-in method to borrow it changes nothing.
    'const items = Array.prototype.slice.call(arguments);',
    'const keys = Object.keys(o);',
    'Object.assign(target, defaults);',
    // Freezing built-ins hardens them; it is the opposite of this rule's concern.
    'Object.freeze(Object.prototype);',
    "Object.defineProperty(obj, 'x', { value: 1 });",
    // A property called prototype on a user object.
    'config.prototype.enabled = true;',
    // A setting, not a hook: it only says how many frames a stack trace keeps.
    'Error.stackTraceLimit = 50;',
    'globalThis.Error.stackTraceLimit = Infinity;',
    { code: 'Widget.prototype.render = function (this: Widget) {};', language: 'typescript' },
  ],
  invalid: [
    'Object.prototype.polluted = true;',
    'Array.prototype.map = function () { return []; };',
    'Function.prototype.call = hook;',
    'String.prototype.trim = evil;',
    'Promise.prototype.then = intercept;',
    'JSON.parse = (text) => steal(text);',
    "Object.prototype['x'] = 1;",
    'globalThis.Array.prototype.push = hook;',
    'delete Object.prototype.hasOwnProperty;',
    "Object.defineProperty(Object.prototype, 'isAdmin', { get: () => true });",
    'Object.assign(Array.prototype, { first() { return this[0]; } });',
    // Built-ins reached through a literal's constructor or prototype.
    '[].constructor.prototype.flat = hook;',
    "Object.getPrototypeOf('').trim = hook;",
    "Object.prototype.__defineGetter__('x', hook);",
    'Math.random = () => 0.5;',
    // Error's other properties are behaviour: replacing captureStackTrace hooks host code.
    'Error.captureStackTrace = hook;',
    { code: '(Array.prototype as any).last = function () {};', language: 'typescript' },
  ],
});
