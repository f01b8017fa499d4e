/**
 * String builtins. Positions and lengths count Unicode code points, as Go's runes do,
 * so `indexof("μx", "x")` is 1 and `substring` never splits a character.
 */
import { BuiltinError } from '../errors.js';
import type { RObject, Value } from '../value.js';
import { RSet } from '../value.js';
import { toBigInt, truncated } from './arith.js';
import {
  builtinError,
  elements,
  expectType,
  int,
  num,
  obj,
  smallInt,
  str,
  stringsOf,
  typeError,
} from './args.js';
import { defineBuiltins } from './registry.js';
import type { Builtin } from './registry.js';

function runes(text: string): string[] {
  return [...text];
}

type StringFn = (a: string, b: string, c: string) => Value | undefined;

/** A builtin over string operands only. */
function strs(name: string, arity: number, fn: StringFn): Builtin {
  return {
    name,
    arity,
    impl: (args) => {
      const v = Array.from({ length: arity }, (_, i) => str(name, args, i));
      return fn(v[0] ?? '', v[1] ?? '', v[2] ?? '');
    },
  };
}

function concat(args: Value[]): string {
  const delimiter = str('concat', args, 0);
  const list = expectType('concat', args, 1, ['set', 'array']) as Value[] | RSet;
  const members = elements(list);
  for (const member of members) {
    if (typeof member !== 'string') {
      const kind = list instanceof RSet ? 'set' : 'array';
      throw typeError('concat', 2, `${kind} of strings`, `${kind} containing ${typeof member}`);
    }
  }
  return members.join(delimiter);
}

function formatInt(args: Value[]): string {
  const value = num('format_int', args, 0);
  const base = smallInt('format_int', args, 1);
  if (![2, 8, 10, 16].includes(base)) {
    throw typeError('format_int', 2, 'one of {2, 8, 10, 16}', String(base));
  }
  return truncated(value).toString(base);
}

function nonEmpty(name: string, search: string): string {
  if (search === '') throw builtinError(name, 'empty search character');
  return search;
}

function indexOf(text: string, search: string): number {
  const found = text.indexOf(search);
  return found < 0 ? -1 : runes(text.slice(0, found)).length;
}

/** Every position where `search` starts, overlapping matches included. */
function indexOfAll(text: string, search: string): number[] {
  const positions: number[] = [];
  const chars = runes(text);
  for (let i = 0; i < chars.length; i += 1) {
    if (chars.slice(i).join('').startsWith(search)) positions.push(i);
  }
  return positions;
}

function substring(args: Value[]): string {
  const chars = runes(str('substring', args, 0));
  const offset = smallInt('substring', args, 1);
  const length = smallInt('substring', args, 2);
  if (offset < 0) throw builtinError('substring', 'negative offset');
  if (offset >= chars.length) return '';
  const end = length < 0 ? chars.length : Math.min(chars.length, offset + length);
  return chars.slice(offset, end).join('');
}

/** Go's strings.Split: an empty separator splits into code points. */
export function splitAll(text: string, separator: string): string[] {
  return separator === '' ? runes(text) : text.split(separator);
}

/** The first n parts, or the last -n parts when n is negative. */
function splitN(args: Value[]): string[] {
  const parts = splitAll(str('strings.split_n', args, 0), str('strings.split_n', args, 1));
  const n = toBigInt(int('strings.split_n', args, 2)) ?? 0n;
  if (n >= 0n) return parts.slice(0, n > BigInt(parts.length) ? parts.length : Number(n));
  return parts.slice(Math.max(0, parts.length + Number(n)));
}

function countOf(text: string, search: string): number {
  if (search === '') return runes(text).length + 1;
  return text.split(search).length - 1;
}

function trimCutset(text: string, cutset: string, left: boolean, right: boolean): string {
  const cut = new Set(runes(cutset));
  const chars = runes(text);
  let start = 0;
  let end = chars.length;
  while (left && start < end && cut.has(chars[start] as string)) start += 1;
  while (right && end > start && cut.has(chars[end - 1] as string)) end -= 1;
  return chars.slice(start, end).join('');
}

function operandError(detail: string): BuiltinError {
  return new BuiltinError('eval_type_error', `strings.replace_n: operand 1 ${detail}`);
}

/** Replaces every key of `patterns` by its value, leftmost first, earliest key winning. */
function replaceN(args: Value[]): string {
  const patterns: RObject = obj('strings.replace_n', args, 0);
  const text = str('strings.replace_n', args, 1);
  const pairs = patterns.sortedPairs().map(([k, v]) => {
    if (typeof k !== 'string') throw operandError('non-string key found in pattern object');
    if (typeof v !== 'string') throw operandError('non-string value found in pattern object');
    return [k, v] as const;
  });
  let out = '';
  let i = 0;
  while (i < text.length) {
    const hit = pairs.find(([k]) => k !== '' && text.startsWith(k, i));
    if (hit) {
      out += hit[1];
      i += hit[0].length;
    } else {
      out += text[i];
      i += 1;
    }
  }
  return out;
}

function anyMatch(name: string, test: (s: string, affix: string) => boolean): Builtin {
  return {
    name,
    arity: 2,
    impl: (args) => {
      const texts = stringsOf(name, args, 0);
      const affixes = stringsOf(name, args, 1);
      return texts.some((t) => affixes.some((a) => test(t, a)));
    },
  };
}

defineBuiltins([
  { name: 'concat', arity: 2, impl: concat },
  strs('contains', 2, (s, sub) => s.includes(sub)),
  strs('startswith', 2, (s, p) => s.startsWith(p)),
  strs('endswith', 2, (s, p) => s.endsWith(p)),
  { name: 'format_int', arity: 2, impl: formatInt },
  strs('indexof', 2, (s, sub) => indexOf(s, nonEmpty('indexof', sub))),
  strs('indexof_n', 2, (s, sub) => indexOfAll(s, nonEmpty('indexof_n', sub))),
  strs('lower', 1, (s) => s.toLowerCase()),
  strs('upper', 1, (s) => s.toUpperCase()),
  strs('replace', 3, (s, old, rep) => s.replaceAll(old, rep)),
  { name: 'strings.replace_n', arity: 2, impl: replaceN },
  strs('split', 2, (s, sep) => splitAll(s, sep)),
  { name: 'strings.split_n', arity: 3, impl: splitN },
  { name: 'substring', arity: 3, impl: substring },
  strs('trim', 2, (s, c) => trimCutset(s, c, true, true)),
  strs('trim_left', 2, (s, c) => trimCutset(s, c, true, false)),
  strs('trim_right', 2, (s, c) => trimCutset(s, c, false, true)),
  strs('trim_prefix', 2, (s, p) => (s.startsWith(p) ? s.slice(p.length) : s)),
  strs('trim_suffix', 2, (s, p) => (p !== '' && s.endsWith(p) ? s.slice(0, -p.length) : s)),
  strs('trim_space', 1, (s) => s.trim()),
  strs('strings.reverse', 1, (s) => runes(s).reverse().join('')),
  strs('strings.count', 2, (s, sub) => countOf(s, sub)),
  anyMatch('strings.any_prefix_match', (s, p) => s.startsWith(p)),
  anyMatch('strings.any_suffix_match', (s, p) => s.endsWith(p)),
]);
