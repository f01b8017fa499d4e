/**
 * `io.jwt.decode_verify(token, constraints)`: `[valid, header, payload]`. The signature is
 * checked with `cert` (PEM or JWK set) or `secret`, then `alg`, `iss`, `aud`, `exp` and
 * `nbf` against the constraints, at `time` (nanoseconds; the query's time by default).
 * Any failed check gives `[false, {}, {}]`.
 */
import { RObject, equals, isNumber } from '../value.js';
import type { Value } from '../value.js';
import { toBigInt } from './arith.js';
import { builtinError, obj, str } from './args.js';
import { decodeToken, signatureValid } from './jwt.js';
import { defineBuiltins } from './registry.js';
import type { BuiltinContext } from './registry.js';

const NAME = 'io.jwt.decode_verify';
const KNOWN = new Set(['cert', 'secret', 'alg', 'iss', 'aud', 'time']);

interface Constraints {
  cert?: string;
  secret?: string;
  alg?: string;
  iss?: string;
  aud?: string;
  timeNs: bigint;
}

function optionalString(constraints: RObject, key: string): string | undefined {
  const value = constraints.getString(key);
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw builtinError(NAME, `constraint ${key} must be a string`);
  return value;
}

function readConstraints(args: Value[], context: BuiltinContext): Constraints {
  const constraints = obj(NAME, args, 1);
  for (const key of constraints.keys()) {
    if (typeof key !== 'string' || !KNOWN.has(key)) {
      throw builtinError(NAME, `unknown token validation constraint: ${String(key)}`);
    }
  }
  const cert = optionalString(constraints, 'cert');
  const secret = optionalString(constraints, 'secret');
  if ((cert === undefined) === (secret === undefined)) {
    throw builtinError(NAME, 'exactly one of cert and secret must be given');
  }
  const time = constraints.getString('time');
  const numeric = time !== undefined && isNumber(time);
  const timeNs = time === undefined ? context.nowNs : numeric ? toBigInt(time) : undefined;
  if (timeNs === undefined) throw builtinError(NAME, 'constraint time must be an integer');
  return {
    cert,
    secret,
    alg: optionalString(constraints, 'alg'),
    iss: optionalString(constraints, 'iss'),
    aud: optionalString(constraints, 'aud'),
    timeNs,
  };
}

/** A NumericDate (seconds, maybe fractional) in nanoseconds. */
function secondsToNs(value: Value | undefined): bigint | undefined {
  if (value === undefined || !isNumber(value)) return undefined;
  const whole = toBigInt(value);
  return whole !== undefined ? whole * 1_000_000_000n : BigInt(Math.floor(Number(value) * 1e9));
}

function audienceMatches(claim: Value | undefined, wanted: string | undefined): boolean {
  if (claim === undefined) return wanted === undefined;
  if (wanted === undefined) return false;
  if (typeof claim === 'string') return claim === wanted;
  return Array.isArray(claim) && claim.some((a) => equals(a, wanted));
}

function claimsValid(payload: RObject, c: Constraints): boolean {
  if (c.iss !== undefined && payload.getString('iss') !== c.iss) return false;
  if (!audienceMatches(payload.getString('aud'), c.aud)) return false;
  const exp = payload.getString('exp');
  const expNs = secondsToNs(exp);
  if (exp !== undefined && (expNs === undefined || c.timeNs >= expNs)) return false;
  const nbf = payload.getString('nbf');
  const nbfNs = secondsToNs(nbf);
  return nbf === undefined || (nbfNs !== undefined && c.timeNs >= nbfNs);
}

function decodeVerify(args: Value[], context: BuiltinContext): Value[] {
  const token = decodeToken(NAME, str(NAME, args, 0));
  const c = readConstraints(args, context);
  const invalid = [false, new RObject(), new RObject()];
  const alg = token.header.getString('alg');
  if (typeof alg !== 'string' || (c.alg !== undefined && alg !== c.alg)) return invalid;
  if (token.header.getString('crit') !== undefined) return invalid;
  if (!signatureValid(token, alg, c, NAME)) return invalid;
  if (!(token.payload instanceof RObject) || !claimsValid(token.payload, c)) return invalid;
  return [true, token.header, token.payload];
}

defineBuiltins([{ name: NAME, arity: 2, impl: decodeVerify }]);
