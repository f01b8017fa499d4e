import { testRule } from '../test-helpers.js';
import { noConstructorChain } from './no-constructor-chain.js';

testRule(noConstructorChain, {
  valid: [
    'const kind = value.constructor.name;',
    // One step up is the class of a value, not the Function constructor.
    'const Self = this.constructor; new Self();',
    'class A { constructor() { this.x = 1; } }',
    'if (obj.constructor === Object) copy(obj);',
    // A property named like the chain on a plain path does not repeat the key.
    'const c = config.constructor_options.constructor;',
    // Concatenation that folds to another name.
    "x.constructor['constr' + 'ucted'];",
    'const { constructor } = instance;',
    { code: 'const n: string = (value as object).constructor.name;', language: 'typescript' },
  ],
  invalid: [
    'const F = x.constructor.constructor; F("return process")();',
    "x['constructor']['constructor']('return this')();",
    // The computed key folds to "constructor".
    "x.constructor['constr' + 'uctor'];",
    'x.constructor[`constructor`];',
    "''.sub.constructor.constructor('return this')();",
    'const AsyncFunction = Object.getPrototypeOf(async function () {}).constructor;',
    'const G = (function* () {}).constructor;',
    '(() => {}).constructor("return this")();',
    'const { constructor: { constructor: F } } = x;',
    'const { constructor: F } = x.constructor;',
    'x?.constructor?.constructor;',
    { code: '(x as any).constructor.constructor("code");', language: 'typescript' },
    { code: '(x!.constructor as any)["constructor"];', language: 'typescript' },
  ],
});
