import { testRule } from '../test-helpers.js';
import { noCalleeCaller } from './no-callee-caller.js';

testRule(noCalleeCaller, {
  valid: [
    'function f() { return arguments.length + arguments[0]; }',
    'const id = event.callerId;',
    // `.callee` is only special on `arguments`; elsewhere it is a plain property.
    'const target = options.callee;',
    'function g(args) { return args.callee; }',
    // `.arguments` on data (an AST node) is not a function's live arguments.
    'for (const arg of node.arguments) visit(arg);',
    // Writing a property named caller reads nothing from the stack.
    'ctx.caller = currentUser;',
    'const { callee } = call;',
    // A method named caller is called, not read: Babel hands plugins `api.caller(cb)`.
    'const isServer = api.caller((caller) => caller?.target === "node");',
    'const name = (0, api.caller)(getName);',
    // Parameters destructure data handed in, not a function object.
    'function handle({ caller, payload }) { return [caller, payload]; }',
    {
      code: 'const n: number = (call as { arguments: unknown[] }).arguments.length;',
      language: 'typescript',
    },
  ],
  invalid: [
    'function f() { return arguments.callee; }',
    'function f() { return arguments.caller; }',
    'function f() { return f.caller; }',
    'const up = handler.caller.caller;',
    "const c = fn['call' + 'er'];",
    'function f() { return f.arguments; }',
    'function f() { const { callee } = arguments; return callee; }',
    'const { caller } = someFunction;',
    // Read, then called through another member: the function itself is taken.
    'function f() { return f.caller.call(null); }',
    'run(fn.caller);',
    {
      code: 'function f(this: unknown) { return (arguments as any).callee.caller; }',
      language: 'typescript',
    },
  ],
});
