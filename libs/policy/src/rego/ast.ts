/**
 * The Rego syntax tree, produced by the parser and read by the compiler and evaluator.
 * Operators are already calls: `a + b` is a call to `plus`, `x in xs` to
 * `internal.member_2`, so the evaluator sees one uniform form.
 */
import type { RNumber } from './value.js';

export interface Location {
  file: string;
  line: number;
  column: number;
}

interface At {
  loc: Location;
}

export interface NullTerm extends At {
  type: 'null';
}
export interface BooleanTerm extends At {
  type: 'boolean';
  value: boolean;
}
export interface NumberTerm extends At {
  type: 'number';
  value: RNumber;
  /**
   * The literal as written (`3.50`, `1e400`), set by the parser. `value` is already exact
   * (a float only where its shortest text shows the literal's value, else a bigint or a
   * Decimal; see `parseNumber`), so the text serves messages and printing.
   */
  text?: string;
}
export interface StringTerm extends At {
  type: 'string';
  value: string;
}
/**
 * A variable. `_` is renamed by the parser to a unique `$_N` wildcard; `input` and `data`
 * are variables too, resolved by the evaluator.
 */
export interface VarTerm extends At {
  type: 'var';
  name: string;
}
/**
 * `head.a[b][c]`: a dot step is a string term, a bracket step any term. The head is a var
 * for most refs, but may be any term (`[1, 2][0]`, `f(x).y`, `{"a": 1}.a`).
 */
export interface RefTerm extends At {
  type: 'ref';
  head: Term;
  path: Term[];
}
export interface ArrayTerm extends At {
  type: 'array';
  items: Term[];
}
export interface ObjectTerm extends At {
  type: 'object';
  entries: Array<[Term, Term]>;
}
export interface SetTerm extends At {
  type: 'set';
  items: Term[];
}
export interface ArrayComprehension extends At {
  type: 'arraycomp';
  head: Term;
  body: Expr[];
}
export interface SetComprehension extends At {
  type: 'setcomp';
  head: Term;
  body: Expr[];
}
export interface ObjectComprehension extends At {
  type: 'objectcomp';
  key: Term;
  value: Term;
  body: Expr[];
}
/**
 * A call to a builtin or a user function. `name` is the dotted name as written
 * (`count`, `object.get`, `data.lib.f`, or `f` for a function of the same package);
 * operators use their builtin names (`plus`, `equal`, `lt`, `and`, `or`, …).
 */
export interface CallTerm extends At {
  type: 'call';
  name: string;
  args: Term[];
}

export type Term =
  | NullTerm
  | BooleanTerm
  | NumberTerm
  | StringTerm
  | VarTerm
  | RefTerm
  | ArrayTerm
  | ObjectTerm
  | SetTerm
  | ArrayComprehension
  | SetComprehension
  | ObjectComprehension
  | CallTerm;

/** `with target as value`: target is a ref to `input…`, `data…` or a function name. */
export interface WithModifier extends At {
  target: Term;
  value: Term;
}

interface ExprBase extends At {
  /** `not expr`. */
  negated: boolean;
  with: WithModifier[];
}

/** A term that must be defined and not `false`: `x > 1`, `input.ok`, `f(x)`. */
export interface TermExpr extends ExprBase {
  kind: 'term';
  term: Term;
}
/** `a = b`: unification; binds variables on either side. */
export interface UnifyExpr extends ExprBase {
  kind: 'unify';
  left: Term;
  right: Term;
}
/** `a := b`: declares the variables of `left` (a var, or an array/object pattern). */
export interface AssignExpr extends ExprBase {
  kind: 'assign';
  left: Term;
  right: Term;
}
/** `some x, y`: declares local variables. */
export interface SomeDeclExpr extends ExprBase {
  kind: 'some';
  vars: VarTerm[];
}
/** `some v in xs`, `some k, v in xs`. */
export interface SomeInExpr extends ExprBase {
  kind: 'somein';
  key: Term | null;
  value: Term;
  collection: Term;
}
/** `every v in xs { … }`, `every k, v in xs { … }`. */
export interface EveryExpr extends ExprBase {
  kind: 'every';
  key: Term | null;
  value: Term;
  domain: Term;
  body: Expr[];
}

export type Expr = TermExpr | UnifyExpr | AssignExpr | SomeDeclExpr | SomeInExpr | EveryExpr;

export type RuleKind = 'complete' | 'partialset' | 'partialobject' | 'function';

/** One `else` branch: `else = value if { body }` (value defaults to `true`). */
export interface ElseBranch extends At {
  value: Term;
  body: Expr[];
}

export interface Rule extends At {
  /**
   * The head's reference relative to the package: `p` is [p]; `a.b[x]` is
   * [a, b, x] with string terms for the static steps and any term for brackets.
   * `kind` says how the last step is read:
   * - complete: every step is static; `value` is the rule's value.
   * - partialset (`contains`): `key` is the member added to the set at `ref`.
   * - partialobject: the last step of `ref` is the key (usually a variable); `value` its value.
   * - function: `args` are the parameters; `value` the result.
   */
  ref: Term[];
  kind: RuleKind;
  isDefault: boolean;
  args: Term[];
  key: Term | null;
  /** The value; `true` when the head names none. */
  value: Term;
  /** Empty for a rule with no body (`p := 1`). */
  body: Expr[];
  elses: ElseBranch[];
  /** The module's package path, such as ['airlock'] for `package airlock`. */
  packagePath: string[];
}

export interface Import extends At {
  /** `data.lib.x` as a path ['data', 'lib', 'x'], or ['input', …], ['rego', 'v1'], ['future', …]. */
  path: string[];
  alias: string | null;
}

export interface Module {
  file: string;
  packagePath: string[];
  imports: Import[];
  rules: Rule[];
}
