/**
 * `glob.match(pattern, delimiters, text)`: `*` spans any run of non-delimiter characters,
 * `**` any run at all, `?` one non-delimiter character, `[a-z]`/`[!a-z]` one character from
 * (or not from) a list, `{a,b}` alternatives, `\` quotes the next character. Delimiters
 * default to `.` when the list is empty; `null` means none.
 */
import type { Value } from '../value.js';
import { builtinError, expectType, str } from './args.js';
import { checkSubject } from './regex-guard.js';
import { defineBuiltins } from './registry.js';
import type { BuiltinContext } from './registry.js';

class GlobSyntaxError extends Error {}

function escapeForRegex(ch: string): string {
  return /[\\^$.*+?()[\]{}|/]/.test(ch) ? `\\${ch}` : ch;
}

function escapeInClass(ch: string): string {
  return /[\\^\][-]/.test(ch) ? `\\${ch}` : ch;
}

interface Cursor {
  pattern: string[];
  i: number;
}

/** `[...]` at the cursor (just past `[`), as a JavaScript class. */
function charClass(cursor: Cursor): string {
  let out = '[';
  if (cursor.pattern[cursor.i] === '!') {
    out += '^';
    cursor.i += 1;
  }
  for (;;) {
    const ch = cursor.pattern[cursor.i];
    cursor.i += 1;
    if (ch === undefined) throw new GlobSyntaxError('unexpected end of input in character class');
    if (ch === ']') return `${out}]`;
    if (ch === '-' && out.length > 1 && cursor.pattern[cursor.i] !== ']') out += '-';
    else if (ch === '\\') out += escapeInClass(cursor.pattern[cursor.i++] ?? '\\');
    else out += escapeInClass(ch);
  }
}

/** Translates until the end, or until `}`/`,` closes the current alternative. */
function sequence(cursor: Cursor, anyRun: string, anyOne: string, depth: number): string {
  let out = '';
  while (cursor.i < cursor.pattern.length) {
    const ch = cursor.pattern[cursor.i] as string;
    if (depth > 0 && (ch === '}' || ch === ',')) return out;
    cursor.i += 1;
    if (ch === '*') {
      const superStar = cursor.pattern[cursor.i] === '*';
      if (superStar) cursor.i += 1;
      out += superStar ? '[\\s\\S]*' : anyRun;
    } else if (ch === '?') out += anyOne;
    else if (ch === '[') out += charClass(cursor);
    else if (ch === '{') out += alternatives(cursor, anyRun, anyOne, depth + 1);
    else if (ch === '\\') out += escapeForRegex(cursor.pattern[cursor.i++] ?? '\\');
    else out += escapeForRegex(ch);
  }
  if (depth > 0) throw new GlobSyntaxError('unexpected end of input in alternatives');
  return out;
}

function alternatives(cursor: Cursor, anyRun: string, anyOne: string, depth: number): string {
  const options: string[] = [];
  for (;;) {
    options.push(sequence(cursor, anyRun, anyOne, depth));
    const closer = cursor.pattern[cursor.i];
    cursor.i += 1;
    if (closer === '}') return `(?:${options.join('|')})`;
  }
}

export function globToRegExp(pattern: string, delimiters: string[]): RegExp {
  const excluded = delimiters.map(escapeInClass).join('');
  const anyRun = excluded === '' ? '[\\s\\S]*' : `[^${excluded}]*`;
  const anyOne = excluded === '' ? '[\\s\\S]' : `[^${excluded}]`;
  const cursor: Cursor = { pattern: [...pattern], i: 0 };
  return new RegExp(`^${sequence(cursor, anyRun, anyOne, 0)}$`, 'u');
}

function delimitersOf(args: Value[]): string[] {
  const value = expectType('glob.match', args, 1, ['array', 'null']);
  if (value === null) return [];
  const list = value as Value[];
  if (list.length === 0) return ['.'];
  return list.flatMap((d) => {
    if (typeof d !== 'string') {
      throw builtinError('glob.match', `operand 2 must be array of strings but got ${typeof d}`);
    }
    return [...d];
  });
}

function compiled(pattern: string, delimiters: string[], context: BuiltinContext): RegExp {
  const key = `glob:${JSON.stringify([pattern, delimiters])}`;
  let re = context.cache.get(key) as RegExp | undefined;
  if (re === undefined) {
    try {
      re = globToRegExp(pattern, delimiters);
    } catch (error) {
      throw builtinError('glob.match', (error as Error).message);
    }
    context.cache.set(key, re);
  }
  return re;
}

defineBuiltins([
  {
    name: 'glob.match',
    arity: 3,
    impl: (args, context) => {
      const pattern = str('glob.match', args, 0);
      const delimiters = delimitersOf(args);
      const text = str('glob.match', args, 2);
      const re = compiled(pattern, delimiters, context);
      checkSubject('glob.match', re, text);
      return re.test(text);
    },
  },
  {
    name: 'glob.quote_meta',
    arity: 1,
    impl: (args) => str('glob.quote_meta', args, 0).replace(/[*?\\[\]{}]/g, '\\$&'),
  },
]);
