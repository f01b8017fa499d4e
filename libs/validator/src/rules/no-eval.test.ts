import { testRule } from '../test-helpers.js';
import { noEval } from './no-eval.js';

testRule(noEval, {
  valid: [
    // exec on a regex or a database is not eval, though it also "executes".
    'const m = /a+/.exec(s); db.exec("select 1");',
    // The word eval inside a string is data.
    'log("never call eval on input");',
    // A method whose name starts with eval.
    'const score = model.evaluate(input);',
    // A local function with another name.
    'function evaluateExpression(ast) { return ast.value; } evaluateExpression(tree);',
    // A property or key named eval on an ordinary object is not the global.
    'const ops = { eval: 1 }; ops.eval; page.eval(script);',
    // In TypeScript, `typeof eval` in a type position runs nothing.
    {
      code: 'declare const run: typeof eval; type T = ReturnType<typeof run>;',
      language: 'typescript',
    },
  ],
  invalid: [
    'eval(code);',
    // Indirect eval: the comma operator hands back eval itself, run in global scope.
    '(0, eval)(code);',
    'globalThis.eval(code);',
    'window.eval("alert(1)");',
    "global['eval'](code);",
    'self.eval(code);',
    // eval passed around as a value, to be called later.
    'const e = eval; e(code);',
    'run([eval][0]);',
    { code: 'const f = (eval as (s: string) => unknown)(src);', language: 'typescript' },
    { code: 'const App = () => <button onClick={() => eval(input)}>go</button>;', language: 'jsx' },
  ],
});
