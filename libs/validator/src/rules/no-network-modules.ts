import type { Rule } from '../rule.js';
import { moduleBanRule } from './support/module-imports.js';

/** Flags imports of Node's socket, DNS and HTTP modules, which bypass the egress proxy. */
export const noNetworkModules: Rule = moduleBanRule({
  meta: {
    id: 'no-network-modules',
    severity: 'error',
    category: 'host-access',
    description: 'Importing net, dgram, dns, tls, http, https or http2 to open connections.',
  },
  modules: ['net', 'dgram', 'dns', 'dns/promises', 'tls', 'http', 'https', 'http2'],
  advice:
    "Raw sockets and HTTP clients bypass the egress proxy and the policy's host allow-list. " +
    'Use the fetch capability (env.fetch), which sends requests through the proxy.',
});
