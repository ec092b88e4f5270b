// A callee's result goes straight into the caller's variables where the callee is written in: a
// text pass over the minified IIFE, after inline-calls.ts has written the callees in.
//
// Why: a call's result travels in registers, words of W (compiler/device-futures.ts), and the
// caller copies them to its variables right after the call completes (compiler/device-settle.ts
// puts the copies there). Where the callee's start or resume form is written into its call
// site, its return writes the registers a few tokens before the copies read them back: on
// Espruino each is a lookup of W, a number parsed and a typed-array access (four a round of a
// `next()` that returns a pair: 42,000 of the 355,000 instructions a scratch `next()` that
// suspends cost on Espruino 2v29, callgrind on a hand-edited bundle).
//
// The pass, for a statement list `S; x = W[a], y = W[b], ...;` (the copies first in the next
// statement):
//   1. The ways S completes normally, each ending in a value it tests: `if (T) { ...return }`
//      falls through when T is falsy, `!E` is falsy when E is truthy, `A && B` falsy when A is
//      or B is, `C ? A : B` when A is or B is, a sequence `(..., 1)` truthy by its last number;
//      statements after the test that call nothing and name neither the copies' variables nor
//      their words (a high-water mark noted) let its ways through.
//   2. When each such way ends in a sequence whose elements before its number are the writes
//      `W[a] = u, W[b] = v` (any order; u and v name neither the copies' variables nor W[a], W[b]),
//      they become `x = u, y = v`, and the copies are taken out. Any other way (a call's value,
//      a way without the writes, a statement that is not an `if` or a block) leaves all as it is.
// And inside one sequence, `W[a] = u, W[b] = v, <quiet>, x = W[a], y = W[b]` where the quiet
// elements call nothing and name neither x, y nor W[a], W[b]: the same rewrite.
// What reads the registers later reads what a later call wrote there: the copies are the only
// readers of this call's result (compiler/device-settle.ts).

import { parse } from 'acorn';
import type { AnyNode, AssignmentExpression, Expression, SequenceExpression, Statement } from 'acorn';
import { applyEdits, children, isFunction, type Edit } from './es5-ast.ts';

/** A copy `x = W[k]`: the variable, W's name, the word. */
interface Copy { readonly to: string; readonly w: string; readonly k: number }

function copyOf(e: Expression): Copy | null {
  if (e.type !== 'AssignmentExpression' || e.operator !== '=' || e.left.type !== 'Identifier') return null;
  const k = wordOf(e.right);
  return k === null ? null : { to: e.left.name, w: k.w, k: k.k };
}

/** `W[k]` with k a number: W's name and k. */
function wordOf(e: AnyNode): { w: string; k: number } | null {
  if (e.type !== 'MemberExpression' || !e.computed || e.object.type !== 'Identifier' || e.property.type !== 'Literal' || typeof e.property.value !== 'number') return null;
  return { w: e.object.name, k: e.property.value };
}

/** The copies a statement's expression starts with: all of one W, to distinct variables, of distinct words. */
function leadingCopies(s: Statement): { copies: Copy[]; end: number; all: boolean } | null {
  if (s.type !== 'ExpressionStatement') return null;
  const list = s.expression.type === 'SequenceExpression' ? s.expression.expressions : [s.expression];
  const copies: Copy[] = [];
  for (const e of list) {
    const c = copyOf(e);
    if (c === null || !fresh(c, copies)) break;
    copies.push(c);
  }
  if (copies.length === 0) return null;
  const all = copies.length === list.length;
  return { copies, end: all ? s.end : list[copies.length].start, all };
}

function fresh(c: Copy, copies: readonly Copy[]): boolean {
  return c.to !== c.w && copies.every((o) => o.w === c.w && o.to !== c.to && o.k !== c.k);
}

/** A way a statement or a test ends: the sequence whose writes make the result. */
type Ends = SequenceExpression[] | null;

/** The ways `e` ends with the truthiness `want`, each a sequence ending in a number; null when a way cannot be told. */
function endsWith(e: Expression, want: boolean): Ends {
  switch (e.type) {
    case 'UnaryExpression':
      return e.operator === '!' ? endsWith(e.argument, !want) : null;
    case 'LogicalExpression': {
      const both = (e.operator === '&&') !== want;
      const right = endsWith(e.right, want);
      if (!both || right === null) return right;
      const left = endsWith(e.left, want);
      return left === null ? null : left.concat(right);
    }
    case 'ConditionalExpression': {
      const a = endsWith(e.consequent, want);
      const b = endsWith(e.alternate, want);
      return a === null || b === null ? null : a.concat(b);
    }
    case 'SequenceExpression': {
      const last = e.expressions[e.expressions.length - 1];
      if (last.type === 'Literal' && typeof last.value === 'number') return (last.value !== 0) === want ? [e] : [];
      return endsWith(last, want);
    }
    case 'Literal':
      // A number with no writes before it ends the way it says: a way without the writes.
      return typeof e.value === 'number' && (e.value !== 0) !== want ? [] : null;
    default:
      return null;
  }
}

/** Whether control can leave `s` other than by completing: a list ending in one of these cannot complete. */
function jumps(s: Statement): boolean {
  return s.type === 'ReturnStatement' || s.type === 'ContinueStatement' || s.type === 'BreakStatement' || s.type === 'ThrowStatement';
}

/**
 * The ways `s` completes normally; null when a way cannot be told, 'through' when `s` is quiet
 * (its ways are the ways into it).
 */
function fallsFrom(s: Statement, quiet: (s: Statement) => boolean): Ends | 'through' {
  if (jumps(s)) return [];
  if (quiet(s)) return 'through';
  if (s.type === 'BlockStatement') {
    // The last statement that is not quiet: the quiet ones after it let its ways through.
    for (let i = s.body.length - 1; i >= 0; i--) if (!quiet(s.body[i] as Statement)) return fallsFrom(s.body[i] as Statement, quiet);
    return 'through';
  }
  if (s.type !== 'IfStatement') return null;
  const branch = (b: Statement | null | undefined, want: boolean): Ends => {
    const ways = b ? fallsFrom(b, quiet) : 'through';
    return ways === 'through' ? endsWith(s.test, want) : ways;
  };
  const then = branch(s.consequent, true);
  const other = branch(s.alternate, false);
  return then === null || other === null ? null : then.concat(other);
}

/** What code between the writes and the copies must not name: the copies' variables, and W's words they read. */
interface Guard { readonly names: ReadonlySet<string>; readonly w: string; readonly ks: ReadonlySet<number> }

/** The guard of copies of one W (leadingCopies, fresh). */
function guardOf(copies: readonly Copy[]): Guard {
  return { names: new Set(copies.map((c) => c.to)), w: copies[0].w, ks: new Set(copies.map((c) => c.k)) };
}

/** Whether `e` names what `g` guards (or a word of W at an index that is not a number), calls, or jumps. */
function touches(e: AnyNode, g: Guard): boolean {
  if (e.type === 'Identifier' && g.names.has(e.name)) return true;
  if (e.type === 'CallExpression' || e.type === 'NewExpression' || isFunction(e) || jumps(e as Statement)) return true;
  if (e.type === 'MemberExpression' && e.computed && e.object.type === 'Identifier' && e.object.name === g.w) {
    const k = wordOf(e);
    if (k === null || g.ks.has(k.k)) return true;
  }
  for (const [c] of children(e)) if (touches(c, g)) return true;
  return false;
}

/** The edits writing `copies` in the sequence elements `writes` (the writes of those words, any order); null when they are not. */
function rewrite(writes: readonly Expression[], copies: readonly Copy[]): Edit[] | null {
  if (writes.length !== copies.length) return null;
  const g = guardOf(copies);
  const edits: Edit[] = [];
  for (const e of writes) {
    if (e.type !== 'AssignmentExpression' || e.operator !== '=') return null;
    const k = wordOf(e.left);
    const c = k === null ? undefined : copies.find((x) => x.w === k.w && x.k === k.k);
    if (c === undefined || touches((e as AssignmentExpression).right, g)) return null;
    edits.push({ start: e.left.start, end: e.left.end, text: c.to });
  }
  return new Set(edits.map((x) => x.text)).size === copies.length ? edits : null;
}

/** Edits forwarding the copies that open `next` into the ways `s` completes. */
function forwardInto(s: Statement, next: Statement): Edit[] {
  const lead = leadingCopies(next);
  if (lead === null) return [];
  const g = guardOf(lead.copies);
  const quiet = (q: Statement): boolean => q.type === 'EmptyStatement' || ((q.type === 'ExpressionStatement' || q.type === 'VariableDeclaration' ||
    (q.type === 'BlockStatement' && q.body.length > 0)) && !touches(q, g));
  const ways = fallsFrom(s, quiet);
  if (ways === null || ways === 'through' || ways.length === 0) return [];
  const edits: Edit[] = [];
  for (const seq of new Set(ways)) {
    const n = seq.expressions.length - 1;
    const made = n < lead.copies.length ? null : rewrite(seq.expressions.slice(n - lead.copies.length, n), lead.copies);
    if (made === null) return [];
    edits.push(...made);
  }
  edits.push({ start: next.start, end: lead.end, text: lead.all ? ';' : '' });
  return edits;
}

/** Edits forwarding copies in one sequence: `W[a] = u, <quiet>, x = W[a]`. */
function forwardInSequence(seq: SequenceExpression): Edit[] {
  const list = seq.expressions;
  for (let i = 0; i < list.length; i++) {
    const copies: Copy[] = [];
    let j = i;
    for (; j < list.length; j++) {
      const c = copyOf(list[j]);
      if (c === null || !fresh(c, copies)) break;
      copies.push(c);
    }
    if (copies.length === 0) continue;
    const g = guardOf(copies);
    // The writes: the last element before the copies writing each word, the elements after it quiet.
    const writes: Expression[] = [];
    let ok = true;
    for (let at = i - 1; at >= 0 && writes.length < copies.length; at--) {
      const e = list[at];
      const k = e.type === 'AssignmentExpression' && e.operator === '=' ? wordOf(e.left) : null;
      if (k !== null && k.w === g.w && g.ks.has(k.k)) writes.push(e);
      else if (touches(e, g)) { ok = false; break; }
    }
    if (!ok || writes.length !== copies.length) { i = j - 1; continue; }
    const made = rewrite(writes, copies);
    if (made === null) { i = j - 1; continue; }
    // The copies out with the comma after them, or before them when they are last (a write is before them).
    return [...made, j < list.length ? { start: list[i].start, end: list[j].start, text: '' } : { start: list[i - 1].end, end: list[j - 1].end, text: '' }];
  }
  return [];
}

/**
 * The bundle with each copy of a written-in callee's result registers forwarded into the callee's
 * return (above); the code as it was where nothing matches.
 * - `code` parses as ES5 (the minified bundle).
 */
export function forwardResults(code: string): string {
  const ast = parse(code, { ecmaVersion: 5, sourceType: 'script' }) as AnyNode;
  const edits: Edit[] = [];
  const visit = (n: AnyNode): void => {
    const lists: AnyNode[][] = [];
    if (n.type === 'BlockStatement' || n.type === 'Program') lists.push(n.body as AnyNode[]);
    if (n.type === 'SwitchCase') lists.push(n.consequent as AnyNode[]);
    for (const list of lists) {
      for (let i = 0; i + 1 < list.length; i++) edits.push(...forwardInto(list[i] as Statement, list[i + 1] as Statement));
    }
    if (n.type === 'SequenceExpression') edits.push(...forwardInSequence(n));
    for (const [c] of children(n)) visit(c);
  };
  visit(ast);
  return overlapFree(edits) ? applyEdits(code, 0, code.length, edits) : code;
}

function overlapFree(edits: readonly Edit[]): boolean {
  const sorted = [...edits].sort((a, b) => a.start - b.start);
  for (let i = 1; i < sorted.length; i++) if (sorted[i].start < sorted[i - 1].end) return false;
  return true;
}
