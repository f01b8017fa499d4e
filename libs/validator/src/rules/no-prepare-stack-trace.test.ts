import { testRule } from '../test-helpers.js';
import { noPrepareStackTrace } from './no-prepare-stack-trace.js';

testRule(noPrepareStackTrace, {
  valid: [
    'try { run(); } catch (err) { log(err.stack); }',
    // The name as data, not as a property access.
    "throw new Error('prepareStackTrace');",
    'console.trace();',
    'Error.captureStackTrace(this, MyError);',
    // A look-alike property name.
    'options.prepareStackTraces = true;',
    "Reflect.get(err, 'stack');",
  ],
  invalid: [
    'Error.prepareStackTrace = (err, frames) => frames;',
    'const original = Error.prepareStackTrace;',
    'globalThis.Error.prepareStackTrace = hook;',
    "Error['prepare' + 'StackTrace'] = hook;",
    // Error reached without its name.
    'err.constructor.prepareStackTrace = hook;',
    'const { prepareStackTrace } = Error;',
    'Object.assign(Error, { prepareStackTrace: hook });',
    "Object.defineProperty(Error, 'prepareStackTrace', { value: hook });",
    "Reflect.set(Error, 'prepareStackTrace', hook);",
    {
      code: '(Error as any).prepareStackTrace = (_e: Error, s: unknown[]) => s;',
      language: 'typescript',
    },
  ],
});
