/**
 * The script that runs first in every fresh context, before the user's module.
 * Threat model: the user's code shares this context, so everything reachable from it
 * (`console`, `env`, their functions and prototypes, errors) must be created here, inside
 * the isolate; the two host callbacks stay in this closure and only strings cross them.
 */

/** Frames from this file are dropped from every stack the caller sees. */
export const bootstrapFilename = 'airlock-bootstrap.js';

/**
 * The body of a function called as `(startCall, writeConsole, methodsJson, maxOutputChars)`
 * in each fresh context; it returns `[run, settle]`:
 * - `run(namespace, inputJson)` calls the default export as `(input, env)`, awaits it and
 *   answers a JSON envelope string `{ ok, value }` or `{ ok: false, error }`.
 * - `settle(callId, envelopeJson)` resolves or rejects the promise of a capability call.
 * `startCall(capability, method, argsJson)` (host, synchronous) answers a call id;
 * `writeConsole(entriesJson)` (host, synchronous) takes `[[level, message], ...]` and
 * answers whether to keep writing. Console entries are sent in batches (a host call per
 * entry would make a console flood cost far more wall time than CPU time), and always
 * before a capability call and at the end, so entries keep their order with `env.log`.
 *
 * NOTE: entries still in the batch when a run is killed (at most one batch) are lost.
 * `WebAssembly` is removed: it is not an ECMAScript built-in, and its memory is not
 * counted against the isolate's memory limit.
 */
const bootstrapSource = String.raw`'use strict';
const startCall = $0;
const writeConsole = $1;
const capabilityMethods = JSON.parse($2);
const maxOutputChars = $3;

const { stringify, parse } = JSON;
const { freeze, create, keys } = Object;
const toTag = Object.prototype.toString;
const call = Function.prototype.call.bind(Function.prototype.call);
const StringOf = String;
const ErrorOf = Error;
const PromiseOf = Promise;
const pending = create(null);

function safeString(value) {
  try {
    return typeof value === 'string' ? value : StringOf(value);
  } catch {
    return call(toTag, value);
  }
}

function formatValue(value) {
  if (typeof value === 'string') return value;
  if (typeof value === 'function') return '[Function]';
  if (value === null || typeof value !== 'object') return safeString(value);
  try {
    if (value instanceof ErrorOf) return safeString(value.name) + ': ' + safeString(value.message);
    const json = stringify(value, (_key, item) =>
      typeof item === 'bigint' ? safeString(item) + 'n' : item,
    );
    return json === undefined ? call(toTag, value) : json;
  } catch {
    return call(toTag, value);
  }
}

const maxBatchEntries = 100;
const maxBatchChars = 64 * 1024;
let consoleOpen = true;
let batch = [];
let batchChars = 0;

function flushConsole() {
  if (batch.length === 0) return;
  const entries = batch;
  batch = [];
  batchChars = 0;
  consoleOpen = writeConsole(stringify(entries)) === true && consoleOpen;
}

function makeConsole() {
  let writtenChars = 0;
  const writer = (level) => (...args) => {
    if (!consoleOpen) return;
    let message = '';
    for (let i = 0; i < args.length; i++) message += (i > 0 ? ' ' : '') + formatValue(args[i]);
    if (message.length > maxOutputChars) message = message.slice(0, maxOutputChars);
    batch[batch.length] = [level, message];
    batchChars += message.length;
    writtenChars += message.length;
    // Past the budget the host marks the output truncated; nothing more is worth sending.
    if (writtenChars > maxOutputChars) consoleOpen = false;
    if (!consoleOpen || batch.length >= maxBatchEntries || batchChars >= maxBatchChars) {
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

function callCapability(capability, method, args) {
  let argsJson;
  try {
    argsJson = stringify(args);
  } catch (error) {
    const message = 'capability arguments must be JSON-compatible: ' + formatValue(error);
    return PromiseOf.reject(new ErrorOf(message));
  }
  flushConsole();
  return new PromiseOf((resolve, reject) => {
    pending[startCall(capability, method, argsJson)] = { resolve, reject };
  });
}

function makeEnv() {
  const env = create(null);
  for (const capability of keys(capabilityMethods)) {
    const methods = {};
    for (const method of capabilityMethods[capability]) {
      methods[method] = (...args) => callCapability(capability, method, args);
    }
    env[capability] = freeze(methods);
  }
  return freeze(env);
}

function settle(callId, envelopeJson) {
  const waiter = pending[callId];
  if (waiter === undefined) return;
  delete pending[callId];
  const envelope = parse(envelopeJson);
  if (envelope.ok) waiter.resolve(envelope.value);
  else waiter.reject(new ErrorOf(envelope.message));
}

// Error text is not counted in maxOutputBytes, so it is cut here, before it is copied out.
const maxErrorFieldChars = 64 * 1024;

function field(error, key) {
  try {
    return safeString(error[key]).slice(0, maxErrorFieldChars);
  } catch {
    return '';
  }
}

function describeError(error) {
  if (error instanceof ErrorOf) {
    return { name: field(error, 'name'), message: field(error, 'message'), stack: field(error, 'stack') };
  }
  const message = 'a non-Error value was thrown: ' + formatValue(error);
  return { name: 'Error', message, stack: '' };
}

function failure(name, message) {
  return stringify({ ok: false, error: { name, message, stack: '' } });
}

function encodeResult(value) {
  if (value === undefined) return stringify({ ok: true });
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
  if (json.length > maxOutputChars) return failure('RangeError', 'result exceeds maxOutputBytes');
  return '{"ok":true,"value":' + json + '}';
}

async function run(namespace, inputJson) {
  try {
    return await runMain(namespace, inputJson);
  } finally {
    flushConsole();
  }
}

async function runMain(namespace, inputJson) {
  let value;
  try {
    const main = namespace.default;
    if (typeof main !== 'function') {
      const usage = 'export default function (input, env) { ... }';
      return failure('TypeError', 'the module must export a default function: ' + usage);
    }
    value = await main(parse(inputJson), env);
  } catch (error) {
    try {
      return stringify({ ok: false, error: describeError(error) });
    } catch {
      return failure('Error', 'the thrown value could not be described');
    }
  }
  return encodeResult(value);
}

const env = makeEnv();
globalThis.console = makeConsole();
delete globalThis.WebAssembly;
return [run, settle];
`;

/** A script whose value is the bootstrap function: compiled once per isolate, run per context. */
export const bootstrapFactorySource = `(function ($0, $1, $2, $3) {\n${bootstrapSource}\n})`;
