import ivm from 'isolated-vm';
import { bootstrapFactorySource, bootstrapFilename } from '../sandbox/bootstrap.js';

const made: ivm.Isolate[] = [];

/** A blank isolate with the bootstrap compiled, for the worker's unit tests. */
export function makeTestIsolate(): { isolate: ivm.Isolate; bootstrap: ivm.Script } {
  const isolate = new ivm.Isolate({ memoryLimit: 32 });
  made.push(isolate);
  const bootstrap = isolate.compileScriptSync(bootstrapFactorySource, {
    filename: bootstrapFilename,
  });
  return { isolate, bootstrap };
}

/** Disposes every isolate `makeTestIsolate` made that is still alive. */
export function disposeTestIsolates(): void {
  for (const isolate of made.splice(0)) if (!isolate.isDisposed) isolate.dispose();
}
