/**
 * Limits that keep the regex and glob builtins within the evaluation's time budget.
 *
 * Threat model: Open Policy Agent runs patterns on RE2, in linear time; these builtins run
 * them on JavaScript's backtracking engine, and the time budget is only checked between
 * evaluation steps, never inside one match. The subject (often `input`, which the
 * requester controls) is therefore capped, and patterns whose cost can grow exponentially
 * with it (a repeated group that itself repeats or alternates, such as `(a+)+` or
 * `(a|ab)*`) are refused. Both end the whole evaluation, so a decision fails closed rather
 * than reading the failure as "no match".
 *
 * Without nesting, backtracking costs at most about n^(r+1) for a subject of n characters
 * and r repetitions (`a*a*b` on 2,048 a's took 4.7 s), so the cap shrinks as r grows:
 * n^(r+1) stays under MATCH_WORK, about 50 ms here. One repetition keeps 8,192 characters;
 * two, 511; three, 107.
 */
import { RegoError } from '../errors.js';

/** Longest subject, in UTF-16 code units, a regex or glob builtin will match. */
export const MAX_MATCH_SUBJECT = 8192;
/** The backtracking work n^(repetitions+1) a subject's length may imply. */
export const MATCH_WORK = 2 ** 27;

const limits = new WeakMap<RegExp, number>();

/** The longest subject `re` may be run on. */
export function subjectLimit(re: RegExp): number {
  let limit = limits.get(re);
  if (limit === undefined) {
    const root = Math.floor(MATCH_WORK ** (1 / (repetitions(re.source) + 1)) + 1e-9);
    limit = Math.min(MAX_MATCH_SUBJECT, root);
    limits.set(re, limit);
  }
  return limit;
}

/** Aborts the evaluation when `text` is longer than `re` may be run on. */
export function checkSubject(name: string, re: RegExp, text: string): void {
  const limit = subjectLimit(re);
  if (text.length <= limit) return;
  throw new RegoError(
    'eval_budget_error',
    `${name}: subject of ${text.length} characters exceeds the limit of ${limit} for this ` +
      'pattern (the matcher backtracks; fewer repetitions in the pattern allow longer subjects)',
  );
}

/** How many repeating quantifiers (`*`, `+`, `{n,}`, `{n,m}`) a translated pattern has. */
export function repetitions(source: string): number {
  let count = 0;
  let i = 0;
  while (i < source.length) {
    if (source[i] === '\\') i += 2;
    else if (source[i] === '[') i = skipClass(source, i);
    else {
      // An exact count `{n}` offers the matcher no choice, so it adds no backtracking.
      if (repeatsAt(source, i) > 0 && !/^\{\d+\}/.test(source.slice(i, i + 12))) count += 1;
      i += 1;
    }
  }
  return count;
}

interface Group {
  /** The group holds a quantifier or an alternation, directly or in a nested group. */
  risky: boolean;
}

/** `*`, `+`, `{n,}` and `{n,m}` with m > 1 repeat; `?` and `{0,1}`, `{n}` with n ≤ 1 do not. */
function repeatsAt(source: string, i: number): number {
  const ch = source[i];
  if (ch === '*' || ch === '+') return 1;
  if (ch !== '{') return 0;
  const match = /^\{(\d+)(,(\d*))?\}/.exec(source.slice(i));
  if (!match) return 0;
  const upper = match[2] === undefined ? Number(match[1]) : Number(match[3] || Infinity);
  return upper > 1 ? match[0].length : 0;
}

function isQuantifier(source: string, i: number): boolean {
  return source[i] === '?' || repeatsAt(source, i) > 0 || source[i] === '{';
}

/** Index just past the character class that opens at `i` (escapes already applied). */
function skipClass(source: string, i: number): number {
  let j = i + 1;
  while (j < source.length && source[j] !== ']') j += source[j] === '\\' ? 2 : 1;
  return j + 1;
}

/**
 * The reason a translated (JavaScript) pattern is refused, or undefined when it is
 * accepted: a group repeated by `*`, `+` or `{n,m}` must not itself contain a quantifier
 * or an alternation.
 */
export function nestedRepetition(source: string): string | undefined {
  const stack: Group[] = [{ risky: false }];
  let i = 0;
  while (i < source.length) {
    const ch = source[i] as string;
    const top = stack[stack.length - 1] as Group;
    if (ch === '\\') i += 2;
    else if (ch === '[') i = skipClass(source, i);
    else if (ch === '(') {
      stack.push({ risky: false });
      i += source[i + 1] === '?' ? 2 : 1;
    } else if (ch === ')') {
      const closed = stack.pop() as Group;
      const parent = stack[stack.length - 1] ?? top;
      i += 1;
      if (closed.risky && repeatsAt(source, i) > 0) {
        return 'a repeated group contains a quantifier or an alternation';
      }
      parent.risky ||= closed.risky || isQuantifier(source, i);
    } else {
      if (ch === '|' || isQuantifier(source, i)) top.risky = true;
      i += 1;
    }
  }
  return undefined;
}
