import { testRule } from '../test-helpers.js';
import { noUnknownPackages } from './no-unknown-packages.js';

testRule(noUnknownPackages, {
  valid: [
    // Relative and absolute paths are the project's own files.
    "import { a } from './a.js'; import b from '../b.js'; import c from '/opt/c.js';",
    // Node builtins, with and without node:, are other rules' concern.
    "import fs from 'fs'; import { join } from 'node:path'; import('node:test');",
    { code: "import _ from 'lodash';", options: { allow: ['lodash'] } },
    // A subpath belongs to its package.
    { code: "const fp = require('lodash/fp');", options: { allow: ['lodash'] } },
    // A whole scope allowed with /*.
    {
      code: "import type { Node } from '@types/node'; import x from '@types/estree';",
      language: 'typescript',
      options: { allow: ['@types/*'] },
    },
    {
      code: "import { z } from 'zod'; export * from '@acme/ui/button';",
      options: { allow: ['zod', '@acme/ui'] },
    },
    // Package.json subpath imports start with #.
    "import config from '#config';",
  ],
  invalid: [
    // With no allow-list every third-party package is reported.
    "import _ from 'lodash';",
    { code: "import axios from 'axios';", options: { allow: ['lodash'] } },
    // A made-up name, as models produce.
    {
      code: "const { parseYamlSafe } = require('yaml-safe-parser-pro');",
      options: { allow: ['yaml'] },
    },
    // A scope allow-list entry does not cover a look-alike scope.
    { code: "import x from '@typesx/node';", options: { allow: ['@types/*'] } },
    // The allowed name must match the whole package name, not a prefix of it.
    { code: "import fse from 'fs-extra';", options: { allow: ['fs'] } },
    { code: "const ui = await import('@acme/widgets/button');", options: { allow: ['@acme/ui'] } },
    { code: "import Chart from 'react-chartz';", language: 'tsx', options: { allow: ['react'] } },
  ],
});
