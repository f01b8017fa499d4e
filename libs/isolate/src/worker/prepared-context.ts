/**
 * A fresh context with the bootstrap already run, made ahead of the execution that will
 * use it (while the worker is idle) so that work is off the execution's path. Threat
 * model: a prepared context has never held user code; exactly one execution attaches to
 * it and it is released after that execution, so nothing carries from one run to the next.
 */
import ivm from 'isolated-vm';

/** Where the two host callbacks of a prepared context lead: the execution attached to it. */
export interface ContextHost {
  startCall(capability: string, method: string, argsJson: string): number;
  writeConsole(entriesJson: unknown): boolean;
}

export interface PreparedContext {
  context: ivm.Context;
  configure: ivm.Reference;
  run: ivm.Reference;
  settle: ivm.Reference;
  /** `run` for a synchronous call, with `collect` for its kept promise (see the bootstrap). */
  start: ivm.Reference;
  collect: ivm.Reference;
  /** Routes the callbacks to one execution; a second attach is refused. */
  attach(host: ContextHost): void;
  /** Detaches the execution and releases the context with every handle into it. */
  release(): void;
}

/** Only our own bootstrap runs here, before any user code: it gets this much time. */
const bootstrapTimeoutMs = 1_000;

/** The two host callbacks, led to whichever execution attaches, and refusing before that. */
function routedCallbacks() {
  let host: ContextHost | undefined;
  let attached = false;
  const startCall = new ivm.Callback((capability: unknown, method: unknown, argsJson: unknown) =>
    host === undefined ? -1 : host.startCall(String(capability), String(method), String(argsJson)),
  );
  const writeConsole = new ivm.Callback((entriesJson: unknown) =>
    host === undefined ? false : host.writeConsole(entriesJson),
  );
  const attach = (next: ContextHost) => {
    if (attached) throw new Error('a prepared context serves one execution only');
    attached = true;
    host = next;
  };
  const detach = () => {
    host = undefined;
  };
  return { callbacks: [startCall, writeConsole], attach, detach };
}

type Handle = { release(): void };

/** The functions the bootstrap answers, in its order. */
const partIndexes = [0, 1, 2, 3, 4];
type Parts = [ivm.Reference, ivm.Reference, ivm.Reference, ivm.Reference, ivm.Reference];

function assemble(
  context: ivm.Context,
  parts: Parts,
  handles: Handle[],
  routing: ReturnType<typeof routedCallbacks>,
): PreparedContext {
  const [configure, run, settle, start, collect] = parts;
  handles.push(...parts);
  const release = () => {
    routing.detach();
    discard(context, handles.splice(0));
  };
  return { context, configure, run, settle, start, collect, attach: routing.attach, release };
}

function discard(context: ivm.Context, handles: Handle[]): void {
  for (const handle of handles) releaseQuietly(handle);
  releaseQuietly(context);
}

/** Prepares on this thread. */
export function prepareContext(isolate: ivm.Isolate, bootstrap: ivm.Script): PreparedContext {
  const routing = routedCallbacks();
  const context = isolate.createContextSync();
  const handles: Handle[] = [];
  try {
    const factory = bootstrap.runSync(context, { reference: true, timeout: bootstrapTimeoutMs });
    handles.push(factory);
    const parts = factory.applySync(undefined, routing.callbacks, {
      result: { reference: true },
      timeout: bootstrapTimeoutMs,
    }) as ivm.Reference<unknown[]>;
    handles.push(parts);
    const refs = partIndexes.map((index) => parts.getSync(index, { reference: true }));
    return assemble(context, refs as Parts, handles, routing);
  } catch (error) {
    discard(context, handles);
    throw error;
  }
}

/**
 * Prepares on isolated-vm's thread for the isolate, leaving this thread free to make the
 * next isolate meanwhile. Answers undefined when the isolate went away in between.
 */
export async function prepareContextAhead(
  isolate: ivm.Isolate,
  bootstrap: ivm.Script,
): Promise<PreparedContext | undefined> {
  const routing = routedCallbacks();
  const handles: Handle[] = [];
  let context: ivm.Context | undefined;
  try {
    context = await isolate.createContext();
    const factory = await bootstrap.run(context, { reference: true, timeout: bootstrapTimeoutMs });
    handles.push(factory);
    const parts = (await factory.apply(undefined, routing.callbacks, {
      result: { reference: true },
      timeout: bootstrapTimeoutMs,
    })) as ivm.Reference<unknown[]>;
    handles.push(parts);
    const refs = await Promise.all(
      partIndexes.map((index) => parts.get(index, { reference: true }) as Promise<ivm.Reference>),
    );
    return assemble(context, refs as Parts, handles, routing);
  } catch {
    if (context !== undefined) discard(context, handles);
    return undefined;
  }
}

export function releaseQuietly(handle: { release(): void } | undefined): void {
  try {
    handle?.release();
  } catch {
    // The isolate was disposed with the context in it.
  }
}
