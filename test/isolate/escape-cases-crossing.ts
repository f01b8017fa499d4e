/**
 * Payloads aimed at what the host does with values copied out of the isolate: results,
 * capability arguments, kv values and log data whose keys are `__proto__` or
 * `constructor`. Copies must keep them as plain own keys and pollute no host prototype.
 */
import type { ExecutionResult } from '@airlock/isolate';
import { expect } from 'vitest';
import type { EscapeCase } from './escape-cases.js';

const poisoned = `JSON.parse('{"__proto__": {"polluted": "yes"}, "constructor": {"prototype": {"polluted": "yes"}}, "a": 1}')`;

/** A plain host object whose `__proto__` and `constructor` are ordinary own keys. */
function expectPoisonedCopy(value: unknown): void {
  expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
  expect(Object.getOwnPropertyNames(value).sort()).toEqual(['__proto__', 'a', 'constructor']);
  expect((value as Record<string, unknown>).polluted).toBeUndefined();
}

function okWithPoisonedCopy(result: ExecutionResult): void {
  expect(result.status).toBe('ok');
  expectPoisonedCopy(result.value);
}

export const crossingCopies: EscapeCase[] = [
  {
    name: 'a result with __proto__ and constructor keys arrives as a plain copy',
    code: `export default () => ${poisoned}`,
    holds: okWithPoisonedCopy,
  },
  {
    name: 'capability arguments with __proto__ and constructor keys reach the host as a plain copy',
    code: `export default (input, env) => env.probe.echo(${poisoned})`,
    holds: okWithPoisonedCopy,
  },
  {
    name: 'a kv value with __proto__ and constructor keys is stored and read back as a plain copy',
    code: `export default async (input, env) => {
      await env.kv.put('poisoned', ${poisoned});
      return env.kv.get('poisoned');
    }`,
    holds: okWithPoisonedCopy,
  },
  {
    name: 'kv keys named __proto__ and constructor are ordinary keys',
    code: `export default async (input, env) => {
      await env.kv.put('__proto__', 'p');
      await env.kv.put('constructor', 'c');
      return [await env.kv.get('__proto__'), await env.kv.get('constructor'), await env.kv.list('_')];
    }`,
    holds: (result) =>
      expect(result).toMatchObject({ status: 'ok', value: ['p', 'c', ['__proto__']] }),
  },
  {
    name: 'log data with __proto__ and constructor keys lands in the logs as a plain copy',
    code: `export default async (input, env) => { await env.log.info('poisoned', ${poisoned}); return 'logged'; }`,
    holds: (result) => {
      expect(result).toMatchObject({ status: 'ok', value: 'logged' });
      expect(result.logs).toHaveLength(1);
      expectPoisonedCopy(result.logs[0]?.data);
    },
  },
];
