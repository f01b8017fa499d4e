import { testRule } from '../test-helpers.js';
import { noFsModule } from './no-fs-module.js';

testRule(noFsModule, {
  valid: [
    // fs-extra is a different package; no-unknown-packages decides about it.
    "import fse from 'fs-extra';",
    // A local file named fs.
    "import { readFile } from './fs.js';",
    // The string 'fs' outside an import.
    "const kind = 'fs';",
    { code: "import type { Stats } from 'node:fs';", language: 'typescript' },
  ],
  invalid: [
    "import { readFileSync } from 'fs';",
    "import { readFile } from 'node:fs/promises';",
    "const fs = require('fs');",
    "const { writeFile } = await import('fs/promises');",
    "export * as fs from 'node:fs';",
    "module.require('fs');",
    { code: "import fs = require('node:fs');", language: 'typescript' },
  ],
});
