import { testRule } from '../test-helpers.js';
import { noStringTimer } from './no-string-timer.js';

testRule(noStringTimer, {
  valid: [
    'setTimeout(fn, 100);',
    'setTimeout(() => refresh(), 10);',
    // A method reference is a function, not a string.
    'setTimeout(obj.method, 5);',
    'setInterval(function tick() { n += 1; }, 1000);',
    // A string in a later argument is passed to the callback, not run.
    "setTimeout(log, 10, 'done');",
    // An inner parameter hides the outer string constant of the same name.
    "const job = 'x()'; function later(job) { setTimeout(job, 5); }",
    // A timer method on another object is that object's business.
    "scheduler.setTimeout('task', 10);",
  ],
  invalid: [
    "setTimeout('alert(1)', 10);",
    'setInterval(`tick(${n})`, 1000);',
    "setImmediate('run' + '()');",
    "globalThis.setTimeout('refresh()', 1);",
    "window.setInterval(prefix + 'poll()', 500);",
    'setTimeout(String(code), 0);',
    "setTimeout(parts.join(''), 0);",
    // A const holding a string is still a string.
    "const job = 'cleanup()'; setTimeout(job, 5);",
    { code: "setTimeout(('run()' as string), 5);", language: 'typescript' },
  ],
});
