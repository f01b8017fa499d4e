import { createHmac, createSign, generateKeyPairSync, sign } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { getBuiltin } from './index.js';
import { builtinErrorOf, call, context, obj, show } from './test-support.js';

const b64 = (json: unknown): string => Buffer.from(JSON.stringify(json)).toString('base64url');

function hsToken(header: object, payload: object, secret: string): string {
  const input = `${b64(header)}.${b64(payload)}`;
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
}

function keyToken(alg: string, payload: object, key: KeyObject): string {
  const input = `${b64({ alg, typ: 'JWT' })}.${b64(payload)}`;
  const data = Buffer.from(input);
  let signature: Buffer;
  if (alg === 'RS256') signature = createSign('sha256').update(data).sign(key);
  else if (alg === 'PS256') signature = sign('sha256', data, { key, padding: 6, saltLength: 32 });
  else signature = sign('sha256', data, { key, dsaEncoding: 'ieee-p1363' });
  return `${input}.${signature.toString('base64url')}`;
}

const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const rsaPem = rsa.publicKey.export({ type: 'spki', format: 'pem' }).toString();
const ecJwks = JSON.stringify({ keys: [ec.publicKey.export({ format: 'jwk' })] });
const NOW_NS = 1_700_000_000_000_000_000n;

function decodeVerify(token: string, constraints: Record<string, unknown>): unknown {
  return getBuiltin('io.jwt.decode_verify')?.impl([token, obj(constraints)], context(NOW_NS));
}

describe('io.jwt.decode', () => {
  it('splits a token into header, payload and hex signature', () => {
    const token = hsToken({ alg: 'HS256' }, { sub: 'alice' }, 'k');
    const [header, payload, signature] = call('io.jwt.decode', token) as unknown[];
    expect(show(header as never)).toBe('{"alg": "HS256"}');
    expect(show(payload as never)).toBe('{"sub": "alice"}');
    expect(signature).toMatch(/^[0-9a-f]{64}$/);
  });

  // boundary: malformed, encrypted and nested tokens are errors, not silently accepted
  it.each(['a.b', 'not a token', 'a.b.c.d.e'])('rejects %s', (token) => {
    expect(builtinErrorOf(() => call('io.jwt.decode', token)).kind).toBe('eval_builtin_error');
  });
  it('rejects nested tokens', () => {
    const nested = hsToken({ alg: 'HS256', cty: 'JWT' }, {}, 'k');
    expect(builtinErrorOf(() => call('io.jwt.decode', nested)).message).toContain('nested');
  });
});

describe('io.jwt.verify_*', () => {
  const payload = { sub: 'alice' };
  const table: [string, string, string, boolean][] = [
    ['io.jwt.verify_hs256', hsToken({ alg: 'HS256' }, payload, 'secret'), 'secret', true],
    ['io.jwt.verify_hs256', hsToken({ alg: 'HS256' }, payload, 'secret'), 'other', false],
    ['io.jwt.verify_rs256', keyToken('RS256', payload, rsa.privateKey), rsaPem, true],
    ['io.jwt.verify_ps256', keyToken('PS256', payload, rsa.privateKey), rsaPem, true],
    ['io.jwt.verify_es256', keyToken('ES256', payload, ec.privateKey), ecJwks, true],
    // boundary: a signature by another key, or of another algorithm, does not verify
    [
      'io.jwt.verify_rs256',
      keyToken('RS256', payload, generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey),
      rsaPem,
      false,
    ],
    ['io.jwt.verify_rs256', keyToken('PS256', payload, rsa.privateKey), rsaPem, false],
  ];
  it.each(table)('%s is %s', (name, token, key, expected) => {
    expect(call(name, token, key)).toBe(expected);
  });

  it('rejects key material it cannot read', () => {
    const token = keyToken('RS256', payload, rsa.privateKey);
    expect(builtinErrorOf(() => call('io.jwt.verify_rs256', token, 'garbage')).kind).toBe(
      'eval_builtin_error',
    );
  });
});

describe('io.jwt.decode_verify', () => {
  const nowS = Number(NOW_NS / 1_000_000_000n);
  const claims = { iss: 'issuer', aud: 'svc', exp: nowS + 60, nbf: nowS - 60, owner: 'alice' };
  const good = hsToken({ alg: 'HS256', typ: 'JWT' }, claims, 'secret');

  it('returns the header and payload of a valid token', () => {
    const result = decodeVerify(good, { secret: 'secret', iss: 'issuer', aud: 'svc' }) as unknown[];
    expect(result[0]).toBe(true);
    expect(show(result[2] as never)).toContain('"owner": "alice"');
  });

  const invalid: [string, string, Record<string, unknown>][] = [
    ['wrong secret', good, { secret: 'nope', aud: 'svc' }],
    ['wrong issuer', good, { secret: 'secret', iss: 'other', aud: 'svc' }],
    // boundary: a token with an audience needs the constraint to name it
    ['missing audience constraint', good, { secret: 'secret' }],
    ['wrong algorithm', good, { secret: 'secret', aud: 'svc', alg: 'RS256' }],
    // boundary: exp is exclusive and nbf inclusive, at the constraint's time
    ['expired', good, { secret: 'secret', aud: 'svc', time: BigInt(nowS + 60) * 1_000_000_000n }],
    [
      'not yet valid',
      good,
      { secret: 'secret', aud: 'svc', time: BigInt(nowS - 61) * 1_000_000_000n },
    ],
    ['RSA token with a secret', keyToken('RS256', {}, rsa.privateKey), { secret: 'secret' }],
  ];
  it.each(invalid)('%s gives [false, {}, {}]', (_, token, constraints) => {
    expect(show(decodeVerify(token, constraints) as never)).toBe('[false, {}, {}]');
  });

  it('verifies public-key tokens against a PEM key', () => {
    const token = keyToken('RS256', { sub: 'x' }, rsa.privateKey);
    expect((decodeVerify(token, { cert: rsaPem }) as unknown[])[0]).toBe(true);
  });

  it('rejects unusable constraints', () => {
    const both = () => decodeVerify(good, { secret: 's', cert: rsaPem });
    expect(builtinErrorOf(both).message).toContain('exactly one of cert and secret');
    const unknown = () => decodeVerify(good, { secret: 's', leeway: 5 });
    expect(builtinErrorOf(unknown).message).toContain(
      'unknown token validation constraint: leeway',
    );
  });
});
