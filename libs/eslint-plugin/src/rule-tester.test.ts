import { RuleTester, type Rule } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, it } from 'vitest';
import plugin from './index.js';

// RuleTester looks for mocha-style globals; vitest's are imported, not global, here.
RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

/**
 * The adapted rules run under ESLint's own RuleTester, which also checks what ESLint
 * requires of a rule: it must not modify the tree, must read `range` rather than
 * `start`/`end`, and must accept the options its schema allows.
 */
const tester = new RuleTester({ languageOptions: { ecmaVersion: 'latest', sourceType: 'module' } });

/** typescript-eslint's parser, as a TypeScript project would configure it. */
const typescript = { languageOptions: { parser: tseslint.parser } };
const tsx = {
  languageOptions: { parser: tseslint.parser, parserOptions: { ecmaFeatures: { jsx: true } } },
};

function rule(id: string): Rule.RuleModule {
  const found = plugin.rules[id];
  if (!found) throw new Error(`The plugin has no rule named ${id}.`);
  return found;
}

describe('rules under ESLint RuleTester', () => {
  tester.run('no-process-env', rule('no-process-env'), {
    valid: [
      'export default (input, env) => env.kv.get(input.key);',
      // A property called env on another object.
      'settings.env.region;',
      { code: 'const mode: string = config.env.mode;', ...typescript },
    ],
    invalid: [
      {
        code: 'const token = process.env.GITHUB_TOKEN;',
        errors: [{ message: /process\.env/, line: 1, column: 15 }],
      },
      {
        code: 'function f() {\n  const { env } = process;\n}',
        errors: [{ message: /process\.env/, line: 2 }],
      },
      { code: "globalThis.process['env'].HOME;", errors: 1 },
      { code: 'const key = process.env.KEY as string | undefined;', ...typescript, errors: 1 },
    ],
  });

  tester.run('no-eval', rule('no-eval'), {
    valid: [
      'const match = /x+/.exec(text);',
      "report('do not eval user input');",
      'const result = model.evaluate(batch);',
      { code: 'type Evaluator = typeof eval;', ...typescript },
    ],
    invalid: [
      { code: 'eval(input.expression);', errors: 1 },
      // Indirect eval runs in the global scope: still eval.
      { code: '(0, eval)(source);', errors: 1 },
      { code: 'globalThis.eval(source);', errors: 1 },
      { code: 'const run = (src: string): unknown => eval(src);', ...typescript, errors: 1 },
      { code: 'const B = () => <b onClick={() => eval(code)} />;', ...tsx, errors: 1 },
    ],
  });

  tester.run('no-function-constructor', rule('no-function-constructor'), {
    valid: [
      'const isCallable = value instanceof Function;',
      'Function.prototype.toString.call(handler);',
      { code: 'let callback: Function | undefined;', ...typescript },
    ],
    invalid: [
      { code: "const add = new Function('a', 'b', 'return a + b');", errors: 1 },
      { code: "Function('return this')();", errors: 1 },
      { code: "const make = new (Function as any)('return 1');", ...typescript, errors: 1 },
    ],
  });

  tester.run('no-child-process', rule('no-child-process'), {
    valid: [
      "import { runJob } from './child_process.js';",
      "const name = 'child_process';",
      { code: "import type { SpawnOptions } from 'node:child_process';", ...typescript },
    ],
    invalid: [
      { code: "import { execSync } from 'node:child_process';", errors: 1 },
      { code: "const { spawn } = require('child_process');", errors: 1 },
      { code: "const cp = await import('child_process');", errors: 1 },
      { code: "import cp = require('child_process');", ...typescript, errors: 1 },
    ],
  });

  tester.run('no-vm-module', rule('no-vm-module'), {
    valid: ["import { NodeVM } from 'vm2';", "import { run } from './vm.js';"],
    invalid: [
      { code: "import vm from 'node:vm';", errors: 1 },
      { code: "const { Worker } = require('worker_threads');", errors: 1 },
      { code: "import { runInContext } from 'vm';", ...typescript, errors: 1 },
    ],
  });

  tester.run('no-string-timer', rule('no-string-timer'), {
    valid: [
      'setTimeout(() => refresh(), 250);',
      "setTimeout(log, 10, 'a string argument for log');",
    ],
    invalid: [
      { code: "setTimeout('refresh()', 250);", errors: 1 },
      { code: 'setInterval(`poll(${id})`, 1000);', errors: 1 },
      { code: "setTimeout(('tick()' as string), 5);", ...typescript, errors: 1 },
    ],
  });

  tester.run('no-infinite-loop', rule('no-infinite-loop'), {
    valid: [
      'while (true) { if (queue.length === 0) break; queue.shift(); }',
      'for (let i = 0; i < rows.length; i += 1) { total += rows[i]; }',
      'async function poll() { while (true) { await sleep(500); } }',
      { code: 'while (true as boolean) { if (done()) break; }', ...typescript },
    ],
    invalid: [
      { code: 'while (true) { work(); }', errors: 1 },
      { code: 'for (;;) {}', errors: 1 },
      // Reported where the loop starts, naming its header.
      { code: 'do {\n  spin();\n} while (1);', errors: [{ message: /loop/, line: 1, column: 1 }] },
      { code: 'while (true) { const n: number = next(); use(n); }', ...typescript, errors: 1 },
    ],
  });

  // Options from the ESLint configuration reach the rule as its options object.
  tester.run('no-unknown-packages', rule('no-unknown-packages'), {
    valid: [
      { code: "import _ from 'lodash';", options: [{ allow: ['lodash'] }] },
      "import { readConfig } from './config.js';",
    ],
    invalid: [
      { code: "import _ from 'lodash';", errors: 1 },
      { code: "import axios from 'axios';", options: [{ allow: ['lodash'] }], errors: 1 },
    ],
  });
});
