/**
 * Runtime builtins. `opa.runtime()` is, in Open Policy Agent, the server's configuration
 * and environment; a policy here gets an empty object, because environment variables may
 * hold secrets and secrets never reach policy evaluation. `trace(note)` is always true:
 * notes are for OPA's tracer, which this engine does not have.
 */
import { RObject } from '../value.js';
import { str } from './args.js';
import { defineBuiltins } from './registry.js';

defineBuiltins([
  { name: 'opa.runtime', arity: 0, impl: () => new RObject() },
  {
    name: 'trace',
    arity: 1,
    impl: (args) => {
      str('trace', args, 0);
      return true;
    },
  },
]);
