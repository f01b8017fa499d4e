import { testRule } from '../test-helpers.js';
import { noInfiniteLoop } from './no-infinite-loop.js';

testRule(noInfiniteLoop, {
  valid: [
    'while (true) { if (done()) break; step(); }',
    'function f() { for (;;) { return 1; } }',
    'function* ids() { let i = 0; while (true) { yield i++; } }',
    'async function poll() { while (true) { await sleep(1000); check(); } }',
    'while (true) { if (bad()) throw new Error("stop"); }',
    'while (true) { process.exit(0); }',
    // A labelled break that names this loop leaves it from inside a nested switch.
    'loop: while (true) { switch (next()) { case 0: break loop; default: work(); } }',
    // `continue outer` leaves the inner loop for the next round of the outer one.
    'outer: for (const x of xs) { while (true) { if (x) continue outer; } }',
    // The condition is not a constant: out of scope.
    'while (running) { tick(); }',
    'for (let i = 0; i < 10; i++) { work(i); }',
    { code: 'while (true as boolean) { if (stop()) break; }', language: 'typescript' },
  ],
  invalid: [
    'while (true) { work(); }',
    'while (1) {}',
    'for (;;) { i++; }',
    'for (;true;) { tick(); }',
    'do { spin(); } while (true);',
    'while (!0) { tick(); }',
    // A break inside a nested loop or switch only leaves that one.
    'while (true) { for (const x of xs) { break; } }',
    'while (true) { switch (x) { case 1: break; } }',
    // The return belongs to the callback, not to the loop.
    'while (true) { items.forEach((item) => { return item; }); }',
    // `continue` to its own label goes round again.
    'spin: while (true) { continue spin; }',
    // The break after continue can never run.
    'while (true) { continue; break; }',
    'while (true) { if (false) break; tick(); }',
    // An async function whose loop never awaits still blocks the thread.
    'async function f() { while (true) { count++; } }',
    { code: 'while (true) { const x: number = next(); use(x); }', language: 'typescript' },
  ],
});
