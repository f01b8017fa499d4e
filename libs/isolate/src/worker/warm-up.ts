/**
 * A first run through the bootstrap in a blank isolate, before any tenant has it. V8
 * compiles a function on its first call, and the bootstrap's functions are shared by all
 * contexts of the isolate, so the first execution in a new isolate pays for compiling them
 * (about 0.4 ms); this run pays it ahead, off the execution's path. Threat model: only our
 * own module runs, in a throwaway context released after it; no tenant's code is involved.
 */
import type ivm from 'isolated-vm';
import { prepareContextAhead, releaseQuietly } from './prepared-context.js';

/** Returns a promise, as most generated code does, so that path gets compiled as well. */
const warmUpSource = 'export default async (input) => [input];';
const warmUpFilename = 'airlock-warm-up.js';
/** Our own trivial module: this is only a bound against the unexpected. */
const warmUpTimeoutMs = 1_000;

const refuseImports = () => {
  throw new Error('the warm-up module imports nothing');
};

/** Runs the warm-up on isolated-vm's thread for the isolate; never rejects. */
export async function warmUp(isolate: ivm.Isolate, bootstrap: ivm.Script): Promise<void> {
  const prepared = await prepareContextAhead(isolate, bootstrap);
  if (prepared === undefined) return;
  const handles: { release(): void }[] = [];
  const timeout = warmUpTimeoutMs;
  try {
    prepared.attach({ startCall: () => -1, writeConsole: () => false });
    await prepared.configure.apply(undefined, ['{}', 1_024], { timeout });
    const module = await isolate.compileModule(warmUpSource, { filename: warmUpFilename });
    handles.push(module);
    module.instantiateSync(prepared.context, refuseImports);
    await module.evaluate({ timeout });
    const namespace = module.namespace;
    handles.push(namespace);
    await prepared.start.apply(undefined, [namespace.derefInto(), '1'], { timeout });
    await prepared.collect.apply(undefined, [true], { timeout });
  } catch {
    // The isolate went away meanwhile: there is nothing left to warm.
  } finally {
    for (const handle of handles) releaseQuietly(handle);
    prepared.release();
  }
}
