/**
 * `opa.runtime()`: in Open Policy Agent, the server's configuration and environment. A
 * policy here gets an empty object: environment variables may hold secrets, and secrets
 * never reach policy evaluation.
 */
import { RObject } from '../value.js';
import { defineBuiltins } from './registry.js';

defineBuiltins([{ name: 'opa.runtime', arity: 0, impl: () => new RObject() }]);
