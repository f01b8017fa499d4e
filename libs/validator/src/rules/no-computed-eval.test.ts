import { testRule } from '../test-helpers.js';
import { noComputedEval } from './no-computed-eval.js';

testRule(noComputedEval, {
  valid: [
    // A built key that spells something harmless.
    "obj['na' + 'me'];",
    'arr[i + 1];',
    // An unknown key is not guessed at.
    'map[key];',
    // A plain literal key is no-eval's or another rule's concern, not a disguise.
    "window['eval'];",
    // A timer reached by a built key but given a function.
    "globalThis['set' + 'Timeout'](() => tick(), 10);",
    // Decoding a key on an ordinary object is data handling.
    'record[atob(field)];',
    // A const with a harmless value used as a key.
    "const k = 'id'; row[k];",
  ],
  invalid: [
    "globalThis['ev' + 'al'](code);",
    "window[`ev${'al'}`](code);",
    'this[String.fromCharCode(101, 118, 97, 108)](code);',
    "globalThis['lave'.split('').reverse().join('')](code);",
    "self[['F', 'unction'].join('')]('return 1')();",
    "globalThis[atob('ZXZhbA==')](code);",
    "[]['constr' + 'uctor']['constr' + 'uctor']('return process')();",
    // The disguise moved into a constant.
    "const k = 'req' + 'uire'; module[k]('fs');",
    // A timer given a string through a built key.
    "window['set' + 'Timeout']('alert(1)', 10);",
    // A key decoded at run time on the global object, even when it cannot be folded.
    'globalThis[atob(payload)](x);',
    // A Buffer as a key is turned into its decoded text.
    "globalThis[Buffer.from(name, 'hex')](code);",
    'window[window.String.fromCharCode(...codes)](code);',
    "Reflect.get(globalThis, 'ev' + 'al')(code);",
    { code: "(globalThis as any)['Func' + 'tion']('return 1')();", language: 'typescript' },
  ],
});
