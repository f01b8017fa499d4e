/**
 * Escape payloads as a table: each names an attack, the module that tries it, and what
 * must hold afterwards. Every payload runs in a real isolate with `log`, `kv` and `probe`
 * granted; escape.test.ts adds the checks common to all (no canary, no host path).
 */
import type { ExecutionResult, Json } from '@airlock/isolate';
import { expect } from 'vitest';

export interface EscapeCase {
  name: string;
  code: string;
  holds: (result: ExecutionResult) => void;
}

/** Status `ok` with exactly this value. */
export function okWith(value: Json): (result: ExecutionResult) => void {
  return (result) => expect(result).toMatchObject({ status: 'ok', value });
}

/** Status `error` with this error name and a message matching `message`. */
export function errorWith(name: string, message: RegExp): (result: ExecutionResult) => void {
  return (result) => {
    expect(result.status).toBe('error');
    expect(result.error?.name).toBe(name);
    expect(result.error?.message).toMatch(message);
  };
}

/**
 * The body of a function run through a constructor chain: it answers which host names it
 * can see from wherever the chain led. `'none'` means the chain reached only the isolate.
 */
const hostNames = `['process', 'require', 'Buffer', 'fetch', 'setTimeout', 'module', 'global']
  .filter((name) => typeof globalThis[name] !== 'undefined').join(',') || 'none'`;

/** Source text: call the `Function` constructor reached from `start` with the probe body. */
function chainFrom(start: string): string {
  return `(${start}).constructor.constructor(${JSON.stringify(`return ${hostNames}`)})()`;
}

export const constructorChains: EscapeCase[] = [
  {
    name: '`this` in the default export is undefined, and a sloppy `this` is the isolate global',
    code: `export default function () {
      const sloppyThis = Function('return this')();
      return [typeof this, ${chainFrom('sloppyThis')}];
    }`,
    holds: okWith(['undefined', 'none']),
  },
  {
    name: 'globalThis holds only ECMAScript built-ins and console',
    code: `export default () => Object.getOwnPropertyNames(globalThis).filter((k) => /^[a-z_$]/.test(k)).sort()`,
    holds: okWith([
      'console',
      'decodeURI',
      'decodeURIComponent',
      'encodeURI',
      'encodeURIComponent',
      'escape',
      'eval',
      'globalThis',
      'isFinite',
      'isNaN',
      'parseFloat',
      'parseInt',
      'undefined',
      'unescape',
    ]),
  },
  {
    name: 'globalThis.constructor.constructor reaches the isolate only',
    code: `export default () => ${chainFrom('globalThis')}`,
    holds: okWith('none'),
  },
  {
    name: 'console, its prototype and every console method lead to the isolate only',
    code: `export default () => [
      ${chainFrom('console')},
      Object.getPrototypeOf(console) === Object.prototype,
      ...['log', 'info', 'warn', 'error', 'debug'].map((level) => ${chainFrom('console[level]')}),
    ]`,
    holds: okWith(['none', true, 'none', 'none', 'none', 'none', 'none']),
  },
  {
    name: 'env has no prototype and each capability and method leads to the isolate only',
    code: `export default (input, env) => {
      const seen = [Object.getPrototypeOf(env), typeof env.constructor];
      for (const name of Object.keys(env).sort()) {
        seen.push(name, ${chainFrom('env[name]')});
        for (const method of Object.keys(env[name]).sort()) {
          seen.push(method, ${chainFrom('env[name][method]')}, Object.isFrozen(env[name]));
        }
      }
      return seen;
    }`,
    holds: (result) => {
      expect(result.status).toBe('ok');
      const seen = result.value as Json[];
      expect(seen.slice(0, 2)).toEqual([null, 'undefined']);
      expect(seen).toContain('kv');
      expect(seen).toContain('probe');
      expect(seen.filter((item) => typeof item === 'string' && item.includes(','))).toEqual([]);
      expect(seen.filter((item) => item === false)).toEqual([]);
    },
  },
  {
    name: 'an error thrown by a capability is an isolate Error with the message only',
    code: `export default async (input, env) => {
      try { await env.probe.fail(); } catch (error) {
        return [error instanceof Error, error.constructor === Error, error.message,
          Object.getOwnPropertyNames(error).sort(), ${chainFrom('error')},
          ${chainFrom('Object.getPrototypeOf(error)')}];
      }
    }`,
    holds: okWith([true, true, 'probe failed on purpose', ['message', 'stack'], 'none', 'none']),
  },
  {
    name: 'the stack of a capability error names no host file or frame',
    code: `export default async (input, env) => {
      try { await env.kv.get(42); } catch (error) { return error.stack; }
    }`,
    holds: (result) => {
      expect(result.status).toBe('ok');
      const frames = String(result.value).split('\n').slice(1);
      for (const frame of frames) expect(frame).toMatch(/\((user-code|airlock-bootstrap)\.js:/);
    },
  },
  {
    name: 'a promise returned by a capability is an isolate Promise, its then too',
    code: `export default async (input, env) => {
      const pending = env.kv.get('nothing');
      const chains = [pending instanceof Promise, ${chainFrom('pending')}, ${chainFrom('pending.then')}];
      await pending;
      return chains;
    }`,
    holds: okWith([true, 'none', 'none']),
  },
  {
    name: 'a value resolved by a capability is a plain isolate object',
    code: `export default async (input, env) => {
      const echoed = await env.probe.echo({ nested: [{ deep: true }] });
      return [Object.getPrototypeOf(echoed) === Object.prototype, ${chainFrom('echoed')},
        ${chainFrom('echoed.nested')}, ${chainFrom('echoed.nested[0]')}];
    }`,
    holds: okWith([true, 'none', 'none', 'none']),
  },
  {
    name: 'the input object and its members are plain isolate values',
    code: `export default (input) => [Object.getPrototypeOf(input) === Object.prototype,
      ${chainFrom('input')}, ${chainFrom('input.list')}, ${chainFrom('input.greeting')}]`,
    holds: okWith([true, 'none', 'none', 'none']),
  },
  {
    name: 'import.meta is an empty isolate object',
    code: `export default () => [Object.keys(import.meta), Object.getPrototypeOf(import.meta), ${chainFrom('Object')}]`,
    holds: okWith([[], null, 'none']),
  },
  {
    name: 'a stack-overflow RangeError and its constructor chain stay in the isolate',
    code: `export default () => {
      const dive = () => dive();
      try { dive(); } catch (error) {
        return [error instanceof RangeError, error.message, ${chainFrom('error')}];
      }
    }`,
    holds: okWith([true, 'Maximum call stack size exceeded', 'none']),
  },
  {
    name: 'functions made by eval, indirect eval and Function see the isolate global only',
    code: `export default () => [eval(${JSON.stringify(hostNames)}), (0, eval)(${JSON.stringify(hostNames)}),
      new Function(${JSON.stringify(`return ${hostNames}`)})()]`,
    holds: okWith(['none', 'none', 'none']),
  },
  {
    name: 'process, require, Buffer, fetch, timers and CommonJS names are absent',
    code: `export default () => ['process', 'require', 'Buffer', 'fetch', 'setTimeout', 'setInterval',
      'setImmediate', 'queueMicrotask', 'structuredClone', 'module', 'exports', '__dirname',
      '__filename', 'global', 'env', 'navigator', 'performance', 'TextEncoder', 'URL']
      .filter((name) => eval('typeof ' + name) !== 'undefined')`,
    holds: okWith([]),
  },
];

export const moduleLoading: EscapeCase[] = [
  {
    name: 'a static import of a Node module is refused before anything runs',
    code: `import { readFileSync } from 'node:fs';\nexport default () => readFileSync('/etc/hostname', 'utf8');`,
    holds: errorWith('ImportError', /^imports are not available in the isolate executor/),
  },
  {
    name: 'importing its own module namespace is refused too',
    code: `import * as self from './user-code.js';\nexport default () => Object.keys(self);`,
    holds: errorWith('ImportError', /^imports are not available/),
  },
  {
    name: 'a re-export from a Node module is refused',
    code: `export * from 'node:child_process';\nexport default () => 'ran';`,
    holds: errorWith('ImportError', /^imports are not available/),
  },
  {
    name: 'dynamic import() of a Node module rejects inside the isolate',
    code: `export default async () => {
      try { await import('node:fs'); return 'imported'; } catch (error) { return error.message; }
    }`,
    holds: okWith('Not supported'),
  },
  {
    name: 'dynamic import() of a data: URL rejects inside the isolate',
    code: `export default async () => {
      const url = 'data:text/javascript,export default globalThis.process';
      try { await import(url); return 'imported'; } catch (error) { return error.message; }
    }`,
    holds: okWith('Not supported'),
  },
];
