/**
 * Escape payloads aimed at the code that formats errors, logs and results on the way out,
 * at stack traces, and at the less common built-ins (SharedArrayBuffer, Atomics,
 * WebAssembly). Same table shape as escape-cases.ts.
 */
import { expect } from 'vitest';
import { errorWith, okWith, type EscapeCase } from './escape-cases.js';

const noProcess = `Function('return typeof process')()`;

export const stackTraces: EscapeCase[] = [
  {
    name: 'Error.prepareStackTrace sees no receiver or function on any call site of a capability error',
    code: `export default async (input, env) => {
      const sites = [];
      Error.prepareStackTrace = (error, callSites) => {
        for (const site of callSites) {
          sites.push([String(site.getFileName()), typeof site.getThis(), typeof site.getFunction()]);
        }
        return 'prepared';
      };
      try { await env.probe.fail(); } catch (error) { return [error.stack, sites]; }
    }`,
    holds: (result) => {
      expect(result.status).toBe('ok');
      const [stack, sites] = result.value as [string, string[][]];
      expect(stack).toBe('prepared');
      expect(sites.length).toBeGreaterThan(0);
      for (const [file, receiver, fn] of sites) {
        expect(['airlock-bootstrap.js', 'user-code.js']).toContain(file);
        expect([receiver, fn]).toEqual(['undefined', 'undefined']);
      }
    },
  },
  {
    name: 'call sites of sloppy eval frames give only isolate functions',
    code: `export default () => {
      Error.prepareStackTrace = (error, callSites) => callSites
        .map((site) => site.getFunction())
        .filter((fn) => typeof fn === 'function')
        .map((fn) => fn.constructor(${JSON.stringify(`return ${noProcess}`)})());
      return Function('return new Error("from sloppy code").stack')();
    }`,
    holds: okWith(['undefined']),
  },
  {
    name: 'Error.prepareStackTrace while console formats a value sees only isolate files',
    code: `export default () => {
      const files = [];
      Error.prepareStackTrace = (error, callSites) => {
        for (const site of callSites) files.push(String(site.getFileName()));
        return 'prepared';
      };
      console.log({ toJSON() { return new Error('inside formatting').stack; } });
      return [...new Set(files)].sort();
    }`,
    holds: okWith(['airlock-bootstrap.js', 'null', 'user-code.js']),
  },
  {
    name: 'Error.captureStackTrace names isolate frames only',
    code: `export default () => {
      const target = {};
      Error.captureStackTrace(target);
      return target.stack.split('\\n').slice(1).map((line) => line.trim());
    }`,
    holds: (result) => {
      expect(result.status).toBe('ok');
      const [first, ...rest] = result.value as string[];
      expect(first).toBe('at default (user-code.js:3:13)');
      for (const frame of rest) expect(frame).toMatch(/^at \w+ \(airlock-bootstrap\.js:\d+:\d+\)$/);
    },
  },
  {
    name: 'Error.prepareStackTrace answering a Proxy stays a Proxy of the isolate',
    code: `export default async (input, env) => {
      Error.prepareStackTrace = () => new Proxy({}, { get: () => () => ${noProcess} });
      try { await env.probe.fail(); } catch (error) { return String(error.stack); }
    }`,
    holds: okWith('undefined'),
  },
  {
    // The error is reported either without its stack or as one that cannot be described.
    name: 'Error.prepareStackTrace that throws leaves an error without a usable stack',
    code: `export default () => {
      Error.prepareStackTrace = () => { throw new Error('from prepareStackTrace'); };
      throw new Error('outer');
    }`,
    holds: (result) => {
      errorWith('Error', /^(outer|the thrown value could not be described)$/)(result);
      expect(result.error?.stack).not.toContain('from prepareStackTrace');
    },
  },
];

export const errorFormatting: EscapeCase[] = [
  {
    // Described field by field (a trap that throws leaves that field empty) or not at all.
    name: 'a Proxy thrown as the error whose name trap throws is an error, and no trap reaches the host',
    code: `export default () => {
      throw new Proxy(new Error('proxied'), {
        get(target, key) { if (key === 'name') throw new Error('trap'); return Reflect.get(target, key); },
        getPrototypeOf: () => Error.prototype,
      });
    }`,
    holds: errorWith('Error', /^(proxied|the thrown value could not be described)$/),
  },
  {
    name: 'a revoked Proxy thrown as the error is not described',
    code: `export default () => { const { proxy, revoke } = Proxy.revocable({}, {}); revoke(); throw proxy; }`,
    holds: errorWith('Error', /^the thrown value could not be described$/),
  },
  {
    name: 'an error whose name and message getters run code gets their isolate answers',
    code: `export default () => {
      const error = new Error('original');
      Object.defineProperty(error, 'name', { get: () => 'Name' + ${noProcess} });
      Object.defineProperty(error, 'message', { get: () => 'message ' + ${noProcess} });
      throw error;
    }`,
    holds: errorWith('Nameundefined', /^message undefined$/),
  },
  {
    name: 'an error whose stack getter runs code gets a stack rebuilt from its name and message',
    code: `export default () => {
      const error = new TypeError('getter stack');
      Object.defineProperty(error, 'stack', { get: () => globalThis.constructor.constructor('return typeof require')() });
      throw error;
    }`,
    holds: (result) => {
      errorWith('TypeError', /^getter stack$/)(result);
      expect(result.error?.stack).toBe('TypeError: getter stack');
    },
  },
  {
    name: 'an error whose name is an object with toString and valueOf traps',
    code: `export default () => {
      const error = new Error('trapped name');
      error.name = { toString: () => ${noProcess}, valueOf: () => 'valueOf' };
      throw error;
    }`,
    holds: errorWith('undefined', /^trapped name$/),
  },
  {
    name: 'a thrown plain object with toString, valueOf, toJSON and Symbol.toPrimitive traps',
    code: `export default () => {
      throw { toString: () => 'ts', valueOf: () => 'vo', toJSON: () => 'json-' + ${noProcess},
        [Symbol.toPrimitive]: () => 'tp' };
    }`,
    holds: errorWith('Error', /^a non-Error value was thrown: "json-undefined"$/),
  },
  {
    name: 'toString, valueOf, toJSON and Symbol.toPrimitive traps on log arguments',
    code: `export default () => {
      const trapped = { toString: () => 'ts', valueOf: () => 'vo',
        toJSON: () => 'json-' + ${noProcess}, [Symbol.toPrimitive]: () => 'tp' };
      console.log(trapped, Symbol('s'), 1n, () => 1, new RangeError('r'));
      return 'logged';
    }`,
    holds: (result) => {
      okWith('logged')(result);
      expect(result.logs).toEqual([
        {
          level: 'log',
          source: 'console',
          message: '"json-undefined" Symbol(s) 1 [Function] RangeError: r',
        },
      ]);
    },
  },
  {
    name: 'log arguments whose toJSON and Symbol.toStringTag throw fall back to a tag',
    code: `export default () => {
      console.log({ toJSON() { throw new Error('json trap'); } },
        { get [Symbol.toStringTag]() { throw new Error('tag trap'); } });
      return 'logged';
    }`,
    holds: (result) => {
      okWith('logged')(result);
      expect(result.logs.map((entry) => entry.message)).toEqual(['[object Object] {}']);
    },
  },
  {
    name: 'a Proxy as a log argument runs its traps inside the isolate',
    code: `export default () => {
      console.info(new Proxy({}, { ownKeys: () => ['key'],
        getOwnPropertyDescriptor: () => ({ value: 1, enumerable: true, configurable: true }),
        get: () => ${noProcess} }));
      return 'logged';
    }`,
    holds: (result) => {
      okWith('logged')(result);
      expect(result.logs.map((entry) => entry.message)).toEqual(['{"key":"undefined"}']);
    },
  },
  {
    name: 'console cannot be replaced or extended',
    code: `export default () => {
      const attempts = [];
      try { console.log = () => 'mine'; } catch (error) { attempts.push(error.name); }
      try { console.extra = 1; } catch (error) { attempts.push(error.name); }
      return attempts;
    }`,
    holds: okWith(['TypeError', 'TypeError']),
  },
];

export const results: EscapeCase[] = [
  {
    name: 'toString, valueOf, toJSON and Symbol.toPrimitive traps on the result',
    code: `export default () => ({ toString: () => 'ts', valueOf: () => 'vo',
      toJSON: () => ({ json: ${noProcess} }), [Symbol.toPrimitive]: () => 'tp' })`,
    holds: okWith({ json: 'undefined' }),
  },
  {
    name: 'a thenable result is resolved inside the isolate',
    code: `export default () => ({ then(resolve) { resolve({ then(inner) { inner(${noProcess}); } }); } })`,
    holds: okWith('undefined'),
  },
  {
    name: 'a thenable result whose then throws is an error',
    code: `export default () => ({ then() { throw new SyntaxError('then trap'); } })`,
    holds: errorWith('SyntaxError', /^then trap$/),
  },
  {
    name: 'getters on the result run inside the isolate',
    code: `export default () => ({ get reached() { return globalThis.constructor.constructor('return typeof Buffer')(); } })`,
    holds: okWith({ reached: 'undefined' }),
  },
  {
    name: 'a getter on the result that throws is a TypeError, not a crash',
    code: `export default () => ({ get boom() { throw new Error('getter trap'); } })`,
    holds: errorWith('TypeError', /^the result is not JSON-compatible: Error: getter trap$/),
  },
  {
    name: 'a Proxy result runs its traps inside the isolate',
    code: `export default () => new Proxy([], { get: (target, key) => key === 'length' ? 2 : ${noProcess} })`,
    holds: okWith(['undefined', 'undefined']),
  },
  {
    name: 'Symbol.species on an array returned by a capability builds an isolate object',
    code: `export default async (input, env) => {
      const list = await env.probe.echo([1, 2]);
      list.constructor = { [Symbol.species]: function () { return { made: ${noProcess} }; } };
      return list.map((item) => item * 2);
    }`,
    holds: okWith({ 0: 2, 1: 4, made: 'undefined' }),
  },
  {
    name: 'Symbol.species on a promise returned by a capability builds an isolate promise',
    code: `export default async (input, env) => {
      class Spy extends Promise {}
      const pending = env.probe.echo('species');
      pending.constructor = { [Symbol.species]: Spy };
      const derived = pending.then((value) => value + ' ' + ${noProcess});
      return [derived instanceof Spy, await derived];
    }`,
    holds: okWith([true, 'species undefined']),
  },
  {
    name: 'a result whose stack-overflow in toJSON is a TypeError',
    code: `export default () => { const dive = () => dive(); return { toJSON: dive }; }`,
    holds: errorWith(
      'TypeError',
      /^the result is not JSON-compatible: RangeError: Maximum call stack/,
    ),
  },
  {
    name: 'an uncaught stack overflow is a RangeError with the user frames only',
    code: `export default function dive() { return dive(); }`,
    holds: (result) => {
      errorWith('RangeError', /^Maximum call stack size exceeded$/)(result);
      expect(result.error?.stack).toMatch(/at dive \(user-code\.js:1:\d+\)/);
    },
  },
  {
    name: 'a stack overflow that calls console and a capability at the edge of the stack',
    code: `export default async (input, env) => {
      let settled = 0;
      const dive = () => { try { dive(); } catch {
        console.log('edge'); env.probe.echo(1).then(() => settled++, () => settled++); } };
      dive();
      await env.probe.echo('after');
      return settled > 0;
    }`,
    holds: okWith(true),
  },
];

export const callersAndBuiltins: EscapeCase[] = [
  {
    name: 'arguments.callee.caller from a callback console formatting calls is null',
    code: `export default () => {
      const sloppy = Function('return String(arguments.callee.caller)');
      let caller;
      console.log({ toJSON() { caller = sloppy(); return 'x'; } });
      return caller;
    }`,
    holds: okWith('null'),
  },
  {
    name: 'arguments.callee.caller from a then callback of a capability promise is null',
    code: `export default (input, env) =>
      env.probe.echo(1).then(Function('return String(arguments.callee.caller)'))`,
    holds: okWith('null'),
  },
  {
    name: 'arguments.callee.caller from a capability argument toJSON is null',
    code: `export default async (input, env) => {
      const sloppy = Function('return String(arguments.callee.caller)');
      return env.probe.echo({ toJSON: () => sloppy() });
    }`,
    holds: okWith('null'),
  },
  {
    name: 'capability arguments with getters are read inside the isolate and copied as JSON',
    code: `export default (input, env) => env.probe.echo({ get reached() { return ${noProcess}; } })`,
    holds: okWith({ reached: 'undefined' }),
  },
  {
    name: 'SharedArrayBuffer and Atomics work on isolate memory only and copy out as {}',
    code: `export default () => {
      const shared = new Int32Array(new SharedArrayBuffer(8));
      Atomics.add(shared, 0, 5);
      return [Atomics.load(shared, 0), Atomics.wait(shared, 1, 0, 10), shared.buffer];
    }`,
    holds: okWith([5, 'timed-out', {}]),
  },
  {
    // WebAssembly memory is not counted against memoryMb (256 MiB here, against a 64 MiB
    // limit, once ran to `ok`), so the executor removes WebAssembly from every context.
    name: 'WebAssembly memory beyond memoryMb cannot be allocated: WebAssembly is absent',
    code: `export default () => {
      try {
        const memory = new WebAssembly.Memory({ initial: 4096, maximum: 65536 });
        memory.grow(4096);
        new Uint8Array(memory.buffer).fill(1);
        return memory.buffer.byteLength;
      } catch (error) { return [error.name, typeof globalThis.WebAssembly]; }
    }`,
    holds: okWith(['ReferenceError', 'undefined']),
  },
];

/** Overriding the built-ins the bootstrap uses changes nothing outside the code itself. */
export const builtinOverrides: EscapeCase[] = [
  {
    name: 'replaced JSON, Function.prototype.call and Promise.prototype.then',
    code: `export default async (input, env) => {
      JSON.stringify = () => '"hijacked"';
      JSON.parse = () => 'hijacked';
      Function.prototype.call = () => 'hijacked';
      const echoed = await env.probe.echo('through');
      Promise.prototype.then = function () { return 'hijacked'; };
      return echoed;
    }`,
    holds: okWith('through'),
  },
];
