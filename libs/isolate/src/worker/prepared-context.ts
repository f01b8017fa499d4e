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
  /** Routes the callbacks to one execution; a second attach is refused. */
  attach(host: ContextHost): void;
  /** Detaches the execution and releases the context with every handle into it. */
  release(): void;
}

/** Only our own bootstrap runs here, before any user code: it gets this much time. */
const bootstrapTimeoutMs = 1_000;

export function prepareContext(isolate: ivm.Isolate, bootstrap: ivm.Script): PreparedContext {
  let host: ContextHost | undefined;
  let attached = false;
  const startCall = new ivm.Callback((capability: unknown, method: unknown, argsJson: unknown) =>
    host === undefined ? -1 : host.startCall(String(capability), String(method), String(argsJson)),
  );
  const writeConsole = new ivm.Callback((entriesJson: unknown) =>
    host === undefined ? false : host.writeConsole(entriesJson),
  );

  const context = isolate.createContextSync();
  const handles: { release(): void }[] = [];
  try {
    const factory = bootstrap.runSync(context, { reference: true, timeout: bootstrapTimeoutMs });
    handles.push(factory);
    const parts = factory.applySync(undefined, [startCall, writeConsole], {
      result: { reference: true },
      timeout: bootstrapTimeoutMs,
    }) as ivm.Reference<unknown[]>;
    handles.push(parts);
    const [configure, run, settle] = [0, 1, 2].map((index) =>
      parts.getSync(index, { reference: true }),
    ) as [ivm.Reference, ivm.Reference, ivm.Reference];
    handles.push(configure, run, settle);

    const release = () => {
      host = undefined;
      for (const handle of handles.splice(0)) releaseQuietly(handle);
      releaseQuietly(context);
    };
    const attach = (next: ContextHost) => {
      if (attached) throw new Error('a prepared context serves one execution only');
      attached = true;
      host = next;
    };
    return { context, configure, run, settle, attach, release };
  } catch (error) {
    for (const handle of handles) releaseQuietly(handle);
    releaseQuietly(context);
    throw error;
  }
}

export function releaseQuietly(handle: { release(): void } | undefined): void {
  try {
    handle?.release();
  } catch {
    // The isolate was disposed with the context in it.
  }
}
