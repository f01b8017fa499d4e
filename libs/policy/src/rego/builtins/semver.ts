/** Semantic Versioning 2.0.0: `semver.is_valid` and `semver.compare`. */
import type { Value } from '../value.js';
import { builtinError, str } from './args.js';
import { defineBuiltins } from './registry.js';

const NUMERIC = '0|[1-9]\\d*';
const IDENT = '[0-9A-Za-z-]+';
const PRE_IDENT = `(?:${NUMERIC}|\\d*[A-Za-z-][0-9A-Za-z-]*)`;
const SEMVER = new RegExp(
  `^(${NUMERIC})\\.(${NUMERIC})\\.(${NUMERIC})` +
    `(?:-(${PRE_IDENT}(?:\\.${PRE_IDENT})*))?(?:\\+(${IDENT}(?:\\.${IDENT})*))?$`,
);

interface Version {
  core: [bigint, bigint, bigint];
  pre: string[];
}

function parse(text: string): Version | undefined {
  const match = SEMVER.exec(text);
  if (!match) return undefined;
  const [, major = '0', minor = '0', patch = '0', pre] = match;
  return { core: [BigInt(major), BigInt(minor), BigInt(patch)], pre: pre ? pre.split('.') : [] };
}

function sign<T extends bigint | string | number>(a: T, b: T): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Numeric identifiers order numerically and below alphanumeric ones. */
function compareIdentifiers(a: string, b: string): number {
  const numA = /^\d+$/.test(a);
  const numB = /^\d+$/.test(b);
  if (numA && numB) return sign(BigInt(a), BigInt(b));
  if (numA !== numB) return numA ? -1 : 1;
  return sign(a, b);
}

/** A version without pre-release parts is greater; build metadata never counts. */
export function compareVersions(a: Version, b: Version): number {
  for (let i = 0; i < 3; i += 1) {
    const c = sign(a.core[i] as bigint, b.core[i] as bigint);
    if (c !== 0) return c;
  }
  if (a.pre.length === 0 || b.pre.length === 0) return sign(b.pre.length, a.pre.length);
  const length = Math.min(a.pre.length, b.pre.length);
  for (let i = 0; i < length; i += 1) {
    const c = compareIdentifiers(a.pre[i] as string, b.pre[i] as string);
    if (c !== 0) return c;
  }
  return sign(a.pre.length, b.pre.length);
}

function version(args: Value[], index: number): Version {
  const text = str('semver.compare', args, index);
  const parsed = parse(text);
  if (!parsed) {
    throw builtinError(
      'semver.compare',
      `operand ${index + 1}: string "${text}" is not a valid SemVer`,
    );
  }
  return parsed;
}

defineBuiltins([
  {
    name: 'semver.is_valid',
    arity: 1,
    impl: ([text]) => typeof text === 'string' && parse(text) !== undefined,
  },
  {
    name: 'semver.compare',
    arity: 2,
    impl: (args) => compareVersions(version(args, 0), version(args, 1)),
  },
]);
