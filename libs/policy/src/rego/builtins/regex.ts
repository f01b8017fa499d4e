/**
 * Regular-expression builtins with Go RE2 semantics (see regex-syntax.ts). A pattern that
 * does not compile is an `eval_builtin_error`, which non-strict evaluation turns into an
 * undefined result, as Open Policy Agent does. A pattern that could backtrack
 * exponentially, or a subject over the length limit, ends the evaluation (regex-guard.ts).
 */
import { RegoError } from '../errors.js';
import type { Value } from '../value.js';
import { builtinError, smallInt, str } from './args.js';
import { checkSubject, nestedRepetition } from './regex-guard.js';
import { RegexSyntaxError, translateRe2 } from './regex-syntax.js';
import { defineBuiltins } from './registry.js';
import type { BuiltinContext } from './registry.js';

/** Compiled patterns shared across evaluations: a RegExp without `g` keeps no state. */
const compiled = new Map<string, RegExp | RegexSyntaxError | RefusedPattern>();
const MAX_CACHED = 1000;

/** Valid RE2 that these builtins will not run on a backtracking engine. */
class RefusedPattern {
  constructor(readonly reason: string) {}
}

function compileUncached(pattern: string): RegExp | RegexSyntaxError | RefusedPattern {
  try {
    const { source, flags } = translateRe2(pattern);
    const re = new RegExp(source, flags);
    const refusal = nestedRepetition(source);
    return refusal === undefined ? re : new RefusedPattern(refusal);
  } catch (error) {
    if (error instanceof RegexSyntaxError) return error;
    return new RegexSyntaxError((error as Error).message);
  }
}

/** The compiled pattern, from the evaluation's cache, the shared cache, or compiled now. */
export function compile(name: string, pattern: string, context: BuiltinContext): RegExp {
  const key = `regex:${pattern}`;
  let result = context.cache.get(key) as RegExp | RegexSyntaxError | RefusedPattern | undefined;
  if (result === undefined) {
    result = compiled.get(pattern) ?? compileUncached(pattern);
    if (compiled.size >= MAX_CACHED) compiled.clear();
    compiled.set(pattern, result);
    context.cache.set(key, result);
  }
  if (result instanceof RegexSyntaxError) {
    throw builtinError(name, `error parsing regexp: ${result.message}: \`${pattern}\``);
  }
  if (result instanceof RefusedPattern) {
    throw new RegoError(
      'eval_builtin_error',
      `${name}: pattern refused, ${result.reason} and could backtrack exponentially: ` +
        `\`${pattern}\` (rewrite it without nested repetition)`,
    );
  }
  return result;
}

/**
 * Go's FindAll: successive non-overlapping matches, where an empty match right after the
 * previous match is skipped; at most `limit` matches when it is not negative.
 */
export function findAll(re: RegExp, text: string, limit: number): RegExpExecArray[] {
  const matches: RegExpExecArray[] = [];
  const global = new RegExp(re.source, `${re.flags}g`);
  let previousEnd = -1;
  for (const match of text.matchAll(global)) {
    if (limit >= 0 && matches.length >= limit) break;
    if (match[0] === '' && match.index === previousEnd) continue;
    matches.push(match);
    previousEnd = match.index + match[0].length;
  }
  return matches;
}

/** Go's regexp.Split with n = -1. */
function split(re: RegExp, text: string): string[] {
  if (text === '') return [''];
  const parts: string[] = [];
  let begin = 0;
  let end = 0;
  for (const match of findAll(re, text, -1)) {
    end = match.index;
    const matchEnd = match.index + match[0].length;
    if (matchEnd !== 0) parts.push(text.slice(begin, end));
    begin = matchEnd;
  }
  if (end !== text.length) parts.push(text.slice(begin));
  return parts;
}

/** Go's Expand: `$1`, `${1}`, `$name`, `${name}`, `$$`; an unknown group is empty. */
function expand(template: string, match: RegExpExecArray): string {
  return template.replace(/\$(?:\$|\{([A-Za-z0-9_]+)\}|([A-Za-z0-9_]+))/g, (all, braced, bare) => {
    const name = (braced ?? bare) as string | undefined;
    if (name === undefined) return '$';
    const group = /^\d+$/.test(name) ? match[Number(name)] : match.groups?.[name];
    return group ?? '';
  });
}

function replace(re: RegExp, text: string, template: string): string {
  let out = '';
  let last = 0;
  for (const match of findAll(re, text, -1)) {
    out += text.slice(last, match.index) + expand(template, match);
    last = match.index + match[0].length;
  }
  return out + text.slice(last);
}

function quoteMeta(text: string): string {
  return text.replace(/[\\.+*?()|[\]{}^$]/g, '\\$&');
}

/** `urn:{.*}:x` with delimiters `{` `}`: literal text around regex parts, anchored. */
function templatePattern(template: string, open: string, close: string): string {
  let pattern = '';
  let rest = template;
  while (rest !== '') {
    const start = rest.indexOf(open);
    const end = start < 0 ? -1 : rest.indexOf(close, start + open.length);
    if (start < 0 || end < 0) {
      pattern += quoteMeta(rest);
      break;
    }
    pattern += quoteMeta(rest.slice(0, start)) + rest.slice(start + open.length, end);
    rest = rest.slice(end + close.length);
  }
  return `^${pattern}$`;
}

function strArgs(name: string, args: Value[], count: number): string[] {
  return Array.from({ length: count }, (_, i) => str(name, args, i));
}

/** The compiled pattern, once `text` is known to be within the pattern's length limit. */
function compileFor(name: string, pattern: string, text: string, ctx: BuiltinContext): RegExp {
  const re = compile(name, pattern, ctx);
  checkSubject(name, re, text);
  return re;
}

defineBuiltins([
  {
    name: 'regex.match',
    arity: 2,
    impl: (args, ctx) => {
      const [pattern = '', text = ''] = strArgs('regex.match', args, 2);
      return compileFor('regex.match', pattern, text, ctx).test(text);
    },
  },
  {
    name: 're_match',
    arity: 2,
    impl: (args, ctx) => {
      const [pattern = '', text = ''] = strArgs('re_match', args, 2);
      return compileFor('re_match', pattern, text, ctx).test(text);
    },
  },
  {
    name: 'regex.is_valid',
    arity: 1,
    // A refused pattern is still valid RE2, as Open Policy Agent would report it.
    impl: ([pattern]) =>
      typeof pattern === 'string' && !(compileUncached(pattern) instanceof Error),
  },
  {
    name: 'regex.find_n',
    arity: 3,
    impl: (args, ctx) => {
      const [pattern = '', text = ''] = strArgs('regex.find_n', args, 2);
      const limit = smallInt('regex.find_n', args, 2);
      const re = compileFor('regex.find_n', pattern, text, ctx);
      return findAll(re, text, limit).map((m) => m[0]);
    },
  },
  {
    name: 'regex.find_all_string_submatch_n',
    arity: 3,
    impl: (args, ctx) => {
      const name = 'regex.find_all_string_submatch_n';
      const [pattern = '', text = ''] = strArgs(name, args, 2);
      const limit = smallInt(name, args, 2);
      const matches = findAll(compileFor(name, pattern, text, ctx), text, limit);
      return matches.map((m) => [...m].map((group) => group ?? ''));
    },
  },
  {
    name: 'regex.split',
    arity: 2,
    impl: (args, ctx) => {
      const [pattern = '', text = ''] = strArgs('regex.split', args, 2);
      return split(compileFor('regex.split', pattern, text, ctx), text);
    },
  },
  {
    name: 'regex.replace',
    arity: 3,
    impl: (args, ctx) => {
      const [text = '', pattern = '', template = ''] = strArgs('regex.replace', args, 3);
      return replace(compileFor('regex.replace', pattern, text, ctx), text, template);
    },
  },
  {
    name: 'regex.template_match',
    arity: 4,
    impl: (args, ctx) => {
      const [template = '', text = '', open = '', close = ''] = strArgs(
        'regex.template_match',
        args,
        4,
      );
      const pattern = templatePattern(template, open, close);
      return compileFor('regex.template_match', pattern, text, ctx).test(text);
    },
  },
]);
