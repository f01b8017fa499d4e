/**
 * Turns what comes out of an isolate (an envelope string, or an error thrown in the
 * worker) into a worker outcome. Threat model: only strings are read from what the
 * isolate produced, and every stack is rebuilt from the user's frames.
 */
import type { ExecutionResult, Json } from '../types.js';
import { filterStack, maxErrorTextChars } from './stack-filter.js';

export type ExecutionError = NonNullable<ExecutionResult['error']>;

export type Envelope = { ok: true; value: Json | undefined } | { ok: false; error: ExecutionError };

/** Reads the JSON envelope answered by the bootstrap's `run`. */
export function parseEnvelope(envelopeJson: unknown, filename: string): Envelope {
  if (typeof envelopeJson !== 'string') return internalFailure('the isolate answered no result');
  let parsed: unknown;
  try {
    parsed = JSON.parse(envelopeJson);
  } catch {
    return internalFailure('the isolate answered a malformed result');
  }
  if (!isRecord(parsed)) return internalFailure('the isolate answered a malformed result');
  if (parsed.ok === true) return { ok: true, value: parsed.value as Json | undefined };
  const error = isRecord(parsed.error) ? parsed.error : {};
  return { ok: false, error: shapeError(error.name, error.message, error.stack, filename) };
}

/** name, message and a user-only stack from untrusted fields. */
export function shapeError(
  name: unknown,
  message: unknown,
  stack: unknown,
  filename: string,
): ExecutionError {
  const safeName = typeof name === 'string' && name !== '' ? cut(name) : 'Error';
  const safeMessage = typeof message === 'string' ? cut(message) : '';
  const safeStack = typeof stack === 'string' ? stack : '';
  return {
    name: safeName,
    message: safeMessage,
    stack: filterStack(safeName, safeMessage, safeStack, filename),
  };
}

/** An error raised in the worker by isolated-vm (compile, instantiate, evaluate). */
export function shapeHostError(error: unknown, filename: string): ExecutionError {
  if (!(error instanceof Error)) return shapeError('Error', String(error), '', filename);
  return shapeError(error.name, stripHostLocation(error.message, filename), error.stack, filename);
}

/** isolated-vm appends `[file:line:col]` to messages; keep it only for the user's file. */
function stripHostLocation(message: string, filename: string): string {
  const location = /\s*\[([^\]]*)\]$/.exec(message);
  if (location === null || location[1]?.startsWith(`${filename}:`)) return message;
  return message.slice(0, location.index);
}

function cut(text: string): string {
  return text.length > maxErrorTextChars ? `${text.slice(0, maxErrorTextChars)}…` : text;
}

function internalFailure(message: string): Envelope {
  return { ok: false, error: { name: 'Error', message, stack: `Error: ${message}` } };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
