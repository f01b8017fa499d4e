import { testRule } from '../test-helpers.js';
import { noProtoMutation } from './no-proto-mutation.js';

testRule(noProtoMutation, {
  valid: [
    'const dict = Object.create(null);',
    // A null prototype makes a safe dictionary; it is the recommended form.
    'const dict = { __proto__: null, a: 1 };',
    'const proto = Object.getPrototypeOf(x);',
    'const p = obj.proto;',
    // The name as data: this is how prototype-pollution guards are written.
    "if (key === '__proto__' || '__proto__' in input) throw new Error('bad key');",
    // Computed and shorthand keys create an own property, not a prototype.
    "const o = { ['__proto__']: value };",
    'const o = { __proto__ };',
    'const child = Object.create(parentProto);',
    {
      code: 'const p: object | null = Object.getPrototypeOf(x as object);',
      language: 'typescript',
    },
  ],
  invalid: [
    'obj.__proto__ = evil;',
    'const p = obj.__proto__;',
    "({}).__proto__['polluted'] = true;",
    "obj['__pro' + 'to__'].isAdmin = true;",
    'const o = { __proto__: base };',
    "const o = { '__proto__': base };",
    'Object.setPrototypeOf(obj, evil);',
    'Reflect.setPrototypeOf(obj, evil);',
    'const swap = Object.setPrototypeOf;',
    'const { setPrototypeOf } = Reflect;',
    'const { __proto__: p } = obj;',
    { code: '(obj as any).__proto__ = evil;', language: 'typescript' },
  ],
});
