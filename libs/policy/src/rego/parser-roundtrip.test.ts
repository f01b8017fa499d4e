import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Term } from './ast.js';
import { parseTerm } from './parser.js';
import { printTerm } from './parser-print.js';

/** The tree without locations or literal text, which printing does not preserve. */
function shape(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(shape);
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value).filter(([k]) => k !== 'loc' && k !== 'text');
  return Object.fromEntries(entries.map(([k, v]) => [k, shape(v)]));
}

const loc = { file: 'gen', line: 1, column: 1 };
const names = fc.constantFrom('x', 'y', 'input', 'data', 'foo_1', 'set_');

// Floats stay small: a float with an integer value beyond 2^53 prints as digits and
// rightly parses back as a bigint.
const number = fc.oneof(
  fc.integer(),
  fc.bigInt({ min: 2n ** 60n, max: 2n ** 80n }),
  fc.double({ min: -1e9, max: 1e9, noNaN: true }).map((n) => (Object.is(n, -0) ? 0 : n)),
);

const scalar: fc.Arbitrary<Term> = fc.oneof(
  fc.constant<Term>({ type: 'null', loc }),
  fc.boolean().map((value): Term => ({ type: 'boolean', value, loc })),
  number.map((value): Term => ({ type: 'number', value, loc })),
  fc.string().map((value): Term => ({ type: 'string', value, loc })),
  names.map((name): Term => ({ type: 'var', name, loc })),
);

const { term } = fc.letrec<{ term: Term }>((tie) => ({
  term: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    scalar,
    fc
      .tuple(names, fc.array(fc.oneof(scalar, tie('term')), { minLength: 1, maxLength: 3 }))
      .map(([name, path]): Term => ({ type: 'ref', head: { type: 'var', name, loc }, path, loc })),
    fc
      .tuple(fc.constantFrom('count', 'object.get', 'data.lib.f'), fc.array(tie('term')))
      .map(([name, args]): Term => ({ type: 'call', name, args, loc })),
    fc.array(tie('term'), { maxLength: 3 }).map((items): Term => ({ type: 'array', items, loc })),
    fc.array(tie('term'), { maxLength: 3 }).map((items): Term => ({ type: 'set', items, loc })),
    fc
      .array(fc.tuple(tie('term'), tie('term')), { maxLength: 3 })
      .map((entries): Term => ({ type: 'object', entries, loc })),
  ),
}));

describe('printing and parsing', () => {
  it('gives back the same tree for any term', () => {
    fc.assert(
      fc.property(term, (t) => {
        expect(shape(parseTerm(printTerm(t)))).toEqual(shape(t));
      }),
      { numRuns: 500 },
    );
  });
});
