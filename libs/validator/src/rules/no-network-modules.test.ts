import { testRule } from '../test-helpers.js';
import { noNetworkModules } from './no-network-modules.js';

testRule(noNetworkModules, {
  valid: [
    // The fetch capability is how code reaches the network.
    "export default async (input, env) => env.fetch('https://api.example.com');",
    // Packages whose names start like a builtin are other packages.
    "import httpStatus from 'http-status';",
    "import { get } from './http.js';",
    // The URL scheme in a string is not a module.
    "const url = 'https://example.com';",
  ],
  invalid: [
    "import net from 'net';",
    "import { createSocket } from 'node:dgram';",
    "const dns = require('dns');",
    "import { resolve4 } from 'node:dns/promises';",
    "import tls from 'tls';",
    "const https = await import('https');",
    "import http2 from 'node:http2';",
    "export { request } from 'http';",
    { code: "import * as http from 'node:http';", language: 'typescript' },
  ],
});
