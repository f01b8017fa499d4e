import { describe, expect, it } from 'vitest';
import type { Rule } from './ast.js';
import { RegoError } from './errors.js';
import { parseModule } from './parser.js';
import { printRule } from './parser-print.js';

/** The rules of `package t` followed by `source`, printed one per entry. */
function rules(source: string): string[] {
  return parseModule(`package t\n\n${source}`, 'm.rego').rules.map(printRule);
}

function firstRule(source: string): Rule {
  const [rule] = parseModule(`package t\n${source}`, 'm.rego').rules;
  if (rule === undefined) throw new Error('no rule');
  return rule;
}

describe('rule heads', () => {
  // printRule writes `kind name(args) = value` or `kind name contains key`, then the body.
  const valid: Array<[string, string[]]> = [
    ['p := 1', ['complete p = 1']],
    ['p = {"a": [1]}', ['complete p = {"a": [1]}']],
    ['p if input.x', ['complete p = true if { input.x }']],
    ['p if {\n  input.x\n  input.y\n}', ['complete p = true if { input.x; input.y }']],
    ['p := v if { v := 1 }', ['complete p = v if { v := 1 }']],
    ['p := x if x := 2', ['complete p = x if { x := 2 }']],
    ['default p := false', ['complete default p = false']],
    ['default p = 0', ['complete default p = 0']],
    // Comprehensions are closures: their variables do not make a default value non-constant.
    ['default p := {x | x := 1}', ['complete default p = {x | x := 1}']],
    ['default f(_) := 1', ['function default f($_0) = 1']],
    ['p contains x if { some x in input }', ['partialset p contains x if { some x in input }']],
    ['p contains "a"', ['partialset p contains "a"']],
    ['p contains x if x := 1', ['partialset p contains x if { x := 1 }']],
    ['p[k] := v if { some k, v in o }', ['partialobject p[k] = v if { some k, v in o }']],
    // v1: `p[x] if` is the object {x: true}, not a set.
    ['p[x] if { some x in xs }', ['partialobject p[x] = true if { some x in xs }']],
    ['a.b.c := 1', ['complete a.b.c = 1']],
    ['a.b["c d"] := 1', ['complete a.b["c d"] = 1']],
    ['a.b[x] := y if { y := x }', ['partialobject a.b[x] = y if { y := x }']],
    ['a.b[x] contains y if y := x', ['partialset a.b[x] contains y if { y := x }']],
    ['a[x].b := 1 if x := 2', ['partialobject a[x].b = 1 if { x := 2 }']],
    ['p[1] := 2', ['partialobject p[1] = 2']],
    ['f(x, y) := z if { z := x + y }', ['function f(x, y) = z if { z := plus(x, y) }']],
    ['f(x) if x > 1', ['function f(x) = true if { gt(x, 1) }']],
    ['f(1) := 2', ['function f(1) = 2']],
    ['f([a, _]) = a', ['function f([a, $_0]) = a']],
    ['a.b.f(x) := x', ['function a.b.f(x) = x']],
    ['p := 1\nq := 2', ['complete p = 1', 'complete q = 2']],
    // A set literal after `if` is never a single expression: it is the body.
    ['p if { input.x == 1 }', ['complete p = true if { equal(input.x, 1) }']],
    ['p if {"a": 1}.a', ['complete p = true if { ({"a": 1}).a }']],
    ['p if { not input.x }', ['complete p = true if { not input.x }']],
    [
      'p if true\n\nq if false',
      ['complete p = true if { true }', 'complete q = true if { false }'],
    ],
    ['p := {x | x := 1}', ['complete p = {x | x := 1}']],
    [
      'p if { x := [y |\n  y := 1\n  y > 0\n] }',
      ['complete p = true if { x := [y | y := 1; gt(y, 0)] }'],
    ],
  ];
  it.each(valid)('%j', (source, expected) => {
    expect(rules(source)).toEqual(expected);
  });

  it('fills the rule fields', () => {
    const rule = firstRule('a.b[x] := 1 if x := "k"');
    expect(rule).toMatchObject({
      kind: 'partialobject',
      isDefault: false,
      args: [],
      key: null,
      value: { type: 'number', value: 1 },
      packagePath: ['t'],
      loc: { file: 'm.rego', line: 2, column: 1 },
      elses: [],
    });
    expect(rule.ref.map((t) => t.type)).toEqual(['string', 'string', 'var']);
  });

  it('gives a body-less rule an empty body and a value of true when it names none', () => {
    expect(firstRule('p contains 1')).toMatchObject({ body: [], key: { value: 1 } });
    expect(firstRule('p if true').value).toMatchObject({ type: 'boolean', value: true });
  });
});

describe('else', () => {
  const valid: Array<[string, string[]]> = [
    [
      'p := 1 if { false } else := 2 if { true } else := 3',
      ['complete p = 1 if { false } else = 2 if { true } else = 3'],
    ],
    ['p := 1 if false\nelse if true', ['complete p = 1 if { false } else = true if { true }']],
    [
      'p if { false } else = false if { true }',
      ['complete p = true if { false } else = false if { true }'],
    ],
    ['f(x) := 1 if x > 1 else := 0', ['function f(x) = 1 if { gt(x, 1) } else = 0']],
    // A ground key is one value, so it may have an else.
    ['p[1] := 1 if false else := 2', ['partialobject p[1] = 1 if { false } else = 2']],
  ];
  it.each(valid)('%j', (source, expected) => {
    expect(rules(source)).toEqual(expected);
  });
});

describe('modules', () => {
  it('reads the package, also with a bracket step', () => {
    expect(parseModule('package a.b["c-d"]', 'm.rego')).toMatchObject({
      file: 'm.rego',
      packagePath: ['a', 'b', 'c-d'],
      imports: [],
      rules: [],
    });
  });

  it('reads imports with and without an alias', () => {
    const source = [
      'package p',
      'import rego.v1',
      'import future.keywords.in',
      'import data.lib.util as u',
      'import input.request',
      'p if u.ok',
    ].join('\n');
    const mod = parseModule(source, 'm.rego');
    expect(mod.imports.map((i) => [i.path.join('.'), i.alias])).toEqual([
      ['rego.v1', null],
      ['future.keywords.in', null],
      ['data.lib.util', 'u'],
      ['input.request', null],
    ]);
    expect(mod.imports[2]?.loc).toEqual({ file: 'm.rego', line: 4, column: 1 });
  });

  it('reads `not { … }` as a negated body under rego.v2', () => {
    const mod = parseModule(
      'package p\nimport rego.v2\np if {\n  not { input.a; input.b }\n}',
      'm',
    );
    expect(mod.rules.map(printRule)).toEqual([
      'complete p = true if { not ({true | input.a; input.b})[true] }',
    ]);
  });

  it('reads `not { … }` as a set literal without that import', () => {
    expect(rules('p if { not {input.a} }')).toEqual(['complete p = true if { not {input.a} }']);
  });

  it('numbers wildcards across the whole module', () => {
    expect(rules('p if _ = 1\nq if _ = 2')).toEqual([
      'complete p = true if { $_0 = 1 }',
      'complete q = true if { $_1 = 2 }',
    ]);
  });
});

describe('module errors', () => {
  const invalid: Array<[string, string]> = [
    ['p := 1', 'm.rego:1:1: rego_parse_error: unexpected identifier "p": expected "package"'],
    ['package a\np if {', 'm.rego:2:7: rego_parse_error: unexpected end of input: expected a term'],
    [
      'package a\np if { x }}',
      'm.rego:2:11: rego_parse_error: unexpected "}" token: expected a rule name',
    ],
    ['package a\np', 'm.rego:2:2: rego_parse_error: unexpected end of input: expected "if", "{"'],
    ['package a\nimport foo.bar', 'm.rego:2:8: rego_parse_error: unexpected import path'],
    ['package a\np := 1\nimport data.x', 'm.rego:3:1: rego_parse_error: imports must come before'],
    [
      'package a\ndefault p if true',
      'm.rego:2:1: rego_parse_error: illegal default rule (must have a value)',
    ],
    ['package a\nf(x) contains 1', 'm.rego:2:6: rego_parse_error: the contains keyword cannot'],
    [
      'package a\nif := 1',
      'm.rego:2:1: rego_parse_error: unexpected "if" keyword: expected a rule name',
    ],
    [
      'package a\ndefault p := x',
      'm.rego:2:1: rego_parse_error: illegal default rule (value cannot contain var)',
    ],
    [
      'package a\ndefault p := [input.x]',
      'm.rego:2:1: rego_parse_error: illegal default rule (value cannot contain ref)',
    ],
    [
      'package a\ndefault f(1) := 1',
      'm.rego:2:1: rego_parse_error: illegal default rule (arguments cannot contain number)',
    ],
    [
      'package a\ndefault f(x, x) := 1',
      'm.rego:2:1: rego_parse_error: illegal default rule (arguments cannot be repeated x)',
    ],
    [
      'package a\ndefault p[x] := 1',
      'm.rego:2:1: rego_parse_error: illegal default rule (must be a complete rule',
    ],
    [
      'package a\np contains 1 if { true } else := 2',
      'm.rego:2:26: rego_parse_error: else keyword cannot be used on multi-value rules',
    ],
    [
      'package a\np[x] := 1 if { x := 1 } else := 2',
      'm.rego:2:25: rego_parse_error: else keyword cannot be used on rules with variables',
    ],
    [
      'package _',
      'm.rego:1:9: rego_parse_error: unexpected identifier "_": expected a package path',
    ],
    [
      'package a\nimport if.x',
      'm.rego:2:8: rego_parse_error: unexpected "if" keyword: expected an import path',
    ],
    ['package 1', 'm.rego:1:9: rego_parse_error: unexpected number 1: expected a package path'],
    // Rego v1, as OPA 1.x: v0 bodies without `if` are refused, in rules and in else branches.
    ['package a\np { true }', 'm.rego:2:3: rego_parse_error: `if` keyword is required before'],
    ['package a\np[x] { x := 1 }', 'm.rego:2:6: rego_parse_error: `if` keyword is required'],
    ['package a\np[x] = y { y := x }', 'm.rego:2:10: rego_parse_error: `if` keyword is required'],
    [
      'package a\np := 1 if { false } else { true }',
      'm.rego:2:26: rego_parse_error: `if` keyword is required before rule body',
    ],
    [
      'package a\np if {\n  x := 1 2\n}',
      'm.rego:3:10: rego_parse_error: unexpected number 2: expected a newline or ";" or "}"',
    ],
  ];
  it.each(invalid)('%j', (source, message) => {
    expect(() => parseModule(source, 'm.rego')).toThrow(RegoError);
    expect(() => parseModule(source, 'm.rego')).toThrow(message);
  });
});
