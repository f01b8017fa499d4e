import { describe, expect, it } from 'vitest';
import type { Value } from '../value.js';
import { builtinErrorOf, call, obj, set, show, titled } from './test-support.js';

describe('encoding builtins', () => {
  const valid: [string, Value, Value][] = [
    ['base64.encode', 'hello', 'aGVsbG8='],
    ['base64.encode', '', ''],
    ['base64.decode', 'aGVsbG8=', 'hello'],
    ['base64.decode', 'w6k=', 'é'],
    ['base64.is_valid', 'aGVsbG8=', true],
    // boundary: standard base64 requires its padding
    ['base64.is_valid', 'aGVsbG8', false],
    ['base64.is_valid', 'a', false],
    ['base64.is_valid', 1, false],
    ['base64url.encode', '\u00ff\u00fe?', 'w7_Dvj8='],
    ['base64url.encode_no_pad', '\u00ff\u00fe?', 'w7_Dvj8'],
    // boundary: base64url accepts padded and unpadded text
    ['base64url.decode', 'w7_Dvj8=', '\u00ff\u00fe?'],
    ['base64url.decode', 'w7_Dvj8', '\u00ff\u00fe?'],
    ['hex.encode', 'hi!', '686921'],
    ['hex.decode', '686921', 'hi!'],
    ['hex.decode', '', ''],
    ['urlquery.encode', 'a b&c=d/é', 'a+b%26c%3Dd%2F%C3%A9'],
    // boundary: Go escapes characters that encodeURIComponent leaves alone
    ['urlquery.encode', "!'()*~-_.", '%21%27%28%29%2A~-_.'],
    ['urlquery.decode', 'a+b%26c%3Dd%2F%C3%A9', 'a b&c=d/é'],
    ['urlquery.encode_object', obj({ b: ['2', '3'], a: '1 2' }), 'a=1+2&b=2&b=3'],
    ['urlquery.encode_object', obj({ s: set('y', 'x') }), 's=x&s=y'],
    ['urlquery.decode_object', 'a=1+2&b=2&b=3&c', obj({ a: ['1 2'], b: ['2', '3'], c: [''] })],
  ];
  it.each(titled('%s(%s)', valid))('%s', (_, name, arg, expected) => {
    expect(show(call(name, arg))).toBe(show(expected));
  });

  const invalid: [string, Value, string, string][] = [
    ['base64.decode', 'aGVsbG8', 'eval_builtin_error', 'base64.decode: illegal base64 data'],
    ['base64url.decode', 'a', 'eval_builtin_error', 'base64url.decode: illegal base64 data'],
    ['hex.decode', 'abc', 'eval_builtin_error', 'hex.decode: invalid hex string'],
    ['hex.decode', 'zz', 'eval_builtin_error', 'hex.decode: invalid hex string'],
    ['urlquery.decode', '%zz', 'eval_builtin_error', 'urlquery.decode: invalid URL escape'],
    [
      'base64.encode',
      1,
      'eval_type_error',
      'base64.encode: operand 1 must be string but got number',
    ],
    [
      'urlquery.encode_object',
      obj({ a: 1 }),
      'eval_type_error',
      'urlquery.encode_object: operand 1 must be object with string',
    ],
  ];
  it.each(titled('%s(%s) fails', invalid))('%s', (_, name, arg, kind, message) => {
    const error = builtinErrorOf(() => call(name, arg));
    expect(error.kind).toBe(kind);
    expect(error.message).toContain(message);
  });
});
