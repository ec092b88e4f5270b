// Expressions that contain an await, and the awaits themselves. An expression is evaluated left to
// right across states: each value computed before an await that follows it is spilled to a
// temporary (which the layout may put in the frame), and &&, ||, ?? and ?: branch between states.
// An await opens its future (open, below: a primitive, a lowered callee embedded or pushed, a dyn
// call, a combinator over futures opened first, a stored future taken back), then suspends into a
// state of its own that resumes when the future completes; on a form with direct calls, an await
// of a callee that never suspends is a plain call instead. An await-free expression is copied as
// written (verbatim.ts).

import ts from './typescript.ts';
import type * as TS from 'typescript';
import { ASSIGN_OPS, lineOf, skipOuter, type AsyncDecl } from './ast.ts';
import type { FunctionBuilder } from './function-builder.ts';
import { code, joinCode, plainText, type Code, type DirectCall, type FutureNode, type Group, type Mode, type Result, type Var, type VarKind } from './function-ir.ts';
import { classifyFuture, directDyn, dynTarget, refuseAwait, refuseSetupOnly, resultOf, syncCall, type FutureExpr } from './futures.ts';
import type { Primitive } from './primitives.ts';
import { perParam, rewrite, targetText } from './verbatim.ts';

const LITERAL = /^(-?[0-9.]+|'[^']*'|"[^"]*"|true|false|null|void 0)$/;

/**
 * `c` evaluated now into a temporary (unless it is a literal), for use after code that may suspend.
 * - `c` reads nothing later code changes before the temporary is written (it is written at once).
 */
export function spill(b: FunctionBuilder, c: Code, kind: VarKind): Code {
  const plain = plainText(c);
  if (plain !== null && LITERAL.test(plain)) return c;
  const t = b.temp(kind);
  b.emit(b.write(t), ' = ', c, ';');
  return b.read(t);
}

/** The same code, with its variables read where it had them written (a target read back). */
function asRead(c: Code): Code {
  return c.map((p) => (typeof p !== 'string' && p.kind === 'var' && p.write ? { kind: 'var', v: p.v, write: false } : p));
}

/**
 * The expressions evaluated in order, each spilled when an await follows in a later one.
 * - The expressions are in the body of the function `b` describes.
 */
export function exprList(b: FunctionBuilder, es: readonly TS.Expression[]): Code[] {
  const out: Code[] = [];
  for (let i = 0; i < es.length; i++) {
    let t = expr(b, es[i]);
    const later = es.slice(i + 1).some((x) => b.facts.containsAwait(x));
    if (later) t = spill(b, t, b.typeKind(es[i]));
    out.push(t);
  }
  return out;
}

/**
 * The value of `e`: lines and states for its awaits go into the function, the returned code reads
 * what they computed.
 * - `e` is in the body of the function `b` describes, and b.cur is where its evaluation starts.
 */
export function expr(b: FunctionBuilder, e: TS.Expression): Code {
  if (!b.facts.containsAwait(e)) return rewrite(b, e);
  if (ts.isParenthesizedExpression(e)) return code('(', expr(b, e.expression), ')');
  if (ts.isAsExpression(e) || ts.isNonNullExpression(e) || ts.isTypeAssertionExpression(e) || ts.isSatisfiesExpression(e)) return expr(b, e.expression);
  if (ts.isAwaitExpression(e)) {
    const res = awaitExpr(b, e.expression, e);
    if (res.kind === 'tuple') {
      b.refuse(e, 'tuple-result', 'the result of this await is a tuple in registers', 'destructure it: const [a, b] = await ...');
      return ['void 0'];
    }
    if (res.kind === 'void') return ['void 0'];
    return spill(b, res.value, b.typeKind(e));
  }
  if (ts.isBinaryExpression(e)) return binary(b, e);
  if (ts.isCallExpression(e) || ts.isNewExpression(e)) return callExpr(b, e);
  if (ts.isPropertyAccessExpression(e)) return code(expr(b, e.expression), '.' + e.name.text);
  if (ts.isElementAccessExpression(e)) {
    let obj = expr(b, e.expression);
    if (b.facts.containsAwait(e.argumentExpression)) obj = spill(b, obj, 'ref');
    return code(obj, '[', expr(b, e.argumentExpression), ']');
  }
  if (ts.isConditionalExpression(e)) {
    const t = b.temp(b.typeKind(e));
    const cond = expr(b, e.condition);
    const elseS = b.newState();
    const after = b.newState();
    b.emit('if (!(', cond, ')) { ', b.jump(elseS), ' continue; }');
    b.emit(b.write(t), ' = ', expr(b, e.whenTrue), ';');
    b.goto(after);
    b.place(elseS);
    b.emit(b.write(t), ' = ', expr(b, e.whenFalse), ';');
    b.goto(after);
    b.place(after);
    return b.read(t);
  }
  if (ts.isPrefixUnaryExpression(e)) {
    if (e.operator === ts.SyntaxKind.PlusPlusToken || e.operator === ts.SyntaxKind.MinusMinusToken) {
      b.refuse(e, 'await-position', 'await inside ++/--', 'await into a const first');
      return ['void 0'];
    }
    return code(ts.tokenToString(e.operator)!, '(', expr(b, e.operand), ')');
  }
  if (ts.isTypeOfExpression(e)) return code('typeof (', expr(b, e.expression), ')');
  if (ts.isVoidExpression(e)) return code('void (', expr(b, e.expression), ')');
  if (ts.isArrayLiteralExpression(e)) {
    if (e.elements.some((x) => ts.isSpreadElement(x))) {
      b.refuse(e, 'await-position', 'await inside an array literal with spread', 'await into a const first');
    }
    return code('[', joinCode(exprList(b, Array.from(e.elements)), ', '), ']');
  }
  if (ts.isObjectLiteralExpression(e)) {
    const props = e.properties;
    const values: TS.Expression[] = [];
    for (const p of props) {
      if (ts.isPropertyAssignment(p)) values.push(p.initializer);
      else if (b.facts.containsAwait(p)) b.refuse(p, 'await-position', 'await inside this object literal member', 'await into a const first');
    }
    const texts = exprList(b, values);
    let k = 0;
    return code('{ ', joinCode(props.map((p) => (ts.isPropertyAssignment(p) ? code(rewrite(b, p.name), ': ', texts[k++]) : rewrite(b, p))), ', '), ' }');
  }
  if (ts.isTemplateExpression(e)) {
    const texts = exprList(b, e.templateSpans.map((s) => s.expression));
    const out: (string | Code)[] = [JSON.stringify(e.head.text)];
    e.templateSpans.forEach((s, i) => out.push(' + (', texts[i], ') + ' + JSON.stringify(s.literal.text)));
    return code('(', ...out, ')');
  }
  b.refuse(e, 'await-position', 'await inside a ' + ts.SyntaxKind[e.kind], 'move the await into its own statement: const x = await ...');
  return ['void 0'];
}

function callExpr(b: FunctionBuilder, e: TS.CallExpression | TS.NewExpression): Code {
  if (ts.isCallExpression(e)) {
    if (refuseSetupOnly(b, e)) return ['void 0'];
    const target = b.facts.resolveCall(e);
    if (target !== null && (target.kind === 'fn' || target.prim.kind === 'future')) {
      b.refuse(e, 'future-not-awaited', 'a future that is neither awaited, stored in a const, nor passed to select/join/timeout', 'await it');
      return ['void 0'];
    }
    if (target !== null && target.kind === 'prim') return syncCall(b, target.prim, e, exprList(b, Array.from(e.arguments)));
  }
  const args = Array.from(e.arguments ?? []);
  const argsAwait = args.some((a) => b.facts.containsAwait(a));
  let callee: Code;
  const ce = e.expression;
  if (ts.isPropertyAccessExpression(ce) && ts.isCallExpression(e)) {
    let obj = expr(b, ce.expression);
    if (argsAwait) obj = spill(b, obj, 'ref');
    callee = code(obj, '.' + ce.name.text);
  } else {
    callee = expr(b, ce);
    if (argsAwait) callee = spill(b, callee, 'ref');
  }
  const list = exprList(b, args);
  return code(ts.isNewExpression(e) ? 'new ' : '', callee, '(', joinCode(list, ', '), ')');
}

function binary(b: FunctionBuilder, e: TS.BinaryExpression): Code {
  const op = e.operatorToken.kind;
  const opText = ts.tokenToString(op)!;
  if (op === ts.SyntaxKind.AmpersandAmpersandToken || op === ts.SyntaxKind.BarBarToken || op === ts.SyntaxKind.QuestionQuestionToken) {
    const t = b.temp(b.typeKind(e));
    b.emit(b.write(t), ' = ', expr(b, e.left), ';');
    const after = b.newState();
    const skip = op === ts.SyntaxKind.AmpersandAmpersandToken ? code('!(', b.read(t), ')') : op === ts.SyntaxKind.BarBarToken ? b.read(t) : code(b.read(t), ' != null');
    b.emit('if (', skip, ') { ', b.jump(after), ' continue; }');
    b.emit(b.write(t), ' = ', expr(b, e.right), ';');
    b.goto(after);
    b.place(after);
    return b.read(t);
  }
  if (op === ts.SyntaxKind.CommaToken) {
    b.emit(expr(b, e.left), ';');
    return expr(b, e.right);
  }
  if (op === ts.SyntaxKind.EqualsToken || ASSIGN_OPS[op] !== undefined) {
    const left = skipOuter(e.left);
    let target: Code;
    if (ts.isIdentifier(left)) {
      target = targetText(b, left);
    } else if (ts.isPropertyAccessExpression(left)) {
      target = code(spill(b, expr(b, left.expression), 'ref'), '.' + left.name.text);
    } else if (ts.isElementAccessExpression(left)) {
      const obj = spill(b, expr(b, left.expression), 'ref');
      target = code(obj, '[', spill(b, expr(b, left.argumentExpression), b.typeKind(left.argumentExpression)), ']');
    } else {
      b.refuse(e, 'await-position', 'await on the right of a destructuring assignment that is not a tuple', 'await into a const first');
      return ['void 0'];
    }
    if (op === ts.SyntaxKind.EqualsToken) return code('(', target, ' = ', expr(b, e.right), ')');
    const before = spill(b, asRead(target), b.typeKind(left));
    return code('(', target, ' = ', before, ' ' + ASSIGN_OPS[op] + ' ', expr(b, e.right), ')');
  }
  let l = expr(b, e.left);
  if (b.facts.containsAwait(e.right)) l = spill(b, l, b.typeKind(e.left));
  return code('(', l, ' ' + opText + ' ', expr(b, e.right), ')');
}

// ---- awaits --------------------------------------------------------------------------------------

/**
 * Opens and awaits the future `operand`; the code after it is in the await's resume state (or,
 * for a direct call, in the same state). Returns what the await yields.
 * - `node` is the await (or for-of) whose operand `operand` is, in the body of the function `b` describes.
 */
export function awaitExpr(b: FunctionBuilder, operand: TS.Expression, node: TS.Node): Result {
  const fx = classifyFuture(b, operand);
  if (fx === null) {
    refuseAwait(b, operand);
    return { kind: 'void' };
  }
  // An await nested in the arguments of another opening (join(f(), g(await x))) runs while the
  // futures opened before it are live: its futures go after theirs, and its site counts them.
  const prevSite = b.site;
  const prevGroup = b.group;
  const site = { line: lineOf(node), items: prevSite !== null ? prevSite.items.slice() : [] };
  const group: Group = { parent: prevGroup, parentCount: prevGroup !== null ? prevGroup.nodes.length : 0, nodes: [] };
  b.groups.push(group);
  b.site = site;
  b.group = group;
  const opened = open(b, fx, 'await');
  b.site = prevSite;
  b.group = prevGroup;
  b.sites.push(site);
  if (!('kind' in opened)) return directResult(b, opened, resultOf(b, fx));
  const k = b.newState();
  b.resumeStates.add(k);
  if (opened.kind === 'primitive' && opened.inPlace) {
    b.emitLine({ op: 'yield', resume: k });
    b.cur = null;
    b.place(k);
    return opened.result;
  }
  b.emitLine({ op: 'open', node: opened });
  b.emitLine({ op: 'await', node: opened });
  b.goto(k);
  b.place(k);
  b.emitLine({ op: 'resume', node: opened });
  return opened.result;
}

/**
 * A direct call in place of an await: its first result comes back as the call's value, into `$v`
 * (read at once, as the registers are), the others in the registers.
 */
function directResult(b: FunctionBuilder, call: DirectCall, r: Result): Result {
  if (r.kind === 'void') {
    b.emitLine({ op: 'direct', call, into: null });
    return r;
  }
  const v = b.internal(b.names.value);
  b.emitLine({ op: 'direct', call, into: v });
  if (r.kind === 'one') return { kind: 'one', value: [v] };
  return { kind: 'tuple', values: [[v] as Code].concat(r.values.slice(1)) };
}

/**
 * `const v = future`: opens the future now, owned by the frame until it is awaited or passed on.
 * - `v` is the handle variable the declaration of `fx` declares.
 */
export function storeFuture(b: FunctionBuilder, v: Var, fx: FutureExpr): void {
  v.result = resultOf(b, fx);
  const node = open(b, fx, 'stored') as FutureNode;
  b.stores.push({ v, node });
  b.emitLine({ op: 'open', node });
  b.emitLine({ op: 'store', v, node });
}

/**
 * Evaluates what opening `fx` needs and describes the future it opens: a node, recorded as opened
 * (its open line is the caller's to emit), or a direct call (awaited on a form with direct calls).
 */
function open(b: FunctionBuilder, fx: FutureExpr, mode: Mode): FutureNode | DirectCall {
  if (fx.kind === 'var') {
    const from = b.stores.find((st) => st.v === fx.v)?.node ?? null;
    return opens(b, { kind: 'taken', v: fx.v, from, mode, result: fx.v.result, group: b.group, holder: null });
  }
  if (fx.kind === 'fn') return openCallee(b, fx.decl, fx.call, mode);
  return openPrimitive(b, fx.prim, fx.call, mode);
}

function opens(b: FunctionBuilder, node: FutureNode): FutureNode {
  b.opens(node);
  return node;
}

function none(b: FunctionBuilder, mode: Mode): FutureNode {
  return opens(b, { kind: 'none', mode, result: { kind: 'void' }, group: b.group, holder: null });
}

function openCallee(b: FunctionBuilder, callee: AsyncDecl, call: TS.CallExpression, mode: Mode): FutureNode | DirectCall {
  const sig = b.facts.signature(callee);
  const recursive = callee === b.decl || b.facts.isInProgress(callee);
  if (recursive && b.form.recursion === 'refuse') {
    b.refuse(call, 'device-recursion', 'a recursive async call: a device build embeds every callee frame in its caller, so a frame cannot contain itself',
      'make the recursion a loop');
    return none(b, mode);
  }
  const args = Array.from(call.arguments);
  if (args.some((a) => ts.isSpreadElement(a))) {
    b.refuse(call, 'spread-call', 'a spread argument to a lowered async function', 'pass the arguments one by one');
  }
  const ce = skipOuter(call.expression);
  let receiver: Code | null = null;
  if (sig.isMethod) {
    if (!ts.isPropertyAccessExpression(ce)) {
      b.refuse(call, 'method-call', 'an async method called without a receiver', 'call it as obj.method(...)');
      return none(b, mode);
    }
    receiver = expr(b, ce.expression);
    if (args.some((a) => b.facts.containsAwait(a))) receiver = spill(b, receiver, 'ref');
  }
  const texts = perParam(b, callee, exprList(b, args));
  const method = ts.isPropertyAccessExpression(ce) ? ce.name.text : '';
  // On the host a stored future is pushed: its frame must survive other awaits, and a handle keeps it.
  if (recursive || mode === 'stored' && b.form.handles) {
    b.addItem({ kind: 'push', callee }, mode);
    const spelled = receiver === null ? rewrite(b, call.expression) : null;
    return opens(b, { kind: 'callee', decl: callee, sig, fn: null, spelled, receiver, method, args: texts, pushed: true, mode, result: resultOf(b, { kind: 'fn', decl: callee, call }), group: b.group, holder: null });
  }
  const fn = b.facts.lowerFunction(callee);
  for (const d of fn.diagnostics) if (d.file !== b.sf.fileName) b.diags.push(d);
  b.addItem({ kind: 'embed', callee }, mode);
  const result = resultOf(b, { kind: 'fn', decl: callee, call });
  if (b.form.directCalls && mode === 'await' && fn.device!.now !== null) {
    const direct: DirectCall = { callee, fn, self: receiver, dyn: null, args: texts, awaited: true };
    b.opened.push(direct);
    return direct;
  }
  const spelled = receiver === null ? rewrite(b, call.expression) : null;
  return opens(b, { kind: 'callee', decl: callee, sig, fn, spelled, receiver, method, args: texts, pushed: false, mode, result, group: b.group, holder: null });
}

function openPrimitive(b: FunctionBuilder, prim: Primitive, call: TS.CallExpression, mode: Mode): FutureNode | DirectCall {
  for (const f of prim.pushes) b.addItem({ kind: 'prim', frame: f }, mode);
  if (prim.futureArgs !== 'none') return openCombinator(b, prim, call, mode);
  if (prim.dyn !== undefined) return openDyn(b, prim, call, mode);
  if (prim.name === 'fromPromise' && !b.form.promises) {
    b.refuse(call, 'device-promise', 'fromPromise in a device build: device bundles carry no Promise', 'wait for the event with a frugal primitive (a signal set from the callback)');
    return none(b, mode);
  }
  const args = exprList(b, Array.from(call.arguments));
  const result = resultOf(b, { kind: 'prim', prim, call });
  const inPlace = prim.name === 'yieldNow' && mode === 'await' && b.form.yieldInPlace;
  const node: FutureNode = { kind: 'primitive', prim, args, inPlace, mode, result, group: b.group, holder: null };
  return inPlace ? node : opens(b, node);
}

/**
 * join, select and timeout: the futures passed are opened first, in order (each in its own line,
 * after its arguments); with handles, each is held in a local of poll, or in a frame variable when
 * a later argument's await comes between.
 */
function openCombinator(b: FunctionBuilder, prim: Primitive, call: TS.CallExpression, mode: Mode): FutureNode {
  const args = Array.from(call.arguments);
  const childMode: Mode = mode === 'stored' ? 'stored' : 'passed';
  const children: FutureNode[] = [];
  let ms: Code | null = null;
  for (let i = 0; i < args.length; i++) {
    const later = args.slice(i + 1).some((x) => b.facts.containsAwait(x));
    if (prim.futureArgs === 'second' && i === 0) {
      ms = expr(b, args[0]);
      if (later) ms = spill(b, ms, 'num');
      continue;
    }
    const fx = classifyFuture(b, args[i]);
    if (fx === null) {
      refuseAwait(b, args[i]);
      children.push(none(b, childMode));
      continue;
    }
    const child = open(b, fx, childMode) as FutureNode;
    if (b.form.handles) child.holder = later ? { v: b.temp('handle') } : { local: b.internal(b.names.holder(i)) };
    b.emitLine({ op: 'open', node: child });
    children.push(child);
  }
  return opens(b, { kind: 'combinator', prim, ms, children, mode, result: resultOf(b, { kind: 'prim', prim, call }), group: b.group, holder: null });
}

function openDyn(b: FunctionBuilder, prim: Primitive, call: TS.CallExpression, mode: Mode): FutureNode | DirectCall {
  const args = exprList(b, Array.from(call.arguments));
  b.usesDyn = true;
  const target = dynTarget(b, prim, call);
  if (target === null) return none(b, mode);
  const pos = b.sf.getLineAndCharacterOfPosition(call.getStart(b.sf));
  b.addItem({ kind: 'dyn', iface: target.iface, method: target.method, escaping: mode !== 'await', line: pos.line + 1, column: pos.character + 1 }, mode === 'stored' ? 'stored' : 'await');
  const result = resultOf(b, { kind: 'prim', prim, call });
  if (b.form.directCalls && mode === 'await' && directDyn(target.plan)) {
    // The one implementation never suspends: it needs no frame, so its adapter has nothing to place.
    const impl = target.plan.impls[0];
    const fn = b.facts.lowerFunction(impl);
    if (fn.device!.now !== null) {
      const direct: DirectCall = { callee: impl, fn, self: null, dyn: args[0], args: perParam(b, impl, args.slice(target.argStart)), awaited: true };
      b.opened.push(direct);
      return direct;
    }
  }
  let argKinds = '';
  for (let i = target.argStart; i < call.arguments.length; i++) argKinds += b.typeKind(call.arguments[i]) === 'num' ? 'n' : 'r';
  return opens(b, { kind: 'dyn', prim, target, args, argKinds, mode, result, group: b.group, holder: null });
}
