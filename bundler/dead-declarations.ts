// Code a device bundle can never run is taken out: esbuild folds a branch on a build constant
// (`if (TIMERS === 0)`) but keeps the `var` declarations of the dead branch, since a `var` is
// declared for the whole function (`if (0) var a, b;`, `return x; var t;`). Espruino reads that
// text at every pass (compiler/espruino-tokens.ts) and the bundle carries it; where no code outside
// the dead part names the variable, its declaration declares nothing anyone reads.
//
// Dead here: the branch of an `if` whose test is a literal that never takes it, and the statements
// after a `return`, `throw`, `break` or `continue` in the same list. A dead part whose variables
// are named elsewhere in the function is left as it is. Also a variable that nothing names, whose
// value is a literal or an array of names: of the bundle's own scope (the serial ports' table in a
// program that never prints: reading a board's global has no effect), or of a function (a poll's
// local whose only uses a build constant folded away).

import { parse } from 'acorn';
import type { AnyNode } from 'acorn';
import { applyEdits, children, declaredNames, iifeOf, isFunction, referenceKind, type Edit } from './es5-ast.ts';

/** Names read or written anywhere in `root` outside [start, end), nested functions included (a name they declare for themselves counts too: the answer errs on keeping). */
function namedOutside(root: AnyNode, start: number, end: number): Set<string> {
  const names = new Set<string>();
  const visit = (n: AnyNode, parent: AnyNode, key: string): void => {
    if (n.start >= start && n.end <= end) return;
    if (n.type === 'Identifier' && referenceKind(parent, key) !== 'none') names.add(n.name);
    for (const [child, childKey] of children(n)) visit(child, n, childKey);
  };
  for (const [child, childKey] of children(root)) visit(child, root, childKey);
  return names;
}

/** Whether the dead statements `dead` of function `fn` declare only variables nothing else in `fn` names. */
function removable(fn: AnyNode, dead: readonly AnyNode[]): boolean {
  if (dead.some((d) => d.type === 'FunctionDeclaration')) return false;
  const start = dead[0].start;
  const end = dead[dead.length - 1].end;
  const declared = new Set<string>();
  for (const d of dead) for (const n of declaredNames(d)) declared.add(n);
  const outside = namedOutside(fn, start, end);
  return [...declared].every((n) => !outside.has(n));
}

/** A value whose making has no effect and that nothing needs once unnamed. */
function inert(n: AnyNode | null | undefined): boolean {
  return n == null || n.type === 'Literal' || (n.type === 'ArrayExpression' && n.elements.every((e) => e !== null && (e.type === 'Identifier' || e.type === 'Literal')));
}

/**
 * The edits that take out the declarators nothing names whose values are inert: in the IIFE's
 * scope, and in each function (a poll's locals that a build constant folded out of its code:
 * Espruino declares each at every call).
 */
function unnamedDeclarators(program: AnyNode): Edit[] {
  const iife = iifeOf(program);
  if (iife === null || iife.type !== 'FunctionExpression') return [];
  const edits: Edit[] = [];
  // The declarations of `fn` outside its nested functions, each with what holds it.
  const own = (fn: AnyNode): { decl: AnyNode & { type: 'VariableDeclaration' }; parent: AnyNode }[] => {
    const out: { decl: AnyNode & { type: 'VariableDeclaration' }; parent: AnyNode }[] = [];
    const visit = (n: AnyNode, parent: AnyNode): void => {
      if (n.type === 'VariableDeclaration') out.push({ decl: n, parent });
      for (const [child] of children(n)) if (!isFunction(child)) visit(child, n);
    };
    for (const [child] of children(fn)) if (!isFunction(child)) visit(child, fn);
    return out;
  };
  const prune = (fn: AnyNode, named: Set<string>): void => {
    for (const { decl, parent } of own(fn)) {
      if (parent.type === 'ForInStatement') continue;
      const list = decl.declarations;
      const gone = list.map((d) => d.id.type === 'Identifier' && !named.has(d.id.name) && inert(d.init));
      if (gone.every(Boolean)) {
        edits.push({ start: decl.start, end: decl.end, text: parent.type === 'ForStatement' && (parent as AnyNode & { init: unknown }).init === decl ? '' : ';' });
        continue;
      }
      // A declarator goes with the comma before it, or the first with the comma after it.
      list.forEach((d, k) => {
        if (!gone[k]) return;
        const keptBefore = gone.slice(0, k).some((g) => !g);
        if (keptBefore) edits.push({ start: list[k - 1].end, end: d.end, text: '' });
        else edits.push({ start: d.start, end: list[k + 1].start, text: '' });
      });
    }
  };
  prune(iife, namedOutside(program, 0, 0));
  const visit = (n: AnyNode): void => {
    for (const [child] of children(n)) {
      if (isFunction(child)) prune(child, namedOutside(child, 0, 0));
      visit(child);
    }
  };
  visit(iife.body);
  return edits;
}

/** The edits that take out the outermost dead parts nothing reads the declarations of. */
function deadParts(code: string): Edit[] {
  const program = parse(code, { ecmaVersion: 5, sourceType: 'script' }) as AnyNode;
  const edits: Edit[] = unnamedDeclarators(program);
  if (edits.length > 0) return edits;
  const visit = (n: AnyNode, fn: AnyNode): void => {
    const scope = isFunction(n) ? n : fn;
    // `if (0) ...` and `if (a(), 0) ...` as the minifier folds a branch on a constant.
    const test = n.type === 'IfStatement' ? (n.test.type === 'SequenceExpression' ? n.test.expressions[n.test.expressions.length - 1] : n.test) : null;
    if (n.type === 'IfStatement' && test !== null && test.type === 'Literal') {
      const taken = Boolean(test.value);
      const dead = taken ? n.alternate : n.consequent;
      const live = taken ? n.consequent : n.alternate;
      if (dead != null && removable(scope, [dead])) {
        const effects = n.test.type === 'SequenceExpression' ? code.slice(n.test.start, test.start) : '';
        edits.push({ start: n.start, end: n.end, text: '{' + (effects === '' ? '' : '(' + effects.replace(/,\s*$/, '') + ');') + (live == null ? '' : code.slice(live.start, live.end)) + '}' });
        return;
      }
    }
    const list = n.type === 'BlockStatement' || n.type === 'Program' ? n.body : n.type === 'SwitchCase' ? n.consequent : null;
    if (list !== null) {
      const exit = list.findIndex((st) => /^(Return|Throw|Break|Continue)Statement$/.test(st.type));
      if (exit >= 0 && exit < list.length - 1 && removable(scope, list.slice(exit + 1))) {
        edits.push({ start: list[exit + 1].start, end: list[list.length - 1].end, text: '' });
        return;
      }
    }
    for (const [child] of children(n)) visit(child, scope);
  };
  visit(program, program);
  return edits;
}

/**
 * The bundle without the dead parts whose declarations nothing reads, outermost first, parsed
 * again after each round (a live branch kept may hold a dead one).
 * - `code` parses as ES5; the result is not minified again by this pass.
 */
export function dropDeadDeclarations(code: string): string {
  for (let edits = deadParts(code); edits.length > 0; edits = deadParts(code)) code = applyEdits(code, 0, code.length, edits);
  return code;
}
