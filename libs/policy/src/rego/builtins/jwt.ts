/**
 * JSON Web Tokens: `io.jwt.decode`, `io.jwt.decode_verify` and the `io.jwt.verify_*`
 * family. Signatures are checked with node:crypto (HMAC, RSA PKCS#1 v1.5, RSA-PSS and
 * ECDSA over SHA-256/384/512). A token that fails any check is not an error: the
 * verify builtins answer false, as Open Policy Agent does, so a policy can deny on it.
 *
 * NOTE: encrypted tokens (JWE) and nested tokens (`cty: JWT`) are not supported; they
 * are builtin errors, so a policy depending on them fails closed.
 */
import { X509Certificate, createHmac, createPublicKey, timingSafeEqual, verify } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { RObject } from '../value.js';
import type { Value } from '../value.js';
import { builtinError, str } from './args.js';
import { parseJSON } from './json-text.js';
import { defineBuiltins } from './registry.js';
import type { Builtin } from './registry.js';

interface Token {
  header: RObject;
  payload: Value;
  signature: Buffer;
  signingInput: string;
}

const SEGMENT = /^[A-Za-z0-9_-]*$/;

function decodeJSON(name: string, segment: string, what: string): Value {
  try {
    return parseJSON(Buffer.from(segment, 'base64url').toString('utf8'));
  } catch {
    throw builtinError(name, `failed to parse JWT ${what}`);
  }
}

export function decodeToken(name: string, token: string): Token {
  const parts = token.split('.');
  if (parts.length === 5) throw builtinError(name, 'JWE tokens are not supported');
  if (parts.length !== 3 || !parts.every((p) => SEGMENT.test(p))) {
    throw builtinError(name, 'encoded JWT must have 3 sections, found ' + parts.length);
  }
  const [head = '', body = '', sig = ''] = parts;
  const header = decodeJSON(name, head, 'header');
  if (!(header instanceof RObject)) throw builtinError(name, 'JWT header must be an object');
  if (header.getString('cty') === 'JWT') throw builtinError(name, 'nested JWTs are not supported');
  return {
    header,
    payload: decodeJSON(name, body, 'payload'),
    signature: Buffer.from(sig, 'base64url'),
    signingInput: `${head}.${body}`,
  };
}

const HASHES: Record<string, string> = { '256': 'sha256', '384': 'sha384', '512': 'sha512' };

function hmacValid(token: Token, hash: string, secret: string): boolean {
  const expected = createHmac(hash, secret).update(token.signingInput).digest();
  return expected.length === token.signature.length && timingSafeEqual(expected, token.signature);
}

function keyValid(token: Token, alg: string, key: KeyObject): boolean {
  const hash = HASHES[alg.slice(2)];
  if (!hash) return false;
  const data = Buffer.from(token.signingInput);
  try {
    if (alg.startsWith('RS')) return verify(hash, data, key, token.signature);
    if (alg.startsWith('PS')) {
      return verify(hash, data, { key, padding: 6, saltLength: -1 }, token.signature);
    }
    if (alg.startsWith('ES')) {
      return verify(hash, data, { key, dsaEncoding: 'ieee-p1363' }, token.signature);
    }
  } catch {
    return false;
  }
  return false;
}

/** A PEM certificate or public key, a JWK, or a JWK set (`{"keys": [...]}`). */
function publicKeys(name: string, material: string): KeyObject[] {
  try {
    if (material.includes('-----BEGIN CERTIFICATE'))
      return [new X509Certificate(material).publicKey];
    if (material.includes('-----BEGIN')) return [createPublicKey(material)];
    const json = JSON.parse(material) as { keys?: unknown[] };
    const jwks = Array.isArray(json.keys) ? json.keys : [json];
    return jwks.map((jwk) => createPublicKey({ key: jwk as never, format: 'jwk' }));
  } catch {
    throw builtinError(name, 'failed to parse a PEM certificate, public key or JWK');
  }
}

export function signatureValid(
  token: Token,
  alg: string,
  key: { secret?: string; cert?: string },
  name: string,
): boolean {
  if (alg.startsWith('HS')) {
    const hash = HASHES[alg.slice(2)];
    return key.secret !== undefined && hash !== undefined && hmacValid(token, hash, key.secret);
  }
  if (key.cert === undefined) return false;
  return publicKeys(name, key.cert).some((k) => keyValid(token, alg, k));
}

function verifier(name: string, alg: string, keyKind: 'secret' | 'cert'): Builtin {
  return {
    name,
    arity: 2,
    impl: (args) => {
      const token = decodeToken(name, str(name, args, 0));
      const material = str(name, args, 1);
      return signatureValid(token, alg, { [keyKind]: material }, name);
    },
  };
}

const VERIFIERS = ['256', '384', '512'].flatMap((bits) => [
  verifier(`io.jwt.verify_hs${bits}`, `HS${bits}`, 'secret'),
  verifier(`io.jwt.verify_rs${bits}`, `RS${bits}`, 'cert'),
  verifier(`io.jwt.verify_ps${bits}`, `PS${bits}`, 'cert'),
  verifier(`io.jwt.verify_es${bits}`, `ES${bits}`, 'cert'),
]);

defineBuiltins([
  {
    name: 'io.jwt.decode',
    arity: 1,
    impl: (args) => {
      const token = decodeToken('io.jwt.decode', str('io.jwt.decode', args, 0));
      return [token.header, token.payload, token.signature.toString('hex')];
    },
  },
  ...VERIFIERS,
]);
