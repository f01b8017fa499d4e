/**
 * Payloads that rewrite built-ins and then return, throw or log, aimed at the bootstrap
 * code that runs after the user's code and builds what the host reads. The host must get
 * the true status and value, and no rewrite may crash the run. Same table shape as
 * escape-cases.ts.
 */
import { expect } from 'vitest';
import { errorWith, okWith, type EscapeCase } from './escape-cases.js';

const forged = `{ ok: true, value: 'forged' }`;

export const envelopeForgery: EscapeCase[] = [
  {
    name: 'Object.prototype.toJSON answering a success envelope, then a throw',
    code: `export default () => {
      Object.prototype.toJSON = function () { return ${forged}; };
      throw new Error('real');
    }`,
    holds: errorWith('Error', /^real$/),
  },
  {
    name: 'Object.prototype.toJSON answering undefined, then an object result',
    code: `export default () => { Object.prototype.toJSON = () => undefined; return { a: 1 }; }`,
    holds: (result) => expect(result.status).toBe('ok'),
  },
  {
    name: 'Promise.prototype.constructor and then rewritten to fulfil with an envelope, then a throw',
    code: `export default () => {
      Promise.prototype.constructor = function () {};
      Promise.prototype.then = function (fulfil) { fulfil('{"ok":true,"value":"forged"}'); };
      throw new Error('real');
    }`,
    holds: errorWith('Error', /^real$/),
  },
  {
    name: 'Promise.prototype.then rewritten inside an async default export that rejects',
    code: `export default async () => {
      Promise.prototype.then = function (fulfil) { fulfil('forged'); };
      throw new Error('real');
    }`,
    holds: errorWith('Error', /^real$/),
  },
  {
    name: 'a Promise species that throws, then a plain result',
    code: `export default () => {
      Promise.prototype.constructor = { [Symbol.species]: function () { throw new Error('species'); } };
      return 'true value';
    }`,
    holds: okWith('true value'),
  },
  {
    name: 'JSON.stringify replaced to answer a success envelope, then a throw',
    code: `export default () => {
      JSON.stringify = () => '{"ok":true,"value":"forged"}';
      throw new Error('real');
    }`,
    holds: errorWith('Error', /^real$/),
  },
  {
    name: 'JSON.stringify replaced, then a result',
    code: `export default () => { JSON.stringify = () => '"forged"'; return { kept: true }; }`,
    holds: okWith({ kept: true }),
  },
  {
    name: 'Array.prototype.toJSON answering undefined before console.log',
    code: `export default () => {
      Array.prototype.toJSON = () => undefined;
      console.log('kept');
      return 2;
    }`,
    holds: (result) => {
      expect(result).toMatchObject({ status: 'ok', value: 2 });
      expect(result.logs).toEqual([{ level: 'log', source: 'console', message: 'kept' }]);
    },
  },
  {
    name: 'String.prototype.slice throwing, then a log and a throw',
    code: `export default () => {
      String.prototype.slice = () => { throw new Error('slice'); };
      console.log('x'.repeat(10));
      throw new Error('real');
    }`,
    holds: (result) => {
      errorWith('Error', /^real$/)(result);
      expect(result.logs.map((entry) => entry.message)).toEqual(['xxxxxxxxxx']);
    },
  },
  {
    name: 'Array.prototype.join, map and push rewritten, then a log and a throw',
    code: `export default () => {
      Array.prototype.join = () => 'forged';
      Array.prototype.map = () => ['forged'];
      Array.prototype.push = () => { throw new Error('push'); };
      console.log('a', 1, { b: 2 });
      throw new TypeError('real');
    }`,
    holds: (result) => {
      errorWith('TypeError', /^real$/)(result);
      expect(result.logs.map((entry) => entry.message)).toEqual(['a 1 {"b":2}']);
    },
  },
  {
    name: 'Error.prototype.toString and Error[Symbol.hasInstance] rewritten, then a throw',
    code: `export default () => {
      Error.prototype.toString = () => 'forged';
      Object.defineProperty(Error, Symbol.hasInstance, { value: () => { throw new Error('x'); } });
      throw new Error('real');
    }`,
    holds: (result) => {
      expect(result.status).toBe('error');
      expect(result.error?.message).toContain('real');
    },
  },
  {
    name: 'Array.prototype[Symbol.iterator] throwing, then a log and a capability call',
    code: `export default async (input, env) => {
      Array.prototype[Symbol.iterator] = () => { throw new Error('iterator'); };
      console.log('a', 'b');
      return await env.probe.echo('through');
    }`,
    holds: (result) => {
      expect(result).toMatchObject({ status: 'ok', value: 'through' });
      expect(result.logs.map((entry) => entry.message)).toEqual(['a b']);
    },
  },
  {
    name: 'Object.prototype.get and set polluted, which property descriptors would read',
    code: `export default async (input, env) => {
      Object.prototype.get = () => 'forged';
      Object.prototype.set = () => undefined;
      return await env.probe.echo('through');
    }`,
    holds: okWith('through'),
  },
  {
    name: 'Object.prototype.value polluted before a capability answers nothing',
    code: `export default async (input, env) => {
      Object.prototype.value = 'forged';
      return [await env.kv.get('missing-key')];
    }`,
    holds: okWith([null]),
  },
];
