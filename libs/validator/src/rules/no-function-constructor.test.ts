import { testRule } from '../test-helpers.js';
import { noFunctionConstructor } from './no-function-constructor.js';

testRule(noFunctionConstructor, {
  valid: [
    'function foo() { return 1; } foo();',
    // Checking a value's type calls nothing.
    "if (typeof x === 'function') x();",
    'const isFn = x instanceof Function;',
    // Borrowing a method from Function.prototype does not compile a string.
    'Function.prototype.toString.call(fn);',
    // A local constructor with a similar name.
    'new FunctionRegistry();',
    { code: 'const handler: Function = () => 1;', language: 'typescript' },
  ],
  invalid: [
    "new Function('a', 'return a + 1');",
    "Function('return this')();",
    'globalThis.Function(body)();',
    "new (globalThis['Function'])('return 1');",
    "Reflect.construct(Function, ['return process']);",
    // call, apply and bind reach the same constructor.
    "Function.call(null, 'return 1');",
    // An alias stored for later use.
    "const F = Function; new F('return 1');",
    { code: "const f = new (Function as any)('x', 'return x');", language: 'typescript' },
  ],
});
