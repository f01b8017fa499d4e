/** Hashes and HMACs (hex digests of the UTF-8 input), and constant-time HMAC comparison. */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { str } from './args.js';
import { defineBuiltins } from './registry.js';
import type { Builtin } from './registry.js';

function hash(name: string, algorithm: string): Builtin {
  return {
    name,
    arity: 1,
    impl: (args) =>
      createHash(algorithm)
        .update(str(name, args, 0), 'utf8')
        .digest('hex'),
  };
}

function hmac(name: string, algorithm: string): Builtin {
  return {
    name,
    arity: 2,
    impl: (args) => {
      const message = str(name, args, 0);
      const key = str(name, args, 1);
      return createHmac(algorithm, key).update(message, 'utf8').digest('hex');
    },
  };
}

/** Compares two MACs in time independent of where they differ. */
function hmacEqual(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

defineBuiltins([
  hash('crypto.md5', 'md5'),
  hash('crypto.sha1', 'sha1'),
  hash('crypto.sha256', 'sha256'),
  hmac('crypto.hmac.md5', 'md5'),
  hmac('crypto.hmac.sha1', 'sha1'),
  hmac('crypto.hmac.sha256', 'sha256'),
  hmac('crypto.hmac.sha512', 'sha512'),
  {
    name: 'crypto.hmac.equal',
    arity: 2,
    impl: (args) => hmacEqual(str('crypto.hmac.equal', args, 0), str('crypto.hmac.equal', args, 1)),
  },
]);
