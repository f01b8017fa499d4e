/**
 * Builtins that policies may name (so `with http.send as mock` compiles) but that never
 * run here: a policy decides from its input and data, and must not reach the network. A
 * real call fails closed with a builtin error.
 */
import { builtinError } from './args.js';
import { defineBuiltins } from './registry.js';
import type { Builtin } from './registry.js';

function unavailable(name: string, arity: number): Builtin {
  return {
    name,
    arity,
    impl: () => {
      throw builtinError(name, 'not available in Airlock policies; mock it with `with`');
    },
  };
}

defineBuiltins([unavailable('http.send', 1), unavailable('net.lookup_ip_addr', 1)]);
