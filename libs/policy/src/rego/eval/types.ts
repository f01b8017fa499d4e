/**
 * The compiled form the evaluator runs: variables are frame slots, names are resolved to
 * data paths, builtins or user functions, and ground terms are folded into constants.
 */
import type { Location } from '../ast.js';
import type { Builtin } from '../builtins/registry.js';
import type { Value } from '../value.js';

/** Continuations return `true` to stop the enumeration (an early exit), `false` to go on. */
export type Cont = () => boolean;
export type ValueCont = (value: Value) => boolean;

/** A rule body's variables: one slot each; comprehensions share their rule's frame. */
export type Frame = Array<Value | undefined>;

export type FnTarget =
  | { kind: 'builtin'; key: string; builtin: Builtin }
  | { kind: 'user'; key: string; node: RuleNode };

/** Set on first evaluation: whether the term has at most one value (no iteration). */
interface SingleMark {
  single?: boolean;
}

export type CTerm =
  | { t: 'const'; v: Value }
  | { t: 'var'; slot: number; name: string }
  | { t: 'input' }
  | ({ t: 'ref'; head: CTerm; path: CTerm[]; loc: Location } & SingleMark)
  | CDataRef
  | ({ t: 'array'; items: CTerm[] } & SingleMark)
  | ({ t: 'object'; entries: Array<[CTerm, CTerm]> } & SingleMark)
  | ({ t: 'set'; items: CTerm[] } & SingleMark)
  | CComprehension
  | CCall;

/** `data.a.b[x]`, with the rule node its ground prefix reaches, found on first use. */
export interface CDataRef extends SingleMark {
  t: 'dataref';
  path: CTerm[];
  loc: Location;
  target?: { node: RuleNode; index: number } | null;
}

export interface CComprehension {
  t: 'comp';
  kind: 'array' | 'set' | 'object';
  head: CTerm;
  value: CTerm | null;
  body: CExpr[];
  /** Slots of the enclosing scopes that the comprehension reads. */
  outer: Set<number>;
  loc: Location;
}

export interface CCall extends SingleMark {
  t: 'call';
  fn: FnTarget;
  name: string;
  args: CTerm[];
  /** The extra argument of `count(x, n)`: unified with the result. */
  output: CTerm | null;
  loc: Location;
}

export type CWithTarget =
  { kind: 'input'; path: Value[] } | { kind: 'data'; path: Value[] } | { kind: 'fn'; key: string };

export interface CWith {
  target: CWithTarget;
  value: CTerm;
  /** Set when the value names a function: `with f as g`. */
  fn: FnTarget | null;
}

interface CExprBase {
  negated: boolean;
  withs: CWith[];
  loc: Location;
}

export type CExpr =
  | (CExprBase & { k: 'term'; term: CTerm })
  | (CExprBase & { k: 'unify'; left: CTerm; right: CTerm })
  | (CExprBase & { k: 'somein'; key: CTerm | null; value: CTerm; coll: CTerm })
  | (CExprBase & {
      k: 'every';
      key: CTerm | null;
      value: CTerm;
      domain: CTerm;
      body: CExpr[];
      outer: Set<number>;
    })
  | (CExprBase & { k: 'true' });

export interface CElse {
  value: CTerm;
  body: CExpr[];
}

export interface CRule {
  kind: 'complete' | 'partialset' | 'partialobject' | 'function';
  /** `data.pkg.p`, for messages. */
  pathText: string;
  slots: number;
  isDefault: boolean;
  /** Function parameters. */
  args: CTerm[];
  /** The steps of the head's ref after the node the rule is anchored at. */
  rest: CTerm[];
  /** Set member of a partial set rule. */
  key: CTerm | null;
  value: CTerm;
  /** The value is a constant: one solution of the body is enough. */
  constValue: boolean;
  body: CExpr[];
  elses: CElse[];
  loc: Location;
}

/** One node of `data`'s virtual tree: a package, a rule path or a step of a ref head. */
export interface RuleNode {
  id: number;
  key: Value;
  path: Value[];
  pathText: string;
  children: Map<string, RuleNode>;
  /** Complete rules whose whole head ref is this node (defaults apart). */
  complete: CRule[];
  defaults: CRule[];
  /** Partial set rules whose whole head ref is this node. */
  sets: CRule[];
  /** Rules anchored here whose head ref goes on with variable steps (`p[x] := …`). */
  general: CRule[];
  functions: CRule[];
  /** Number of parameters of the functions defined here; -1 when none is. */
  arity: number;
}

export function nodeHasRules(node: RuleNode): boolean {
  return (
    node.complete.length > 0 ||
    node.defaults.length > 0 ||
    node.sets.length > 0 ||
    node.general.length > 0
  );
}
