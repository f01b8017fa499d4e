import type { Language } from '@airlock/core';
import { describe, expect, it } from 'vitest';
import { validate } from './validator.js';

interface LookAlike {
  /** What the snippet resembles, and why it is safe. */
  name: string;
  code: string;
  language?: Language;
}

/**
 * Ordinary code that looks like a dangerous pattern. Each runs through the full default
 * validator (every rule at its default level), so a rule that over-reaches fails here even
 * when its own table misses the case.
 */
const lookAlikes: LookAlike[] = [
  { name: 'RegExp exec is not eval', code: 'const m = /a(b)/.exec(s);\nconst r = regex.exec(s);' },
  { name: 'a database exec is not eval', code: 'db.exec(sql);\nawait pool.exec("select 1");' },
  {
    name: 'a string that mentions eval',
    code: 'const msg = "do not call eval here";\nconst t = `eval(${x})`;\nconsole.log("eval");',
  },
  { name: 'reading a constructor name', code: 'const kind = value.constructor.name;' },
  {
    name: 'comparing constructors',
    code: 'if (value.constructor === Object) result.push(value);',
  },
  {
    name: 'while (true) with a break',
    code: 'let i = 0;\nwhile (true) {\n  i += 1;\n  if (i > 10) break;\n}',
  },
  {
    name: 'for (;;) that returns',
    code: 'function first(xs) {\n  for (;;) {\n    const x = xs.shift();\n    if (x) return x;\n  }\n}',
  },
  {
    name: 'recursion with a base case',
    code: 'function fact(n) {\n  if (n <= 1) return 1;\n  return n * fact(n - 1);\n}',
  },
  {
    name: 'recursion with a ternary base case',
    code: 'const fib = (n) => (n < 2 ? n : fib(n - 1) + fib(n - 2));',
  },
  {
    name: 'setTimeout with a function',
    code: 'setTimeout(fn, ms);\nsetTimeout(() => done(), 100);',
  },
  { name: 'setInterval with a function', code: 'const id = setInterval(tick, 1_000);' },
  {
    name: 'look-alikes in TypeScript',
    code: 'const r: RegExpExecArray | null = regex.exec(s);\nconst n: string = value.constructor.name;',
    language: 'typescript',
  },
];

describe('false positives: the default validator accepts look-alikes', () => {
  for (const { name, code, language } of lookAlikes) {
    it(name, () => {
      const result = validate(code, { language: language ?? 'javascript' });
      expect(result.parsed, `snippet must parse: ${code}`).toBe(true);
      const errors = result.findings.filter((f) => f.severity === 'error');
      expect(errors).toEqual([]);
      expect(result.ok).toBe(true);
    });
  }
});
