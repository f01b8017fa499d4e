import { testRule } from '../test-helpers.js';
import { noDynamicRequire } from './no-dynamic-require.js';

testRule(noDynamicRequire, {
  valid: [
    "require('lodash');",
    "import('./x.js');",
    // A template without expressions is as literal as a quoted string.
    'import(`./x.js`);',
    // Feature tests and property reads on require are ordinary.
    "if (typeof require === 'function') require.resolve('lodash');",
    'const main = require.main === module;',
    // A method named require on another object.
    'container.require(dep);',
  ],
  invalid: [
    'require(name);',
    'import(url);',
    // Concatenation hides the module even when it folds to a constant.
    "require('child_' + 'process');",
    'import(`./plugins/${plugin}.js`);',
    'module.require(x);',
    "require['res' + 'olve'](x);",
    'const load = require;',
    "const req = createRequire(import.meta.url); req('fs');",
    'require.call(null, name);',
    { code: 'const mod = require(moduleName as string);', language: 'typescript' },
  ],
});
