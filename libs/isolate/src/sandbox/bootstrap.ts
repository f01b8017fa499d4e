/**
 * The script that runs first in every fresh context, before the user's module.
 * Threat model: the user's code shares this context, so everything reachable from it
 * (`console`, `env`, their functions and prototypes, errors) must be created here, inside
 * the isolate; the two host callbacks stay in this closure and only strings cross them.
 */

/** Frames from this file are dropped from every stack the caller sees. */
export const bootstrapFilename = 'airlock-bootstrap.js';

/** What `run` answers while the module's top-level await has not finished. */
export const pendingEnvelope = '{"ok":false,"pending":true}';
const pendingEnvelopeLiteral = JSON.stringify(pendingEnvelope);

/** What `start` and `collect(true)` answer while the default export's promise is unsettled. */
export const awaitingEnvelope = '{"ok":false,"awaiting":true}';
const awaitingEnvelopeLiteral = JSON.stringify(awaitingEnvelope);

/**
 * The body of a function called as `(startCall, writeConsole)` in each fresh context, before
 * the job is known; it returns `[configure, run, settle, start, collect]`:
 * - `configure(methodsJson, maxOutputChars)`, called once before the user's module is
 *   compiled, builds `env` from the granted methods and sets the output budget.
 * - `run(namespace, inputJson)` calls the default export as `(input, env)` and answers a JSON
 *   envelope string `{ ok, value }` or `{ ok: false, error }` (or a promise of one), or
 *   `pendingEnvelope` while a top-level await of the module has not finished.
 * - `settle(callId, envelopeJson)` resolves or rejects the promise of a capability call.
 * - `start(namespace, inputJson)` is `run` for a synchronous call from the host: it always
 *   answers a string, `awaitingEnvelope` in place of a promise, which it keeps.
 * - `collect(asText)` answers the kept promise's envelope once it settled; before that
 *   `awaitingEnvelope` when `asText`, else the promise itself (for an awaiting host call).
 *   A synchronous call returns only after the microtasks it queued ran, so a default
 *   export that waits on nothing from the host has settled by the next `collect`.
 * `startCall(capability, method, argsJson)` (host, synchronous) answers a call id;
 * `writeConsole(entriesJson)` (host, synchronous) takes `[[level, message], ...]` and
 * answers whether to keep writing. Console entries are sent in batches (a host call per
 * entry would make a console flood cost far more wall time than CPU time), and always
 * before a capability call and at the end, so entries keep their order with `env.log`.
 *
 * Everything that runs after the user's code uses only intrinsics captured here, before
 * it, and builds every envelope as text from strings: JSON.stringify of a string never
 * consults `toJSON`, so no prototype the user rewrites can change an envelope's shape.
 * The promises the bootstrap follows itself carry an own `constructor` of undefined, so a
 * rewritten `Promise.prototype.constructor` or `Symbol.species` is never consulted.
 *
 * NOTE: entries still in the batch when a run is killed (at most one batch) are lost.
 * `WebAssembly` is removed: it is not an ECMAScript built-in, and its memory is not
 * counted against the isolate's memory limit. A default export that answers a promise is
 * followed with the intrinsic `then`; code that rewrites `Promise[Symbol.species]` or the
 * promise's own `constructor` so that this throws is followed like a thenable instead, so
 * such code decides how its own promise settles (as it could by catching its own error).
 */
const bootstrapSource = String.raw`'use strict';
const startCall = $0;
const writeConsole = $1;
let maxOutputChars = 0;
let env;

const { stringify, parse } = JSON;
const { freeze, create, keys, defineProperty } = Object;
const call = Function.prototype.call.bind(Function.prototype.call);
const toTag = Object.prototype.toString;
const hasOwn = Object.prototype.hasOwnProperty;
const sliceText = String.prototype.slice;
const promiseThen = Promise.prototype.then;
const isInstance = Function.prototype[Symbol.hasInstance];
const StringOf = String;
const ErrorOf = Error;
const PromiseOf = Promise;
const pending = create(null);
const ownConstructor = freeze({ __proto__: null, value: undefined });

function cut(text, maxChars) {
  return text.length > maxChars ? call(sliceText, text, 0, maxChars) : text;
}

function isError(value) {
  try {
    return call(isInstance, ErrorOf, value) === true;
  } catch {
    return false;
  }
}

function safeString(value) {
  try {
    return typeof value === 'string' ? value : StringOf(value);
  } catch {
    return call(toTag, value);
  }
}

/** Throws only when even the value's tag cannot be read (a revoked Proxy). */
function formatStrict(value) {
  if (typeof value === 'string') return value;
  if (typeof value === 'function') return '[Function]';
  if (value === null || typeof value !== 'object') return safeString(value);
  try {
    if (isError(value)) return safeString(value.name) + ': ' + safeString(value.message);
    const json = stringify(value, (_key, item) =>
      typeof item === 'bigint' ? safeString(item) + 'n' : item,
    );
    return typeof json === 'string' ? json : call(toTag, value);
  } catch {
    return call(toTag, value);
  }
}

function formatValue(value) {
  try {
    return formatStrict(value);
  } catch {
    return '[object]';
  }
}

const maxBatchEntries = 100;
const maxBatchChars = 64 * 1024;
let consoleOpen = true;
let batchText = '';
let batchEntries = 0;
let batchChars = 0;

function flushConsole() {
  if (batchEntries === 0) return;
  const entriesJson = '[' + batchText + ']';
  batchText = '';
  batchEntries = 0;
  batchChars = 0;
  consoleOpen = writeConsole(entriesJson) === true && consoleOpen;
}

function makeConsole() {
  let writtenChars = 0;
  const writer = (level) => (...args) => {
    if (!consoleOpen) return;
    let message = '';
    for (let i = 0; i < args.length; i++) message += (i > 0 ? ' ' : '') + formatValue(args[i]);
    message = cut(message, maxOutputChars);
    batchText += (batchEntries > 0 ? ',' : '') + '[' + stringify(level) + ',' + stringify(message) + ']';
    batchEntries += 1;
    batchChars += message.length;
    writtenChars += message.length;
    // Past the budget the host marks the output truncated; nothing more is worth sending.
    if (writtenChars > maxOutputChars) consoleOpen = false;
    if (!consoleOpen || batchEntries >= maxBatchEntries || batchChars >= maxBatchChars) {
      flushConsole();
    }
  };
  return freeze({
    log: writer('log'),
    info: writer('info'),
    warn: writer('warn'),
    error: writer('error'),
    debug: writer('debug'),
  });
}

function guarded(promise) {
  defineProperty(promise, 'constructor', ownConstructor);
  return promise;
}

function rejected(error) {
  return new PromiseOf((_resolve, reject) => reject(error));
}

function callCapability(capability, method, args) {
  let argsJson;
  try {
    argsJson = stringify(args);
  } catch (error) {
    return rejected(new ErrorOf('capability arguments must be JSON-compatible: ' + formatValue(error)));
  }
  if (typeof argsJson !== 'string') {
    return rejected(new ErrorOf('capability arguments must be JSON-compatible'));
  }
  flushConsole();
  // Handed to the user's code, which may rewire it as it likes: it is not guarded.
  return new PromiseOf((resolve, reject) => {
    pending[startCall(capability, method, argsJson)] = { resolve, reject };
  });
}

// A capability with a method named "invoke" is itself callable: env.fetch(url) runs
// fetch.invoke; its other methods hang off the function as properties.
function makeEnv(capabilityMethods) {
  const env = create(null);
  for (const capability of keys(capabilityMethods)) {
    const names = capabilityMethods[capability];
    let callable = false;
    for (const method of names) if (method === 'invoke') callable = true;
    const methods = callable ? (...args) => callCapability(capability, 'invoke', args) : {};
    for (const method of names) {
      if (method === 'invoke') continue;
      methods[method] = (...args) => callCapability(capability, method, args);
    }
    env[capability] = freeze(methods);
  }
  return freeze(env);
}

function ownField(record, key) {
  return call(hasOwn, record, key) ? record[key] : undefined;
}

function settle(callId, envelopeJson) {
  const waiter = pending[callId];
  if (waiter === undefined) return;
  delete pending[callId];
  const envelope = parse(envelopeJson);
  if (ownField(envelope, 'ok') === true) waiter.resolve(ownField(envelope, 'value'));
  else waiter.reject(new ErrorOf(safeString(ownField(envelope, 'message'))));
}

// Error text is not counted in maxOutputBytes, so it is cut here, before it is copied out.
const maxErrorFieldChars = 64 * 1024;

function field(error, key) {
  try {
    return cut(safeString(error[key]), maxErrorFieldChars);
  } catch {
    return '';
  }
}

function errorEnvelope(name, message, stack) {
  const error = '"name":' + stringify(name) + ',"message":' + stringify(message);
  return '{"ok":false,"error":{' + error + ',"stack":' + stringify(stack) + '}}';
}

function failure(name, message) {
  return errorEnvelope(name, cut(message, maxErrorFieldChars), '');
}

function describeError(error) {
  if (isError(error)) {
    return errorEnvelope(field(error, 'name'), field(error, 'message'), field(error, 'stack'));
  }
  try {
    return failure('Error', 'a non-Error value was thrown: ' + formatStrict(error));
  } catch {
    return failure('Error', 'the thrown value could not be described');
  }
}

function encodeResult(value) {
  if (value === undefined) return '{"ok":true}';
  if (typeof value === 'function' || typeof value === 'symbol') {
    const problem = 'a ' + typeof value + ' cannot be copied out';
    return failure('TypeError', 'the result is not JSON-compatible: ' + problem);
  }
  let json;
  try {
    json = stringify(value);
  } catch (error) {
    return failure('TypeError', 'the result is not JSON-compatible: ' + formatValue(error));
  }
  if (typeof json !== 'string') return '{"ok":true}';
  if (json.length > maxOutputChars) return failure('RangeError', 'result exceeds maxOutputBytes');
  return '{"ok":true,"value":' + json + '}';
}

function settledText(text) {
  flushConsole();
  return text;
}

/** Calls onValue or onError once, when the value (maybe a promise or thenable) settles. */
function follow(value, onValue, onError) {
  try {
    call(promiseThen, value, onValue, onError);
    return;
  } catch {
    // Not a native promise: resolve it the way await would, through its own then.
  }
  const wrapper = guarded(new PromiseOf((resolve) => resolve(value)));
  call(promiseThen, wrapper, onValue, onError);
}

function run(namespace, inputJson) {
  let main;
  try {
    main = namespace.default;
  } catch {
    // The default export is still uninitialised: a top-level await has not finished.
    return ${pendingEnvelopeLiteral};
  }
  if (typeof main !== 'function') {
    const usage = 'export default function (input, env) { ... }';
    return settledText(failure('TypeError', 'the module must export a default function: ' + usage));
  }
  let value;
  try {
    value = main(parse(inputJson), env);
  } catch (error) {
    return settledText(describeError(error));
  }
  if ((typeof value !== 'object' || value === null) && typeof value !== 'function') {
    return settledText(encodeResult(value));
  }
  return guarded(
    new PromiseOf((resolve) => {
      const onValue = (settled) => resolve(settledText(encodeResult(settled)));
      const onError = (error) => resolve(settledText(describeError(error)));
      follow(value, onValue, onError);
    }),
  );
}

let started;
let startedText;

function start(namespace, inputJson) {
  const value = run(namespace, inputJson);
  if (typeof value === 'string') return value;
  started = value;
  call(promiseThen, value, (text) => {
    startedText = text;
  });
  return ${awaitingEnvelopeLiteral};
}

function collect(asText) {
  if (startedText !== undefined) return startedText;
  return asText === true ? ${awaitingEnvelopeLiteral} : started;
}

function configure(methodsJson, maxChars) {
  if (env !== undefined) return;
  env = makeEnv(parse(methodsJson));
  maxOutputChars = maxChars;
}

globalThis.console = makeConsole();
delete globalThis.WebAssembly;
return [configure, run, settle, start, collect];
`;

/** A script whose value is the bootstrap function: compiled once per isolate, run per context. */
export const bootstrapFactorySource = `(function ($0, $1) {\n${bootstrapSource}\n})`;
