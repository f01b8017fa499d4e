/**
 * Helpers that keep capability arguments and results plain JSON of a known size, so no
 * host object, getter or oversized value crosses between the host and an isolate.
 */
import type { Json } from '../types.js';

/** At most this many nested arrays and objects in one value; deeper values are refused. */
export const maxJsonDepth = 64;

/**
 * A fresh copy of `value` if it is plain JSON (null, booleans, finite numbers, strings,
 * arrays, plain objects), otherwise undefined. Getters are not invoked: only own
 * enumerable data properties are read, so a value built by code cannot run host code.
 */
export function copyJson(value: unknown, depth = 0): Json | undefined {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'object' || depth >= maxJsonDepth) return undefined;
  if (Array.isArray(value)) return copyJsonArray(value, depth);

  const prototype: unknown = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) return undefined;
  const copy: { [key: string]: Json } = {};
  for (const [key, descriptor] of Object.entries(Object.getOwnPropertyDescriptors(value))) {
    if (!descriptor.enumerable) continue;
    if (!('value' in descriptor)) return undefined;
    const item = copyJson(descriptor.value, depth + 1);
    if (item === undefined) return undefined;
    // defineProperty, not assignment: a key named __proto__ stays an ordinary key.
    Object.defineProperty(copy, key, {
      value: item,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return copy;
}

function copyJsonArray(value: unknown[], depth: number): Json[] | undefined {
  const copy: Json[] = [];
  for (let index = 0; index < value.length; index += 1) {
    const descriptor = Object.getOwnPropertyDescriptor(value, index);
    if (descriptor === undefined || !('value' in descriptor)) return undefined;
    const item = copyJson(descriptor.value, depth + 1);
    if (item === undefined) return undefined;
    copy.push(item);
  }
  return copy;
}

export function utf8Bytes(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/** Bytes of `value` as compact JSON text. */
export function jsonBytes(value: Json): number {
  return utf8Bytes(JSON.stringify(value));
}

/** `text` cut to at most `maxBytes` UTF-8 bytes, never inside a character. */
export function truncateUtf8(text: string, maxBytes: number): string {
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length <= maxBytes) return text;
  let end = Math.max(0, maxBytes);
  // Continuation bytes look like 10xxxxxx; back up to the start of the character.
  while (end > 0 && ((bytes[end] ?? 0) & 0xc0) === 0x80) end -= 1;
  return bytes.subarray(0, end).toString('utf8');
}

/** `65536` → `64 KiB`, `1048576` → `1 MiB`, `500` → `500 bytes`: for messages. */
export function formatBytes(bytes: number): string {
  const mebibyte = 1024 * 1024;
  if (bytes >= mebibyte && bytes % mebibyte === 0) return `${bytes / mebibyte} MiB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} bytes`;
}
