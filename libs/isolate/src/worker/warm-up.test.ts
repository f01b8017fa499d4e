import type ivm from 'isolated-vm';
import { afterEach, describe, expect, it } from 'vitest';
import { prepareContext } from './prepared-context.js';
import { disposeTestIsolates, makeTestIsolate } from './test-isolates.js';
import { warmUp } from './warm-up.js';

function globalNames(isolate: ivm.Isolate, bootstrap: ivm.Script): unknown {
  const prepared = prepareContext(isolate, bootstrap);
  const names: unknown = prepared.context.evalSync(
    'JSON.stringify(Object.getOwnPropertyNames(globalThis).sort())',
  );
  prepared.release();
  return names;
}

afterEach(disposeTestIsolates);

describe('warmUp', () => {
  it('leaves no trace in the contexts made after it', async () => {
    const cold = makeTestIsolate();
    const warmed = makeTestIsolate();

    await warmUp(warmed.isolate, warmed.bootstrap);

    expect(globalNames(warmed.isolate, warmed.bootstrap)).toEqual(
      globalNames(cold.isolate, cold.bootstrap),
    );
  });

  it('settles without an error when the isolate is disposed meanwhile', async () => {
    const { isolate, bootstrap } = makeTestIsolate();
    const warming = warmUp(isolate, bootstrap);
    isolate.dispose();

    await expect(warming).resolves.toBeUndefined();
  });
});
