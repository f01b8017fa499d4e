import { testRule } from '../test-helpers.js';
import { noUnboundedRecursion } from './no-unbounded-recursion.js';

testRule(noUnboundedRecursion, {
  valid: [
    'function f(n) { if (n <= 0) return 0; return f(n - 1); }',
    'const f = (n) => n && f(n - 1);',
    'function sum(xs) { return xs.length === 0 ? 0 : xs[0] + sum(xs.slice(1)); }',
    // The inner `f` is a different function that happens to share the name.
    'function f() { const f = () => 1; return f(); }',
    'function f(f) { return f(); }',
    // Compiled async helpers replace themselves before calling the new function.
    'function _run() { _run = wrap(function* () {}); return _run.apply(this, arguments); }',
    // A callback that calls the function later is scheduling, not recursion.
    'function tick() { setTimeout(() => tick(), 1000); }',
    // An await before the call hands control back each round; the time limit ends it.
    'async function poll() { await sleep(1000); return poll(); }',
    'function* naturals(n = 0) { yield n; yield* naturals(n + 1); }',
    // Retrying after a failure runs only when something threw.
    'function load() { try { return read(); } catch { return load(); } }',
    'class A { m() { return super.m(); } }',
    'class A { m(n) { if (n > 0) this.m(n - 1); } }',
    // Calling a different method of the same object.
    'class A { m() { this.n(); } }',
    {
      code: 'function fact(n: number): number { return n <= 1 ? 1 : n * fact(n - 1); }',
      language: 'typescript',
    },
    // An abstract method has no body to recurse in.
    { code: 'abstract class A { abstract m(): void; }', language: 'typescript' },
  ],
  invalid: [
    'function f() { return f(); }',
    'const g = () => g();',
    'function h(x) { h(x + 1); }',
    'class A { m() { this.m(); } }',
    'const obj = { walk() { return this.walk(); } };',
    'class A { static build() { return A.build(); } }',
    'class A { run = () => this.run(); }',
    'const fib = function fibonacci(n) { return fibonacci(n - 1) + fibonacci(n - 2); };',
    'function f(...args) { return f.apply(null, args); }',
    // The await waits for the recursive call, which has already started.
    'async function f() { await f(); }',
    // A catch that swallows the stack overflow still recursed all the way down.
    'function f() { try { f(); } catch (e) { leak(e); } }',
    // A condition inside the catch block does not guard the call in the try block.
    'function f() { try { f(); } catch (e) { if (e) log(e); } }',
    {
      code: 'const loop = (n: number): number => loop(n + 1);',
      language: 'typescript',
    },
  ],
});
