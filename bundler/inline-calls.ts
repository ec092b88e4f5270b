// Functions of a device bundle are written in where they are called: a text pass over the
// minified IIFE, before the last minify.
//
// Why: on Espruino a function object costs RAM whatever its length, since its code stays in flash
// (3 blocks, 1 a parameter, 1 for its name in the bundle's scope: bundler/device-cost.ts),
// and a call costs a scope and a variable a parameter. The runtime is written as one concept a
// function (wake, expire, release a timer, report a fault), and in a given program about half of
// its functions end up called from a single place (blinky: 6 of 10). esbuild has no inliner and
// terser's wraps a body with statements in a function expression, which costs the object at every
// call; this pass moves the statements.
//
// Which functions move: one called from one place; one called from several places whose copies
// add at most COPY_TOKENS of text; at every place it is called from, or not at all. A function
// longer than a call's price (CALL_TOKENS) stays a call where its caller would pass over the text
// without running it (a case, a branch).
//
// A function that only returns an expression goes in as that expression, at any place: its
// parameters replaced by the arguments, wrapped in parentheses; an argument with effects only where
// the expression reads its parameter once, first (evaluatedFirst). Any other function goes in as
// statements, in these intermediate forms for one call `F(a, b)` in a caller C:
//   1. The statement S holding the call is taken apart down to the call, where the minifier had
//      folded statements into an expression: `x, c && F(a, b), y;` becomes
//      `x; if (c) { F(a, b); } y;`; `return c ? F(a) : 0` becomes `if (c) { return F(a); } else
//      { return 0; }`. Only sequences, `&&`, `||` and `?:` are taken apart; a call whose value
//      feeds anything else (an operand, an argument, a loop's test) stays a call.
//   2. The call becomes a block: `{ var p1 = a, p2 = b, v1 = void 0; <F's body> }`, F's parameters
//      and variables renamed to fresh names, every variable F does not assign before its first
//      use set to undefined again (the block may run more than once, a call starts them afresh).
//      A parameter F does not assign, given a literal or a variable nothing but C assigns, is
//      replaced by it instead; one F never names, given an argument without effects, is left out.
//   3. F's returns: kept where the call was C's own `return F(a)`; else a last `return e` becomes
//      `e;` (or `x = e;` for `x = F(a)` and `var x = F(a)`); else the body goes in
//      `for (;;) { ...; break; }` and each `return e` becomes `{ x = e; break; }`.
//   4. F's declaration is removed; the pass parses again and goes on until no function is left
//      that it can move.
// A function is left as it is when it has a nested function, `this`, `arguments`, a `return`
// inside a `try` or (for step 3's loop form) inside a loop or switch of its own, more arguments
// than parameters, or a name of its own that a scope around the call declares for something else.

import { parse } from 'acorn';
import type { AnyNode, CallExpression, FunctionDeclaration, Identifier } from 'acorn';
import { applyEdits, children, declaredNames, iifeOf, isFunction, paramNames, referenceKind, type Edit } from './es5-ast.ts';
import { CALL_TOKENS, tokens } from '../compiler/espruino-tokens.ts';
import { FUNCTION, NAME, PARAM } from './device-cost.ts';
import { isWrite, referencesOf, type References, type Site } from './iife-references.ts';

/**
 * The text a function called from several places may add in copies (tokens): about 300 bytes of
 * flash against the function object's RAM (4 blocks and 1 a parameter, 13 bytes each, measured with
 * the bundle at the root scope; 9 when this was chosen, measured inside a callback's scope).
 */
const COPY_TOKENS = 120;

/** Whether evaluating `n` assigns a variable or a property itself (calls aside). */
function assigns(n: AnyNode): boolean {
  if (n.type === 'AssignmentExpression' || n.type === 'UpdateExpression') return true;
  for (const [child] of children(n)) if (!isFunction(child) && assigns(child)) return true;
  return false;
}

interface Shape {
  /** Parameters and variables, renamed. */
  readonly locals: readonly string[];
  readonly free: ReadonlySet<string>;
  readonly returns: readonly AnyNode[];
  /** A return sits inside a loop or switch of the function's own. */
  readonly returnInLoop: boolean;
  /** Variables whose first mention is their initialised declaration at the body's top. */
  readonly setBeforeUse: ReadonlySet<string>;
  readonly identifiers: readonly { node: Identifier; parent: AnyNode; key: string }[];
  /** Parameters and variables the function assigns. */
  readonly written: ReadonlySet<string>;
  /** Of the body, as Espruino reads it. */
  readonly tokens: number;
}

/** What moving `fn` needs to know, or null when it cannot move (the header's list). */
function shapeOf(code: string, fn: FunctionDeclaration): Shape | null {
  const locals = new Set([...paramNames(fn), ...declaredNames(fn)]);
  // Catch parameters are renamed with the locals: the clause's own binding keeps its meaning.
  const catches = (n: AnyNode): void => {
    if (n.type === 'CatchClause' && n.param?.type === 'Identifier') locals.add(n.param.name);
    for (const [child] of children(n)) catches(child);
  };
  catches(fn.body);
  const free = new Set<string>();
  const returns: AnyNode[] = [];
  const identifiers: { node: Identifier; parent: AnyNode; key: string }[] = [];
  const written = new Set<string>();
  let returnInLoop = false;
  let refused = false;
  const firstMention = new Map<string, AnyNode>();
  const mentions = new Map<string, number[]>();
  // The block a declaration sits in: the VariableDeclaration's parent.
  const container = new Map<AnyNode, AnyNode>();
  const stack: AnyNode[] = [fn.body];
  const visit = (node: AnyNode, parent: AnyNode, key: string, inLoop: boolean, inTry: boolean): void => {
    if (refused) return;
    if (node.type === 'VariableDeclarator') container.set(node, stack[stack.length - 2]);
    if (isFunction(node) || node.type === 'ThisExpression') { refused = true; return; }
    if (node.type === 'Identifier') {
      if (node.name === 'arguments') { refused = true; return; }
      const kind = referenceKind(parent, key);
      const declares = (parent.type === 'VariableDeclarator' && key === 'id') || (parent.type === 'CatchClause' && key === 'param');
      if (kind !== 'none' || declares) {
        if (!firstMention.has(node.name)) firstMention.set(node.name, parent);
        mentions.set(node.name, [...(mentions.get(node.name) ?? []), node.start]);
        // A declaration counts as a write: `var p = x` or `for (var p in o)` of a parameter assigns it.
        if (isWrite(parent, key) || declares) written.add(node.name);
        if (locals.has(node.name)) identifiers.push({ node, parent, key });
        else if (kind !== 'none') free.add(node.name);
      }
      return;
    }
    if (node.type === 'ReturnStatement') {
      if (inTry) { refused = true; return; }
      returns.push(node);
      if (inLoop) returnInLoop = true;
    }
    const loop = inLoop || /^(For|ForIn|While|DoWhile|Switch)Statement$/.test(node.type);
    const tried = inTry || node.type === 'TryStatement';
    stack.push(node);
    for (const [child, childKey] of children(node)) visit(child, node, childKey, loop, tried);
    stack.pop();
  };
  for (const [child, childKey] of children(fn.body)) visit(child, fn.body, childKey, false, false);
  if (refused) return null;
  // A variable first named by its initialised declaration, and named only after it inside the
  // block (or case, or loop head) that holds it, is assigned before each use whatever ran before.
  const setBeforeUse = new Set<string>(paramNames(fn));
  for (const [name, first] of firstMention) {
    const around = container.get(first);
    if (first.type !== 'VariableDeclarator' || first.init == null || around === undefined) continue;
    if (around.type !== 'BlockStatement' && around.type !== 'SwitchCase' && !(around.type === 'ForStatement' && around.init != null && around.init.start <= first.start && first.end <= around.init.end)) continue;
    if (mentions.get(name)!.every((at) => around.start <= at && at < around.end)) setBeforeUse.add(name);
  }
  return { locals: [...locals], free, returns, returnInLoop, setBeforeUse, identifiers, written, tokens: tokens(code.slice(fn.body.start, fn.body.end)) };
}

/** A name no identifier in `code` has, from `taken` (updated). */
function freshName(taken: Set<string>): string {
  for (let k = taken.size; ; k++) {
    const name = '$in' + k;
    if (!taken.has(name)) {
      taken.add(name);
      return name;
    }
  }
}

type Use = { kind: 'void' } | { kind: 'assign'; to: string } | { kind: 'tail' };

/**
 * The block that stands for `site.call` (form 2 and 3 of the header).
 * - `shape` is `shapeOf(fn)`, not null; `fn` is the function called.
 * - `stable(name)` says that nothing but the caller assigns the variable `name` names at the call:
 *   a parameter the function does not assign, given a literal or such a variable, is replaced by
 *   it instead of copied.
 */
function inlinedBlock(code: string, fn: FunctionDeclaration, shape: Shape, site: Site, use: Use, taken: Set<string>, stable: (name: string) => boolean): string | null {
  const params = paramNames(fn);
  const args = site.call.arguments;
  if (args.length > params.length) return null;
  const given = new Map<string, string>();
  // An argument that assigns could change the variable another argument names before the body reads it.
  const assigning = args.some(assigns);
  params.forEach((p, k) => {
    const a = args[k];
    if (a === undefined || shape.written.has(p)) return;
    const plain = a.type === 'Literal' && (typeof a.value !== 'object' || a.value === null);
    if (plain || (a.type === 'Identifier' && !assigning && stable(a.name))) given.set(p, code.slice(a.start, a.end));
  });
  const last = fn.body.body[fn.body.body.length - 1];
  const lastReturns = shape.returns.length === 1 && shape.returns[0] === last;
  if (use.kind !== 'tail' && shape.returns.length > 0 && !lastReturns && shape.returnInLoop) return null;
  const rename = new Map(shape.locals.map((n) => [n, given.get(n) ?? freshName(taken)]));
  const edits: Edit[] = shape.identifiers.map(({ node }) => ({ start: node.start, end: node.end, text: rename.get(node.name)! }));
  const loopForm = use.kind !== 'tail' && shape.returns.length > 0 && !lastReturns;
  if (use.kind !== 'tail') {
    for (const r of shape.returns) {
      if (r.type !== 'ReturnStatement') continue;
      const value = r.argument;
      const exit = loopForm ? 'break;' : '';
      if (value == null) {
        edits.push({ start: r.start, end: r.end, text: loopForm ? '{break;}' : ';' });
      } else {
        const to = use.kind === 'assign' ? use.to + '=' : '';
        edits.push({ start: r.start, end: value.start, text: '{' + to + '(' }, { start: value.end, end: r.end, text: ');' + exit + '}' });
      }
    }
  }
  const head: string[] = [];
  // A parameter the body never names, given an argument without effects, is not bound at all.
  const named = new Set(shape.identifiers.filter(({ node }) => node.start > fn.body.start).map(({ node }) => node.name));
  params.forEach((p, k) => {
    if (given.has(p) || (!named.has(p) && (k >= args.length || isPure(args[k])))) return;
    head.push(rename.get(p)! + '=' + (k < args.length ? code.slice(args[k].start, args[k].end) : 'void 0'));
  });
  for (const n of shape.locals) if (!shape.setBeforeUse.has(n)) head.push(rename.get(n)! + '=void 0');
  const body = applyEdits(code, fn.body.start + 1, fn.body.end - 1, edits.filter((e) => e.start > fn.body.start));
  const falls = last === undefined || (last.type !== 'ReturnStatement' && last.type !== 'ThrowStatement');
  let text = head.length > 0 ? 'var ' + head.join(',') + ';' : '';
  if (use.kind === 'tail') return '{' + text + body + (falls ? ';return;' : '') + '}';
  // A body whose last statement returns assigns on every way out.
  const unset = use.kind === 'assign' && falls ? use.to + '=void 0;' : '';
  // Not `do {} while (0)`: the last minify drops the braces of a body of one statement, and
  // Espruino misparses `do <statement ending in }> while` (it runs on past the loop).
  text += unset + (loopForm ? 'for(;;){' + body + ';break;}' : body);
  return '{' + text + '}';
}

/** The statement text that stands for `s` with the call in it moved (form 1), or null. */
function rewriteStatement(code: string, s: AnyNode, inline: (use: Use) => string | null, call: AnyNode, locals: ReadonlySet<string>, fresh: () => string): string | null {
  const src = (n: AnyNode): string => code.slice(n.start, n.end);
  const holds = (n: AnyNode): boolean => n.start <= call.start && call.end <= n.end;
  // A call that is a test: its value into a variable of its own first, then the test of that.
  const tested = (then: (t: string) => string | null): string | null => {
    const t = fresh();
    const moved = inline({ kind: 'assign', to: t });
    const rest = moved === null ? null : then(t);
    return rest === null ? null : 'var ' + t + ';' + moved + rest;
  };
  const statements = (e: AnyNode): string | null => {
    if (!holds(e)) return '(' + src(e) + ');';
    if (e === call) return inline({ kind: 'void' });
    switch (e.type) {
      case 'SequenceExpression': {
        const parts = e.expressions.map(statements);
        return parts.includes(null) ? null : parts.join('');
      }
      case 'LogicalExpression': {
        const then = (test: string): string | null => {
          const right = statements(e.right);
          return right === null ? null : 'if(' + (e.operator === '&&' ? '' : '!') + '(' + test + ')){' + right + '}';
        };
        if (e.left === call) return tested(then);
        return holds(e.left) ? null : then(src(e.left));
      }
      case 'ConditionalExpression': {
        const branches = (test: string): string | null => {
          const a = statements(e.consequent);
          const b = statements(e.alternate);
          return a === null || b === null ? null : 'if(' + test + '){' + a + '}else{' + b + '}';
        };
        if (e.test === call) return tested(branches);
        return holds(e.test) ? null : branches(src(e.test));
      }
      case 'AssignmentExpression':
        if (e.operator === '=' && e.right === call && e.left.type === 'Identifier' && locals.has(e.left.name)) return inline({ kind: 'assign', to: e.left.name });
        return null;
      default:
        return null;
    }
  };
  const returned = (e: AnyNode): string | null => {
    if (!holds(e)) return 'return ' + src(e) + ';';
    if (e === call) return inline({ kind: 'tail' });
    if (e.type === 'SequenceExpression') {
      const parts = e.expressions.map((x, k) => (k === e.expressions.length - 1 ? returned(x) : statements(x)));
      return parts.includes(null) ? null : parts.join('');
    }
    if (e.type === 'ConditionalExpression' && !holds(e.test)) {
      const a = returned(e.consequent);
      const b = returned(e.alternate);
      return a === null || b === null ? null : 'if(' + src(e.test) + '){' + a + '}else{' + b + '}';
    }
    return null;
  };
  let text: string | null = null;
  if (s.type === 'ExpressionStatement') text = statements(s.expression);
  else if (s.type === 'IfStatement' && s.test.type === 'SequenceExpression' && !holds(s.test.expressions[s.test.expressions.length - 1])) {
    // `if (a, F(x), c) y` as the minifier folds `a; F(x); if (c) y`.
    const list = s.test.expressions;
    const parts = list.slice(0, -1).map(statements);
    const tail = 'if(' + src(list[list.length - 1]) + ')' + src(s.consequent) + (s.alternate != null ? 'else ' + src(s.alternate) : '');
    text = parts.includes(null) ? null : parts.join('') + tail;
  }
  else if (s.type === 'IfStatement' && s.test === call) text = tested((t) => 'if(' + t + ')' + src(s.consequent) + (s.alternate != null ? 'else ' + src(s.alternate) : ''));
  else if (s.type === 'ReturnStatement' && s.argument != null) text = returned(s.argument);
  else if (s.type === 'VariableDeclaration') {
    const parts = s.declarations.map((d) => {
      if (!holds(d)) return 'var ' + src(d) + ';';
      if (d.init !== call || d.id.type !== 'Identifier') return null;
      const moved = inline({ kind: 'assign', to: d.id.name });
      return moved === null ? null : 'var ' + d.id.name + ';' + moved;
    });
    text = parts.includes(null) ? null : parts.join('');
  }
  return text === null ? null : '{' + text + '}';
}

/** Whether each time the code from `path[0]` (a function) down to `call` runs, `call` runs: no branch between. */
function runsEveryTime(path: readonly AnyNode[], call: AnyNode): boolean {
  for (let i = 0; i < path.length; i++) {
    const a = path[i];
    const child = path[i + 1] ?? call;
    if ((a.type === 'IfStatement' || a.type === 'ConditionalExpression') && child !== a.test) return false;
    if (a.type === 'LogicalExpression' && child === a.right) return false;
    if (a.type === 'SwitchCase' || a.type === 'CatchClause') return false;
  }
  return true;
}

const nestedWrites = new WeakMap<AnyNode, Set<string>>();

/** The names functions nested in `fn` assign (read once a function and parse). */
function writtenInside(fn: AnyNode): ReadonlySet<string> {
  let names = nestedWrites.get(fn);
  if (names !== undefined) return names;
  const found = new Set<string>();
  const visit = (node: AnyNode, parent: AnyNode, key: string, nested: boolean): void => {
    if (nested && node.type === 'Identifier' && isWrite(parent, key)) found.add(node.name);
    for (const [child, childKey] of children(node)) visit(child, node, childKey, nested || isFunction(node));
  };
  for (const [child, childKey] of children(fn.type === 'FunctionDeclaration' || fn.type === 'FunctionExpression' ? fn.body : fn)) visit(child, fn, childKey, false);
  names = found;
  nestedWrites.set(fn, names);
  return names;
}

/** Operands whose evaluation has no effect: literals, names, reading members and operators of them. */
function isPure(n: AnyNode): boolean {
  switch (n.type) {
    case 'Literal':
    case 'Identifier':
      return true;
    case 'MemberExpression':
      return isPure(n.object) && isPure(n.property);
    case 'BinaryExpression':
    case 'LogicalExpression':
      return isPure(n.left) && isPure(n.right);
    case 'UnaryExpression':
      return n.operator !== 'delete' && isPure(n.argument);
    case 'ConditionalExpression':
      return isPure(n.test) && isPure(n.consequent) && isPure(n.alternate);
    default:
      return false;
  }
}

/**
 * Whether `target` is the first thing `e` evaluates that an argument put there could see change:
 * before it only names nothing assigns (`stable`), literals, operators, and the callee of a call
 * whose arguments hold it (`Math.round(x - a)`); never inside a branch (`&&`, `?:`).
 */
function evaluatedFirst(e: AnyNode, target: AnyNode, stable: (name: string) => boolean): boolean {
  const visit = (n: AnyNode): 'found' | 'clean' | 'dirty' => {
    if (n === target) return 'found';
    const all = (list: readonly AnyNode[]): 'found' | 'clean' | 'dirty' => {
      for (const x of list) {
        const r = visit(x);
        if (r !== 'clean') return r;
      }
      return 'clean';
    };
    switch (n.type) {
      case 'Literal':
        return 'clean';
      case 'Identifier':
        return stable(n.name) ? 'clean' : 'dirty';
      case 'BinaryExpression':
        return all([n.left, n.right]);
      case 'UnaryExpression':
        return n.operator === 'delete' ? 'dirty' : visit(n.argument);
      case 'CallExpression': {
        const callee = n.callee;
        // A built-in's method (`Math.round`): what the call reads first.
        const named = callee.type === 'Identifier' || (callee.type === 'MemberExpression' && !callee.computed && callee.object.type === 'Identifier' && stable(callee.object.name));
        if (!named) return 'dirty';
        const r = callee.type === 'Identifier' ? visit(callee) : 'clean';
        if (r !== 'clean') return r;
        return all(n.arguments) === 'found' ? 'found' : 'dirty';
      }
      default:
        return 'dirty';
    }
  };
  return visit(e) === 'found';
}

/**
 * The expression that stands for `call` of `fn`, whose body is `return body`, its parameters
 * replaced by the arguments; null where an argument would be evaluated a different number of
 * times or, seen from what it changes, in a different order.
 */
function expressionText(code: string, fn: FunctionDeclaration, body: AnyNode, call: CallExpression, stable: (name: string) => boolean): string | null {
  const params = paramNames(fn);
  const args = call.arguments;
  if (args.length > params.length) return null;
  const uses = new Map<string, AnyNode[]>(params.map((p) => [p, []]));
  const collect = (n: AnyNode, parent: AnyNode, key: string): void => {
    if (n.type === 'Identifier' && referenceKind(parent, key) !== 'none') uses.get(n.name)?.push(n);
    for (const [child, childKey] of children(n)) collect(child, n, childKey);
  };
  collect(body, fn.body, 'argument');
  const impure = args.filter((a) => !isPure(a));
  const plain = (a: AnyNode | undefined): boolean => a === undefined || a.type === 'Literal' || (a.type === 'Identifier' && stable(a.name));
  // One argument with effects, evaluated where the body first reads it; the others cannot see it run.
  if (impure.length > 1 || (impure.length === 1 && (!args.every((a) => a === impure[0] || plain(a)) || assigns(impure[0])))) return null;
  const edits: Edit[] = [];
  for (let k = 0; k < params.length; k++) {
    const a = args[k] as AnyNode | undefined;
    const list = uses.get(params[k])!;
    // A parameter the body never reads: its argument goes unless evaluating it does something.
    if (list.length === 0 && a !== undefined && isPure(a)) continue;
    if (!plain(a) && (list.length !== 1 || !evaluatedFirst(body, list[0], stable))) return null;
    const text = a === undefined ? 'void 0' : '(' + code.slice(a.start, a.end) + ')';
    for (const id of list) edits.push({ start: id.start, end: id.end, text });
  }
  return '(' + applyEdits(code, body.start, body.end, edits) + ')';
}

/**
 * The expression that stands for `call` of `fn`, whose body is `return body`, with each argument
 * that is not a literal or an unchanging name first assigned to a fresh variable, in order, as a
 * call evaluates them: `(t1 = a[i], t2 = next(), <body over t1, t2>)`. Returns the text and the
 * variables the caller must declare.
 */
function boundExpressionText(code: string, fn: FunctionDeclaration, body: AnyNode, call: CallExpression, stable: (name: string) => boolean, taken: Set<string>): { text: string; temps: string[] } | null {
  const params = paramNames(fn);
  const args = call.arguments;
  if (args.length > params.length) return null;
  const assigning = args.some(assigns);
  const given = params.map((_, k): string => {
    const a = args[k] as AnyNode | undefined;
    if (a === undefined) return 'void 0';
    if ((a.type === 'Literal' && (typeof a.value !== 'object' || a.value === null)) || (a.type === 'Identifier' && !assigning && stable(a.name))) return code.slice(a.start, a.end);
    return '';
  });
  const temps: string[] = [];
  const binds: string[] = [];
  given.forEach((g, k) => {
    if (g !== '') return;
    const t = freshName(taken);
    temps.push(t);
    binds.push(t + '=(' + code.slice(args[k].start, args[k].end) + ')');
    given[k] = t;
  });
  const edits: Edit[] = [];
  const collect = (n: AnyNode, parent: AnyNode, key: string): void => {
    const k = n.type === 'Identifier' && referenceKind(parent, key) !== 'none' ? params.indexOf(n.name) : -1;
    if (k >= 0) edits.push({ start: n.start, end: n.end, text: given[k] });
    for (const [child, childKey] of children(n)) collect(child, n, childKey);
  };
  collect(body, fn.body, 'argument');
  return { text: '(' + binds.map((b) => b + ',').join('') + '(' + applyEdits(code, body.start, body.end, edits) + '))', temps };
}

/** The edits that write `fn` in at `site`, or null where it cannot go (the header's list). */
function siteEdit(code: string, iife: AnyNode, refs: References, fn: FunctionDeclaration, shape: Shape, site: Site, taken: Set<string>): Edit[] | null {
  const shadowed = (n: string): boolean => site.scopes.some((sc) => sc.has(n));
  if ([...shape.free].some(shadowed)) return null;
  let c = site.ancestors.length - 1;
  while (c > 0 && !isFunction(site.ancestors[c])) c--;
  const caller = site.ancestors[c];
  // Text the caller passes over without running it costs time at every pass (espruino-tokens.ts).
  if (shape.tokens > CALL_TOKENS && !runsEveryTime(site.ancestors.slice(c), site.call)) return null;
  const declared = new Set([...paramNames(caller), ...declaredNames(caller)]);
  const stable = (n: string): boolean => (caller === iife || !declared.has(n) ? !refs.topWritten.has(n) && !shadowed(n) : !writtenInside(caller).has(n));
  // A function that only returns an expression goes in as that expression, wherever the call is;
  // one whose body is one expression statement goes in as statements where it can (as before),
  // else as that expression, its value undefined (a call inside an expression that is a test).
  const single = fn.body.body.length === 1 ? fn.body.body[0] : null;
  const statement = single !== null && single.type === 'ExpressionStatement';
  const only = single === null ? null : single.type === 'ReturnStatement' ? single.argument : statement ? single.expression : null;
  const value = (text: string): string => (statement ? '(' + text + ',void 0)' : text);
  const asExpression = (): Edit[] | null => {
    if (only == null || shape.locals.length !== fn.params.length) return null;
    const expr = expressionText(code, fn, only, site.call, stable);
    if (expr !== null) return [{ start: site.call.start, end: site.call.end, text: value(expr) }];
    // Its arguments in variables of the caller's (in the IIFE's own scope they would be names for the program's life).
    if (caller === iife || (caller.type !== 'FunctionDeclaration' && caller.type !== 'FunctionExpression')) return null;
    const bound = boundExpressionText(code, fn, only, site.call, stable, taken);
    const at = caller.body.start + 1;
    return bound === null ? null : [{ start: site.call.start, end: site.call.end, text: value(bound.text) }, { start: at, end: at, text: bound.temps.length > 0 ? 'var ' + bound.temps.join(',') + ';' : '' }];
  };
  if (!statement) {
    const e = asExpression();
    if (e !== null) return e;
  }
  // The statement holding the call.
  let k = site.ancestors.length - 1;
  while (k > 0 && !/Statement$|Declaration$/.test(site.ancestors[k].type)) k--;
  const s = site.ancestors[k];
  const parent = site.ancestors[k - 1];
  // A declaration in a loop's head stays (the call's block cannot go there).
  if (s.type === 'VariableDeclaration' && parent.type !== 'BlockStatement' && parent.type !== 'SwitchCase') return statement ? asExpression() : null;
  // Inside a returned expression, the expression keeps the caller one `return` (so that it can go
  // in as an expression in its turn: a start form whose wake is one statement).
  if (statement && s.type === 'ReturnStatement' && s.argument !== site.call) {
    const e = asExpression();
    if (e !== null) return e;
  }
  // In the IIFE's own scope each variable the block declares is a name for the program's life.
  if (caller === iife && FUNCTION + PARAM * fn.params.length + NAME <= NAME * shape.locals.length) return statement ? asExpression() : null;
  const callerLocals = new Set([...declared].filter((n) => !shape.free.has(n)));
  const text = rewriteStatement(code, s, (use) => inlinedBlock(code, fn, shape, site, use, taken, stable), site.call, callerLocals, () => freshName(taken));
  return text !== null ? [{ start: s.start, end: s.end, text }] : statement ? asExpression() : null;
}

/** Moves the functions that can move into the places they are called from, as many as a round allows; null when none can. */
function inlineRound(code: string): string | null {
  const program = parse(code, { ecmaVersion: 5, sourceType: 'script' }) as AnyNode;
  const iife = iifeOf(program);
  if (iife === null || iife.type !== 'FunctionExpression') return null;
  const fns = new Map<string, FunctionDeclaration>();
  for (const st of iife.body.body) if (st.type === 'FunctionDeclaration') fns.set(st.id.name, st);
  const taken = new Set<string>();
  for (const m of code.matchAll(/[A-Za-z_$][\w$]*/g)) taken.add(m[0]);
  const refs = referencesOf(iife, fns, program);
  // Several functions a round where their edits do not overlap: a function's declaration is one of
  // its edits, so no function moves whose text holds another's call site, or whose call site lies in
  // another moving function.
  const edits: Edit[] = [];
  for (const [name, sites] of refs.sites) {
    const fn = fns.get(name)!;
    if (!sites.every((site) => site.called && !site.ancestors.includes(fn))) continue;
    const shape = shapeOf(code, fn);
    // Each copy after the first costs its text in flash, against the function's blocks in RAM.
    if (shape === null || (sites.length - 1) * shape.tokens > COPY_TOKENS) continue;
    const mine: Edit[] = [{ start: fn.start, end: fn.end, text: '' }];
    let placed = 0;
    for (const site of sites) {
      const e = siteEdit(code, iife, refs, fn, shape, site, taken);
      if (e === null) break;
      mine.push(...e);
      placed++;
    }
    if (placed < sites.length) continue;
    const overlaps = (x: Edit, o: Edit): boolean => x.start < o.end && o.start < x.end;
    if (mine.some((x, i) => mine.some((y, j) => i !== j && overlaps(x, y)) || edits.some((o) => overlaps(x, o)))) continue;
    edits.push(...mine);
  }
  if (edits.length > 0) return applyEdits(code, 0, code.length, edits);
  return null;
}

/**
 * The bundle with every function that can move (the header's rules) written in where it is called.
 * - `code` is an ES5 IIFE as esbuild's last pass wraps it; any other shape comes back unchanged.
 * - The result is not minified: the caller minifies it again (names, folded blocks).
 */
export function inlineCalls(code: string): string {
  for (let next = inlineRound(code); next !== null; next = inlineRound(code)) code = next;
  return code;
}
