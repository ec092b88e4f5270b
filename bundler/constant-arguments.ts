// A function's parameter that every call gives the same constant becomes that constant: a text pass
// over the device bundle's IIFE after inline-calls.ts, before the last minify (which folds what it
// leaves: `e[a + 2]` with `e` the memory's name and `a` 19 reads `r[21]`).
//
// Why: a task's poll and a dyn call's callee stay functions (they return from inside their loop),
// called from one place with the frame's place as numbers of the build (`P(r, 19, h, 1)`), and
// every word of the frame is read as `w[b + k]`. On Espruino 2v29 (callgrind on espruino64) a read
// `e[a + 2]` costs about 15,800 instructions and `r[21]` about 13,000: a task that yields reads and
// writes its frame ten times a round.
//
// A parameter goes when: every reference to the function is a call (none passes it as a value),
// none is inside the function itself, and each gives at that place the same literal (a number, a
// string, a boolean, null) or the same name of the IIFE's scope or a global that no code assigns
// and no scope around the call or inside the function declares again; and the function neither
// assigns the parameter nor reads `arguments`. Its references become the argument's text; the
// parameter and the arguments leave their lists (a literal or a name has no effect to keep).

import { parse } from 'acorn';
import type { AnyNode, FunctionDeclaration } from 'acorn';
import { applyEdits, children, declaredNames, iifeOf, isFunction, paramNames, referenceKind, type Edit } from './es5-ast.ts';
import { isWrite, referencesOf, type References, type Site } from './iife-references.ts';

/** The names `fn` and the functions inside it declare (parameters, variables, functions, catch parameters), and whether it reads `arguments`. */
function namesInside(fn: AnyNode): { declared: Set<string>; written: Set<string>; usesArguments: boolean } {
  const declared = new Set<string>();
  const written = new Set<string>();
  let usesArguments = false;
  const visit = (node: AnyNode, parent: AnyNode | null, key: string): void => {
    if (isFunction(node)) for (const n of [...paramNames(node), ...declaredNames(node)]) declared.add(n);
    if (node.type === 'CatchClause' && node.param?.type === 'Identifier') declared.add(node.param.name);
    if (node.type === 'Identifier' && parent !== null) {
      if (node.name === 'arguments' && referenceKind(parent, key) !== 'none') usesArguments = true;
      if (isWrite(parent, key)) written.add(node.name);
    }
    for (const [child, childKey] of children(node)) visit(child, node, childKey);
  };
  visit(fn, null, '');
  return { declared, written, usesArguments };
}

/** The number a literal or its arithmetic stands for (`19 + 5` where an earlier round put 19 in), else null. */
function numberOf(n: AnyNode): number | null {
  if (n.type === 'Literal') return typeof n.value === 'number' ? n.value : null;
  if (n.type === 'UnaryExpression' && n.operator === '-') {
    const v = numberOf(n.argument);
    return v === null ? null : -v;
  }
  if (n.type !== 'BinaryExpression' || (n.operator !== '+' && n.operator !== '-' && n.operator !== '*')) return null;
  const l = numberOf(n.left);
  const r = numberOf(n.right);
  if (l === null || r === null) return null;
  return n.operator === '+' ? l + r : n.operator === '-' ? l - r : l * r;
}

/** The text every site gives at argument k, when it is the same constant everywhere; else null. */
function constantAt(code: string, sites: readonly Site[], k: number, refs: References, inside: ReadonlySet<string>): string | null {
  let text: string | null = null;
  for (const site of sites) {
    const a = site.call.arguments[k];
    if (a === undefined) return null;
    const value = numberOf(a);
    const literal = a.type === 'Literal' && (typeof a.value !== 'object' || a.value === null);
    const name = a.type === 'Identifier' && !refs.topWritten.has(a.name) && !inside.has(a.name) && !site.scopes.some((s) => s.has(a.name));
    if (value === null && !literal && !name) return null;
    // In parentheses: the text goes where a name was (`a.length`, `x - a`).
    const t = value !== null ? (Number.isFinite(value) ? '(' + String(value) + ')' : null) : code.slice(a.start, a.end);
    if (t === null) return null;
    if (text !== null && t !== text) return null;
    text = t;
  }
  return text;
}

/** The edits that make `fn`'s constant parameters constants, or none. */
function functionEdits(code: string, fn: FunctionDeclaration, sites: readonly Site[], refs: References): Edit[] {
  if (sites.length === 0 || !sites.every((s) => s.called && !s.ancestors.includes(fn))) return [];
  const { declared, written, usesArguments } = namesInside(fn);
  if (usesArguments) return [];
  const params = paramNames(fn);
  if (params.length !== fn.params.length) return [];
  const given = new Map<string, string>();
  const own = declaredNames(fn);
  params.forEach((p, k) => {
    if (written.has(p) || own.has(p)) return;
    // The parameter's own name may be the argument's: `function f(r)` called `f(r)`.
    const others = new Set([...declared].filter((n) => n !== p || params.indexOf(p) !== k));
    const value = constantAt(code, sites, k, refs, others);
    if (value !== null) given.set(p, value);
  });
  if (given.size === 0) return [];
  const edits: Edit[] = [];
  // References to a parameter inside a function of fn that declares the name again are that one's.
  const visit = (node: AnyNode, parent: AnyNode, key: string, shadowed: ReadonlySet<string>): void => {
    if (node.type === 'Identifier') {
      const value = given.get(node.name);
      if (value !== undefined && !shadowed.has(node.name) && referenceKind(parent, key) !== 'none') edits.push({ start: node.start, end: node.end, text: value });
      return;
    }
    const inner = isFunction(node) ? new Set([...shadowed, ...paramNames(node), ...declaredNames(node)]) : shadowed;
    for (const [child, childKey] of children(node)) visit(child, node, childKey, inner);
  };
  visit(fn.body, fn, 'body', own);
  const kept = (k: number): boolean => k >= params.length || !given.has(params[k]);
  if (fn.params.length > 0) {
    edits.push({ start: fn.params[0].start, end: fn.params[fn.params.length - 1].end,
      text: fn.params.filter((_, k) => kept(k)).map((p) => code.slice(p.start, p.end)).join(',') });
  }
  for (const site of sites) {
    const args = site.call.arguments;
    // The whole list, parentheses and all: an argument in parentheses, `f((4))`, ends past its node.
    edits.push({ start: site.call.callee.end, end: site.call.end, text: '(' + args.filter((_, k) => kept(k)).map((a) => code.slice(a.start, a.end)).join(',') + ')' });
  }
  return edits;
}

/**
 * The bundle with each function's constant parameters (the header's rules) replaced by their
 * constants, one function a round until none is left (a call the last round's constants gave
 * constant arguments goes on in the next).
 * - `code` is an ES5 IIFE as esbuild's last pass wraps it; any other shape comes back unchanged.
 * - The result is not minified: the caller minifies it (folding the constants' arithmetic).
 */
export function constantArguments(code: string): string {
  // Each round takes at least one parameter out of a list: it ends.
  for (;;) {
    const program = parse(code, { ecmaVersion: 5, sourceType: 'script' }) as AnyNode;
    const iife = iifeOf(program);
    if (iife === null || iife.type !== 'FunctionExpression') return code;
    const fns = new Map<string, FunctionDeclaration>();
    for (const st of iife.body.body) if (st.type === 'FunctionDeclaration') fns.set(st.id.name, st);
    const refs = referencesOf(iife, fns, program);
    let edits: Edit[] = [];
    for (const [name, fn] of fns) {
      edits = functionEdits(code, fn, refs.sites.get(name) ?? [], refs);
      if (edits.length > 0) break;
    }
    if (edits.length === 0) return code;
    code = applyEdits(code, 0, code.length, edits);
  }
}
