import { AirlockError, ErrorCode, InvalidInputError } from '@airlock/core';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { CallContext, Capability, Json } from '../types.js';
import { defineCapability } from './define.js';

const context: CallContext = { tenant: 'tenant-a', executionId: 'exec-1' };

function call(capability: Capability, method: string, ...args: Json[]): Promise<Json> {
  const fn = capability.methods[method];
  if (fn === undefined) throw new Error(`no method ${method}`);
  return Promise.resolve(fn(context, args));
}

/** A host application's own capability, as an application would write it. */
function weather(calls: unknown[] = []): Capability {
  return defineCapability({
    name: 'weather',
    methods: {
      forecast: {
        args: z.tuple([
          z.string().trim().min(1).max(20),
          z.strictObject({ days: z.number().int().min(1).max(7) }).optional(),
        ]),
        result: z.object({ city: z.string(), days: z.number() }),
        handler: (callContext, [city, options]) => {
          calls.push({ callContext, city, options });
          return { city, days: options?.days ?? 1 };
        },
      },
      convert: {
        args: z.tuple([
          z.number().refine((value) => value > -273.15, 'must be above absolute zero'),
        ]),
        handler: async (_context, [celsius]) => ({ fahrenheit: (celsius * 9) / 5 + 32 }),
      },
    },
  });
}

describe('defineCapability checks arguments before the handler runs', () => {
  it('passes the parsed arguments and the context to the handler', async () => {
    const calls: unknown[] = [];
    expect(await call(weather(calls), 'forecast', '  Oslo ', { days: 3 })).toEqual({
      city: 'Oslo',
      days: 3,
    });
    expect(calls).toEqual([{ callContext: context, city: 'Oslo', options: { days: 3 } }]);
    expect(await call(weather(), 'convert', 100)).toEqual({ fahrenheit: 212 });
  });

  const invalid: { title: string; method: string; args: Json[]; message: string }[] = [
    {
      title: 'a wrong type',
      method: 'forecast',
      args: [42],
      message: 'weather.forecast: argument 1 must be string, got number',
    },
    {
      title: 'null for a string',
      method: 'forecast',
      args: [null],
      message: 'weather.forecast: argument 1 must be string, got null',
    },
    {
      title: 'a missing argument',
      method: 'forecast',
      args: [],
      message: 'weather.forecast: argument 1 is missing (needs at least 1 argument)',
    },
    {
      title: 'one argument too many',
      method: 'forecast',
      args: ['Oslo', { days: 1 }, 'extra'],
      message: 'weather.forecast: takes at most 2 arguments',
    },
    {
      title: 'a string too long',
      method: 'forecast',
      args: ['x'.repeat(21)],
      message: 'weather.forecast: argument 1 must be at most 20 characters',
    },
    {
      // Trimmed first, then too short.
      title: 'a blank string',
      method: 'forecast',
      args: ['   '],
      message: 'weather.forecast: argument 1 must be at least 1 character',
    },
    {
      title: 'a nested field out of range',
      method: 'forecast',
      args: ['Oslo', { days: 8 }],
      message: 'weather.forecast: argument 2 field days must be at most 7',
    },
    {
      title: 'an unknown option',
      method: 'forecast',
      args: ['Oslo', { days: 1, hours: 8 }],
      message: 'weather.forecast: argument 2 has unknown keys: hours',
    },
    {
      title: 'a refinement with its own message',
      method: 'convert',
      args: [-300],
      message: 'weather.convert: argument 1 must be above absolute zero',
    },
  ];

  it.each(invalid)('refuses $title, naming capability, method and position', async (row) => {
    const calls: unknown[] = [];
    const attempt = call(weather(calls), row.method, ...row.args);

    await expect(attempt).rejects.toBeInstanceOf(InvalidInputError);
    await expect(attempt).rejects.toMatchObject({
      message: row.message,
      code: ErrorCode.InvalidInput,
    });
    expect(calls).toEqual([]);
  });
});

describe('defineCapability copies results as plain JSON', () => {
  function returning(value: () => unknown, result?: z.ZodType): Capability {
    return defineCapability({
      name: 'probe',
      methods: { get: { args: z.tuple([]), handler: value, ...(result ? { result } : {}) } },
    });
  }

  it('turns undefined into null', async () => {
    expect(
      await call(
        returning(() => undefined),
        'get',
      ),
    ).toBeNull();
  });

  it('returns a copy, not the host object', async () => {
    const hostObject = { list: [1, 2] };
    const copy = await call(
      returning(() => hostObject),
      'get',
    );
    expect(copy).toEqual(hostObject);
    expect(copy).not.toBe(hostObject);
  });

  const notJson: { title: string; value: () => unknown }[] = [
    { title: 'a function', value: () => () => 1 },
    { title: 'a Date', value: () => new Date(0) },
    { title: 'a class instance', value: () => new (class Secret {})() },
    { title: 'NaN', value: () => Number.NaN },
    { title: 'a bigint', value: () => 1n },
    { title: 'a nested undefined', value: () => ({ a: undefined }) },
    {
      title: 'a getter',
      value: () => ({
        get secret() {
          return 'host';
        },
      }),
    },
    { title: 'a Map', value: () => new Map() },
  ];

  it.each(notJson)('refuses to return $title, as an internal error', async ({ value }) => {
    const attempt = call(returning(value), 'get');
    await expect(attempt).rejects.toBeInstanceOf(AirlockError);
    await expect(attempt).rejects.toMatchObject({ code: ErrorCode.Internal });
    await expect(attempt).rejects.toThrow('probe.get returned a value that is not plain JSON');
  });

  it('refuses a result that breaks its schema, as an internal error', async () => {
    const attempt = call(
      returning(() => ({ n: 'one' }), z.object({ n: z.number() })),
      'get',
    );
    await expect(attempt).rejects.toMatchObject({ code: ErrorCode.Internal });
    await expect(attempt).rejects.toThrow('probe.get returned a result that breaks its schema');
  });

  it('passes a handler error on unchanged', async () => {
    const attempt = call(
      returning(() => {
        throw new Error('the weather service is down');
      }),
      'get',
    );
    await expect(attempt).rejects.toThrow('the weather service is down');
  });
});

describe('defineCapability names', () => {
  const handler = () => null;
  const method = { args: z.tuple([]), handler };

  const badNames: { title: string; name: string; message: RegExp }[] = [
    { title: 'the built-in kv', name: 'kv', message: /"kv" is a built-in capability/ },
    { title: 'the built-in log', name: 'log', message: /built-in/ },
    { title: 'the built-in sql', name: 'sql', message: /built-in/ },
    { title: 'fetch, built-in once the egress proxy exists', name: 'fetch', message: /built-in/ },
    { title: 'a dash', name: 'my-cap', message: /use an identifier/ },
    { title: 'a leading digit', name: '1cap', message: /use an identifier/ },
    { title: 'empty', name: '', message: /use an identifier/ },
    { title: 'a dot', name: 'a.b', message: /use an identifier/ },
    { title: 'over 64 characters', name: 'a'.repeat(65), message: /use an identifier/ },
    // Names an isolate would find on every object anyway.
    { title: '__proto__', name: '__proto__', message: /use an identifier/ },
    { title: 'constructor', name: 'constructor', message: /use an identifier/ },
  ];

  it.each(badNames)('refuses the capability name $title', ({ name, message }) => {
    expect(() => defineCapability({ name, methods: { get: method } })).toThrow(message);
  });

  it.each(['toString', 'constructor', 'hasOwnProperty', 'has space', ''])(
    'refuses the method name %j',
    (name) => {
      expect(() => defineCapability({ name: 'probe', methods: { [name]: method } })).toThrow(
        /method name of probe/,
      );
    },
  );

  it('gives methods no prototype, so a lookup of an inherited name finds nothing', () => {
    const capability = defineCapability({ name: 'probe', methods: { get: method } });
    expect(capability.methods.toString).toBeUndefined();
    expect(Object.keys(capability.methods)).toEqual(['get']);
  });
});
