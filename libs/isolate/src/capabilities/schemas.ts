/** Zod schemas shared by the built-in capabilities, with messages that read after "argument N". */
import { z } from 'zod';
import type { Json } from '../types.js';
import { copyJson, formatBytes, jsonBytes, utf8Bytes } from './json-value.js';

/** Any JSON value whose compact JSON text is at most `maxBytes` UTF-8 bytes. */
export function jsonValue(maxBytes: number): z.ZodType<Json> {
  const message = `must be JSON no larger than ${formatBytes(maxBytes)}`;
  return z.custom<Json>((value) => {
    const copy = copyJson(value);
    return copy !== undefined && jsonBytes(copy) <= maxBytes;
  }, message);
}

const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** A well-formed string (no lone surrogates) of at most `maxBytes` UTF-8 bytes. */
export function utf8String(maxBytes: number): z.ZodType<string> {
  return z
    .string()
    .refine((text) => !loneSurrogate.test(text), 'must be well-formed Unicode (no lone surrogates)')
    .refine(
      (text) => utf8Bytes(text) <= maxBytes,
      `must be at most ${formatBytes(maxBytes)} as UTF-8`,
    );
}
