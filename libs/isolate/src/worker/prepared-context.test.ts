import type ivm from 'isolated-vm';
import { afterEach, describe, expect, it } from 'vitest';
import { awaitingEnvelope } from '../sandbox/bootstrap.js';
import { prepareContext, prepareContextAhead, type ContextHost } from './prepared-context.js';
import { disposeTestIsolates, makeTestIsolate } from './test-isolates.js';

const quietHost: ContextHost = { startCall: () => 1, writeConsole: () => true };

afterEach(disposeTestIsolates);

describe('prepareContext', () => {
  it('serves exactly one execution', () => {
    const { isolate, bootstrap } = makeTestIsolate();
    const prepared = prepareContext(isolate, bootstrap);

    prepared.attach(quietHost);

    expect(() => prepared.attach(quietHost)).toThrow(/one execution only/);
    prepared.release();
  });

  it('gives each context its own globals, so nothing set in one is seen in the next', () => {
    const { isolate, bootstrap } = makeTestIsolate();
    const first = prepareContext(isolate, bootstrap);
    const second = prepareContext(isolate, bootstrap);

    first.context.evalSync('globalThis.leftBehind = 1; Object.prototype.polluted = 1');

    expect(second.context.evalSync('typeof leftBehind + " " + typeof ({}).polluted')).toBe(
      'undefined undefined',
    );
    first.release();
    second.release();
  });

  it('routes console batches to the execution attached to it', () => {
    const { isolate, bootstrap } = makeTestIsolate();
    const prepared = prepareContext(isolate, bootstrap);
    const written: unknown[] = [];
    prepared.attach({ ...quietHost, writeConsole: (entries) => written.push(entries) > 0 });
    prepared.configure.applySync(undefined, ['{}', 1_000]);
    const namespace = prepared.context.evalSync(
      '({ default: () => { console.log("routed"); return 1; } })',
      { reference: true },
    ) as ivm.Reference;

    const envelope: unknown = prepared.run.applySync(undefined, [namespace.derefInto(), 'null']);

    expect(envelope).toBe('{"ok":true,"value":1}');
    expect(written).toEqual(['[["log","routed"]]']);
    prepared.release();
  });

  it('settles in synchronous calls a default export that waits on nothing from the host', () => {
    const { isolate, bootstrap } = makeTestIsolate();
    const prepared = prepareContext(isolate, bootstrap);
    prepared.attach(quietHost);
    prepared.configure.applySync(undefined, ['{}', 1_000]);
    const namespace = prepared.context.evalSync(
      '({ default: async () => { await null; return 3; } })',
      { reference: true },
    ) as ivm.Reference;

    const started: unknown = prepared.start.applySync(undefined, [namespace.derefInto(), 'null']);
    const collected: unknown = prepared.collect.applySync(undefined, [true]);

    expect(started).toBe(awaitingEnvelope);
    expect(collected).toBe('{"ok":true,"value":3}');
    prepared.release();
  });

  it('hands over the promise of a default export that still waits', async () => {
    const { isolate, bootstrap } = makeTestIsolate();
    const prepared = prepareContext(isolate, bootstrap);
    prepared.attach(quietHost);
    prepared.configure.applySync(undefined, ['{}', 1_000]);
    const namespace = prepared.context.evalSync(
      '({ default: () => new Promise((resolve) => { globalThis.finish = resolve; }) })',
      { reference: true },
    ) as ivm.Reference;
    prepared.start.applySync(undefined, [namespace.derefInto(), 'null']);

    expect(prepared.collect.applySync(undefined, [true])).toBe(awaitingEnvelope);
    const collected = prepared.collect.apply(undefined, [false], {
      result: { promise: true, copy: true },
    });
    prepared.context.evalSync('finish("late")');
    expect(await collected).toBe('{"ok":true,"value":"late"}');
    prepared.release();
  });

  it('prepares ahead on isolated-vm’s thread a context that runs the same', async () => {
    const { isolate, bootstrap } = makeTestIsolate();
    const prepared = await prepareContextAhead(isolate, bootstrap);
    prepared?.attach(quietHost);
    prepared?.configure.applySync(undefined, ['{}', 1_000]);
    const namespace = prepared?.context.evalSync('({ default: () => 2 })', {
      reference: true,
    }) as ivm.Reference;

    expect(prepared?.run.applySync(undefined, [namespace.derefInto(), 'null'])).toBe(
      '{"ok":true,"value":2}',
    );
    prepared?.release();
  });

  it('answers no context ahead for an isolate disposed meanwhile', async () => {
    const { isolate, bootstrap } = makeTestIsolate();
    const ahead = prepareContextAhead(isolate, bootstrap);
    isolate.dispose();

    expect(await ahead).toBeUndefined();
  });
});
