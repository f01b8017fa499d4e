/**
 * Prints syntax trees in a compact, Rego-like notation that shows their shape: operators
 * appear as the calls they became (`plus(x, 1)`), so precedence is visible. Used by the
 * parser's tests and for messages that quote a rule or expression.
 */
import type { Expr, Rule, Term } from './ast.js';

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function printTerm(term: Term): string {
  switch (term.type) {
    case 'null':
      return 'null';
    case 'boolean':
    case 'number':
      return String(term.value);
    case 'string':
      return JSON.stringify(term.value);
    case 'var':
      return term.name;
    case 'ref':
      return printRefHead(term.head) + term.path.map(printStep).join('');
    case 'call':
      return `${term.name}(${list(term.args)})`;
    case 'array':
      return `[${list(term.items)}]`;
    case 'set':
      return term.items.length === 0 ? 'set()' : `{${list(term.items)}}`;
    case 'object':
      return `{${term.entries.map(([k, v]) => `${printTerm(k)}: ${printTerm(v)}`).join(', ')}}`;
    case 'arraycomp':
      return `[${printTerm(term.head)} | ${printBody(term.body)}]`;
    case 'setcomp':
      return `{${printTerm(term.head)} | ${printBody(term.body)}}`;
    case 'objectcomp':
      return `{${printTerm(term.key)}: ${printTerm(term.value)} | ${printBody(term.body)}}`;
  }
}

function list(terms: Term[]): string {
  return terms.map(printTerm).join(', ');
}

function printRefHead(head: Term): string {
  return head.type === 'var' || head.type === 'call' ? printTerm(head) : `(${printTerm(head)})`;
}

function printStep(step: Term): string {
  return step.type === 'string' && IDENT.test(step.value)
    ? `.${step.value}`
    : `[${printTerm(step)}]`;
}

export function printBody(body: Expr[]): string {
  return body.map(printExpr).join('; ');
}

export function printExpr(expr: Expr): string {
  const withs = expr.with.map((w) => ` with ${printTerm(w.target)} as ${printTerm(w.value)}`);
  return `${expr.negated ? 'not ' : ''}${printExprCore(expr)}${withs.join('')}`;
}

function printExprCore(expr: Expr): string {
  switch (expr.kind) {
    case 'term':
      return printTerm(expr.term);
    case 'assign':
      return `${printTerm(expr.left)} := ${printTerm(expr.right)}`;
    case 'unify':
      return `${printTerm(expr.left)} = ${printTerm(expr.right)}`;
    case 'some':
      return `some ${list(expr.vars)}`;
    case 'somein':
      return `some ${printKeyValue(expr.key, expr.value)} in ${printTerm(expr.collection)}`;
    case 'every':
      return `every ${printKeyValue(expr.key, expr.value)} in ${printTerm(expr.domain)} { ${printBody(expr.body)} }`;
  }
}

function printKeyValue(key: Term | null, value: Term): string {
  return key === null ? printTerm(value) : `${printTerm(key)}, ${printTerm(value)}`;
}

/** `partialset p contains x if { … }`, `function f(x) = y`, `complete default p = 1`. */
export function printRule(rule: Rule): string {
  const [first, ...rest] = rule.ref;
  const name = first?.type === 'string' ? first.value : printTerm(first as Term);
  let text = `${rule.kind} ${rule.isDefault ? 'default ' : ''}${name}${rest.map(printStep).join('')}`;
  if (rule.kind === 'function') text += `(${list(rule.args)})`;
  text += rule.key === null ? ` = ${printTerm(rule.value)}` : ` contains ${printTerm(rule.key)}`;
  if (rule.body.length > 0) text += ` if { ${printBody(rule.body)} }`;
  for (const branch of rule.elses) {
    text += ` else = ${printTerm(branch.value)}`;
    if (branch.body.length > 0) text += ` if { ${printBody(branch.body)} }`;
  }
  return text;
}
