import { describe, expect, it } from 'vitest';
import type { Capability } from '../types.js';
import { CapabilityDispatcher } from './capability-dispatch.js';

const calls: unknown[] = [];
const store: Capability = {
  name: 'store',
  methods: {
    get: (context, args) => {
      calls.push({ context, args });
      return { tenant: context.tenant, key: args[0] ?? null };
    },
    nothing: () => undefined as never,
    broken: () => {
      throw 'not an Error object';
    },
    bigint: () => 1n as never,
  },
};

function openDispatcher(maxCapabilityCalls = 10): CapabilityDispatcher {
  const dispatcher = new CapabilityDispatcher([store]);
  dispatcher.open({ tenant: 't1', executionId: 'e1', granted: ['store'], maxCapabilityCalls });
  return dispatcher;
}

function envelope(reply: { envelopeJson: string }): unknown {
  return JSON.parse(reply.envelopeJson);
}

describe('CapabilityDispatcher', () => {
  it('calls the method with the session context and JSON arguments', async () => {
    const dispatcher = openDispatcher();
    const reply = await dispatcher.dispatch('e1', 'store', 'get', '["k"]');
    expect(envelope(reply)).toEqual({ ok: true, value: { tenant: 't1', key: 'k' } });
    expect(dispatcher.close('e1')).toEqual({ store: 1 });
  });

  it.each([
    // Boundary: names on Object.prototype are not methods of a capability.
    ['an inherited name', 'store', 'constructor', 'has no method "constructor"'],
    ['__proto__', 'store', '__proto__', 'has no method "__proto__"'],
    ['an unknown method', 'store', 'put', 'has no method "put"'],
    ['a capability not granted', 'other', 'get', '"other" is not granted'],
  ])('refuses %s without counting it', async (_name, capability, method, message) => {
    const dispatcher = openDispatcher();
    const reply = await dispatcher.dispatch('e1', capability, method, '[]');
    expect(envelope(reply)).toEqual({ ok: false, message: expect.stringContaining(message) });
    expect(dispatcher.close('e1')).toEqual({});
  });

  it('refuses calls for an execution that has ended', async () => {
    const dispatcher = openDispatcher();
    dispatcher.close('e1');
    const reply = await dispatcher.dispatch('e1', 'store', 'get', '[]');
    expect(envelope(reply)).toEqual({ ok: false, message: 'the execution has ended' });
  });

  it('refuses arguments that are not a JSON list', async () => {
    const dispatcher = openDispatcher();
    expect(envelope(await dispatcher.dispatch('e1', 'store', 'get', '{"a":1}'))).toMatchObject({
      ok: false,
    });
    expect(envelope(await dispatcher.dispatch('e1', 'store', 'get', 'not json'))).toMatchObject({
      ok: false,
    });
  });

  it('stops at maxCapabilityCalls', async () => {
    const dispatcher = openDispatcher(2);
    await dispatcher.dispatch('e1', 'store', 'get', '[]');
    await dispatcher.dispatch('e1', 'store', 'get', '[]');
    const reply = await dispatcher.dispatch('e1', 'store', 'get', '[]');
    expect(envelope(reply)).toEqual({
      ok: false,
      message: 'capability call limit reached (maxCapabilityCalls 2)',
    });
    expect(dispatcher.close('e1')).toEqual({ store: 2 });
  });

  it('answers null for undefined, and a message for anything thrown or not serialisable', async () => {
    const dispatcher = openDispatcher();
    expect(envelope(await dispatcher.dispatch('e1', 'store', 'nothing', '[]'))).toEqual({
      ok: true,
      value: null,
    });
    expect(envelope(await dispatcher.dispatch('e1', 'store', 'broken', '[]'))).toEqual({
      ok: false,
      message: 'not an Error object',
    });
    expect(envelope(await dispatcher.dispatch('e1', 'store', 'bigint', '[]'))).toMatchObject({
      ok: false,
    });
  });

  it('collects entries a method appends to the logs', async () => {
    const logging: Capability = {
      name: 'log',
      methods: {
        info: (context, args) => {
          context.appendLog?.({ level: 'info', message: String(args[0]) });
          return null;
        },
      },
    };
    const dispatcher = new CapabilityDispatcher([logging]);
    dispatcher.open({ tenant: 't', executionId: 'e', granted: ['log'], maxCapabilityCalls: 5 });
    const reply = await dispatcher.dispatch('e', 'log', 'info', '["hello"]');
    expect(reply.logs).toEqual([{ level: 'info', message: 'hello' }]);
  });

  it('refuses two capabilities with the same name', () => {
    expect(() => new CapabilityDispatcher([store, store])).toThrow('given twice');
  });
});
