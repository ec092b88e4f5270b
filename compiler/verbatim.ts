// Code run as written: await-free source copied with a few rewrites. Locals become variable holes,
// `this` the method's self, task-api.ts calls and constants their lowered forms, return, break
// and continue jumps through the state machine; on a form with direct calls an await of a callee
// that never suspends becomes its direct call, and on a form whose HAL is the board's own calls a
// HAL call becomes a board hole. Closures and finally blocks are copied this way too; what a
// lowered function cannot contain there is refused here.

import ts from './typescript.ts';
import type * as TS from 'typescript';
import { hasModifier, isFunctionLike, isLoop, skipOuter } from './ast.ts';
import { halMethodOf, halRefusal } from './device-hal-calls.ts';
import type { FunctionBuilder } from './function-builder.ts';
import { code, joinCode, type Code, type DirectCall } from './function-ir.ts';
import { classifyFuture, directCallee, resultOf } from './futures.ts';
import { RUNTIME_CONSTANTS } from './primitives.ts';

/**
 * Code for an await-free node, with locals, runtime calls, this and jumps rewritten.
 * - The node is in the body of the function `b` describes (or in a finally block of it copied to its drop).
 */
export function rewrite(b: FunctionBuilder, node: TS.Node): Code {
  const fn = isFunctionLike(node);
  const loop = isLoop(node);
  const sw = ts.isSwitchStatement(node);
  const saveLoop = b.loopDepth;
  const saveBreak = b.breakDepth;
  if (fn) {
    b.fnDepth++;
    b.loopDepth = 0;
    b.breakDepth = 0;
  }
  if (loop) { b.loopDepth++; b.breakDepth++; }
  if (sw) b.breakDepth++;
  try {
    return rewriteSpecial(b, node) ?? rewriteChildren(b, node);
  } finally {
    if (fn) b.fnDepth--;
    b.loopDepth = saveLoop;
    b.breakDepth = saveBreak;
  }
}

function rewriteChildren(b: FunctionBuilder, node: TS.Node): Code {
  const out: (string | Code)[] = [];
  let pos = node.getStart(b.sf);
  node.forEachChild((child) => {
    const start = child.getStart(b.sf);
    if (start < pos) return; // JSDoc and other nodes outside the text run
    out.push(b.text.slice(pos, start), rewrite(b, child));
    pos = child.end;
  });
  out.push(b.text.slice(pos, node.end));
  return code(...out);
}

/**
 * The target of an assignment or binding, written as a target: an identifier's variable, a
 * pattern, or any other expression as written.
 * - `write` false only where the target is not followed by the assigned value (a for-of head).
 */
export function targetText(b: FunctionBuilder, t: TS.BindingName | TS.Expression, write = true): Code {
  if (ts.isIdentifier(t)) {
    const v = b.varOf(t);
    return v === undefined ? rewrite(b, t) : write ? b.write(v) : b.read(v);
  }
  if (ts.isObjectBindingPattern(t) || ts.isArrayBindingPattern(t)) return patternTarget(b, t, false);
  return rewrite(b, t);
}

/**
 * A binding pattern as an assignment pattern of variables.
 * - `initialized`: a default value follows the pattern (an identifier is then written).
 */
export function patternTarget(b: FunctionBuilder, name: TS.BindingName, initialized: boolean): Code {
  if (ts.isIdentifier(name)) {
    const v = b.varOf(name);
    return v === undefined ? [name.text] : initialized ? b.write(v) : b.read(v);
  }
  if (ts.isArrayBindingPattern(name)) {
    return code('[', joinCode(name.elements.map((e) => {
      if (ts.isOmittedExpression(e)) return [];
      const t = code(e.dotDotDotToken !== undefined ? '...' : '', patternTarget(b, e.name, e.initializer !== undefined));
      return e.initializer !== undefined ? code(t, ' = ', rewrite(b, e.initializer)) : t;
    }), ', '), ']');
  }
  return code('{ ', joinCode(name.elements.map((e) => {
    const prop = e.propertyName !== undefined ? rewrite(b, e.propertyName) : [(e.name as TS.Identifier).text];
    const t = patternTarget(b, e.name, e.initializer !== undefined && e.dotDotDotToken === undefined);
    const withInit = e.initializer !== undefined ? code(t, ' = ', rewrite(b, e.initializer)) : t;
    return e.dotDotDotToken !== undefined ? code('...', t) : code(prop, ': ', withInit);
  }), ', '), ' }');
}

function rewriteSpecial(b: FunctionBuilder, node: TS.Node): Code | undefined {
  if (b.form.directCalls && b.fnDepth === 0) {
    const direct = rewriteDirect(b, node);
    if (direct !== undefined) return direct;
  }
  if (node.kind === ts.SyntaxKind.ThisKeyword) {
    if (b.fnDepth > 0 && !arrowOnlyPath(b, node)) return undefined;
    if (b.self === null) {
      b.refuse(node, 'this', '`this` in a lowered async function that is not a method', 'pass the object as a parameter');
      return ['this'];
    }
    if (b.fnDepth > 0) b.closureRefs.push({ v: b.self, node });
    return b.read(b.self);
  }
  if (ts.isTypeNode(node) && !ts.isExpressionWithTypeArguments(node)) return [b.text.slice(node.getStart(b.sf), node.end)];
  if (ts.isIdentifier(node)) return rewriteIdentifier(b, node);
  if (ts.isShorthandPropertyAssignment(node)) {
    const sym = b.checker.getShorthandAssignmentValueSymbol(node);
    const v = sym !== undefined ? b.symVar.get(sym) : undefined;
    if (v !== undefined) {
      if (b.fnDepth > 0) b.closureRefs.push({ v, node });
      return code(node.name.text + ': ', b.read(v));
    }
    const rt = b.facts.runtimeExport(node.name);
    if (rt !== undefined) return code(node.name.text + ': ', rewriteIdentifier(b, node.name));
    return undefined;
  }
  if (b.fnDepth === 0) {
    if (ts.isReturnStatement(node)) return rewriteReturn(b, node);
    if ((ts.isBreakStatement(node) || ts.isContinueStatement(node))) {
      const isBreak = ts.isBreakStatement(node);
      if (node.label === undefined && (isBreak ? b.breakDepth > 0 : b.loopDepth > 0)) return undefined;
      return b.jumpStmt(node);
    }
    if (ts.isVariableStatement(node)) {
      const t = rewriteDeclList(b, node.declarationList, false);
      return t.length === 0 ? [';'] : code(t, ';');
    }
    if (ts.isVariableDeclarationList(node)) {
      const inForOf = ts.isForOfStatement(node.parent) || ts.isForInStatement(node.parent);
      return rewriteDeclList(b, node, inForOf);
    }
    if (ts.isFunctionDeclaration(node) || ts.isClassDeclaration(node)) {
      b.refuse(node, 'nested-function', 'a ' + (ts.isClassDeclaration(node) ? 'class' : 'function') + ' declaration inside a lowered async function', 'declare it at module level');
      return [];
    }
  }
  if ((ts.isFunctionExpression(node) || ts.isArrowFunction(node) || ts.isMethodDeclaration(node)) && hasModifier(node, ts.SyntaxKind.AsyncKeyword)) {
    b.refuse(node, 'async-closure', 'an async function expression inside task code', 'declare it as a module-level async function and call it with await');
    return ['void 0'];
  }
  if ((ts.isFunctionExpression(node) || ts.isFunctionDeclaration(node)) && node.asteriskToken !== undefined) {
    b.refuse(node, 'generator', 'a generator function (Espruino has none)', 'write an AsyncIterator implementation: a class with `async next()`');
    return ['void 0'];
  }
  if (ts.isCallExpression(node)) return rewriteCall(b, node);
  if (ts.isLabeledStatement(node)) {
    b.refuse(node, 'label', 'a label inside a closure or finally block of a lowered async function (Espruino reads labels as variables)', 'use a flag variable');
    return undefined;
  }
  return undefined;
}

/** `this` inside arrows only (no function in between) still means the method's self. */
function arrowOnlyPath(b: FunctionBuilder, node: TS.Node): boolean {
  for (let p = node.parent; p !== undefined && p !== b.decl; p = p.parent) {
    if (isFunctionLike(p) && !ts.isArrowFunction(p)) return false;
  }
  return true;
}

const ASSIGNING = new Set([
  ts.SyntaxKind.EqualsToken, ts.SyntaxKind.PlusEqualsToken, ts.SyntaxKind.MinusEqualsToken, ts.SyntaxKind.AsteriskEqualsToken,
  ts.SyntaxKind.SlashEqualsToken, ts.SyntaxKind.PercentEqualsToken, ts.SyntaxKind.AmpersandEqualsToken, ts.SyntaxKind.BarEqualsToken,
  ts.SyntaxKind.CaretEqualsToken, ts.SyntaxKind.LessThanLessThanEqualsToken, ts.SyntaxKind.GreaterThanGreaterThanEqualsToken,
  ts.SyntaxKind.GreaterThanGreaterThanGreaterThanEqualsToken, ts.SyntaxKind.AsteriskAsteriskEqualsToken,
]);

/**
 * Whether an identifier is what an assignment operator or ++/-- written right next to it writes
 * (only blanks between: the device saves what a hot loop writes, and finds it by this).
 */
function isWritten(b: FunctionBuilder, id: TS.Identifier): boolean {
  const p = id.parent;
  const blank = (from: number, to: number): boolean => /^\s*$/.test(b.text.slice(from, to));
  if (ts.isBinaryExpression(p)) return p.left === id && ASSIGNING.has(p.operatorToken.kind) && blank(id.end, p.operatorToken.getStart(b.sf));
  const step = (op: TS.SyntaxKind): boolean => op === ts.SyntaxKind.PlusPlusToken || op === ts.SyntaxKind.MinusMinusToken;
  if (ts.isPostfixUnaryExpression(p)) return p.operand === id && step(p.operator) && blank(id.end, p.end - 2);
  if (ts.isPrefixUnaryExpression(p)) return p.operand === id && step(p.operator) && blank(p.getStart(b.sf) + 2, id.getStart(b.sf));
  return false;
}

function rewriteIdentifier(b: FunctionBuilder, id: TS.Identifier): Code {
  const parent = id.parent;
  if (parent !== undefined && ((ts.isPropertyAccessExpression(parent) && parent.name === id) || (ts.isPropertyAssignment(parent) && parent.name === id) ||
    (ts.isMethodDeclaration(parent) && parent.name === id) || ts.isLabeledStatement(parent) || ts.isBreakOrContinueStatement(parent) ||
    (ts.isPropertyDeclaration(parent) && parent.name === id) || (ts.isBindingElement(parent) && parent.propertyName === id))) {
    return [id.text];
  }
  if (id.text === 'arguments' && (b.fnDepth === 0 || arrowOnlyPath(b, id))) {
    b.refuse(id, 'arguments', '`arguments` in a lowered async function (parameters travel in registers, there is no arguments object)', 'name the parameters');
    return [id.text];
  }
  const sym = b.checker.getSymbolAtLocation(id);
  const v = sym !== undefined ? b.symVar.get(sym) : undefined;
  if (v !== undefined) {
    if (b.fnDepth > 0) b.closureRefs.push({ v, node: id });
    return isWritten(b, id) ? b.write(v) : b.read(v);
  }
  const rt = b.facts.runtimeExport(id);
  if (rt !== undefined) {
    if (RUNTIME_CONSTANTS.indexOf(rt) >= 0) return [b.file.runtime + '.' + rt];
    if (!(ts.isCallExpression(parent) && parent.expression === id)) {
      b.refuse(id, 'runtime-value', '`' + id.text + '` used as a value (the lowering replaces calls to it, not references)', 'call it directly');
    }
    return [id.text];
  }
  return [id.text];
}

function rewriteCall(b: FunctionBuilder, call: TS.CallExpression): Code | undefined {
  if (b.form.boardCalls) {
    const method = halMethodOf(b.checker, call);
    if (method !== null) {
      const args = call.arguments.map((a) => rewrite(b, a));
      const refusal = halRefusal(method);
      if (refusal !== null) b.refuse(call, 'device-hal', refusal, 'call it in setup, which runs at build time');
      return [{ kind: 'board', method, args }];
    }
  }
  const target = b.facts.resolveCall(call);
  if (target === null) return undefined;
  if (target.kind === 'fn' || target.prim.kind === 'future') {
    b.refuse(call, 'future-not-awaited', 'a future that is neither awaited, stored in a const, nor passed to select/join/timeout', 'await it');
    return ['void 0'];
  }
  return [{ kind: 'sync', prim: target.prim, args: call.arguments.map((a) => rewrite(b, a)) }];
}

function rewriteReturn(b: FunctionBuilder, s: TS.ReturnStatement): Code {
  if (b.finallyDepth > 0) {
    b.refuse(s, 'finally-jump', 'return inside a finally block', 'return after the try statement');
  }
  const r = b.sig.result;
  const e = s.expression;
  if (e === undefined) return b.returnText(r.kind === 'tuple' ? new Array<Code>(r.n).fill(['0']) : []);
  const inner = skipOuter(e);
  if (r.kind === 'tuple') {
    if (!ts.isArrayLiteralExpression(inner)) {
      b.refuse(e, 'tuple-return', 'a tuple result must be returned as an array literal (it travels in ex.rn, not as an array)', 'return [a, b]');
      return [';'];
    }
    return b.returnText(inner.elements.map((x) => rewrite(b, x)));
  }
  if (r.kind === 'void') return code('{ ', rewrite(b, e), '; ', b.returnText([]), ' }');
  return b.returnText([rewrite(b, e)]);
}

/**
 * A declaration list as assignments of its variables.
 * - `targetOnly`: the list is the head of a for-of or for-in, which names its target only.
 * - The list is in the body of the function `b` describes.
 */
function rewriteDeclList(b: FunctionBuilder, list: TS.VariableDeclarationList, targetOnly: boolean): Code {
  const d0 = list.declarations[0];
  if (b.form.directCalls && !targetOnly && list.declarations.length === 1 && ts.isArrayBindingPattern(d0.name) && d0.initializer !== undefined) {
    const inner = skipOuter(d0.initializer);
    if (ts.isAwaitExpression(inner) && directCallee(b, inner.expression) !== null) {
      return directDestructure(b, d0.name.elements.map((e) => (ts.isOmittedExpression(e) ? null : targetText(b, e.name))), inner);
    }
  }
  const parts: Code[] = [];
  for (const d of list.declarations) {
    if (targetOnly) return targetText(b, d.name, false);
    if (d.initializer === undefined) {
      if (ts.isIdentifier(d.name)) {
        const v = b.varOf(d.name);
        if (v !== undefined && v.kind !== 'num') parts.push(code(b.write(v), ' = void 0'));
      }
      continue;
    }
    const init = rewrite(b, d.initializer);
    if (ts.isObjectBindingPattern(d.name)) parts.push(code('(', patternTarget(b, d.name, false), ' = ', init, ')'));
    else parts.push(code(targetText(b, d.name), ' = ', init));
  }
  return joinCode(parts, ', ');
}

// ---- direct calls in code run as written (forms with direct calls) ---------------------------

/** An await of a callee that never suspends, in code run as written: its direct call. */
function rewriteDirect(b: FunctionBuilder, node: TS.Node): Code | undefined {
  if (ts.isAwaitExpression(node)) {
    const call = directCallCode(b, node.expression);
    if (call !== null) return call;
  }
  if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isArrayLiteralExpression(node.left)) {
    const right = skipOuter(node.right);
    if (ts.isAwaitExpression(right) && directCallee(b, right.expression) !== null) {
      return code('(', directDestructure(b, node.left.elements.map((e) => (ts.isIdentifier(e) ? targetText(b, e) : null)), right), ')');
    }
  }
  if (ts.isReturnStatement(node) && node.expression !== undefined && b.sig.result.kind === 'tuple' && b.finallyDepth === 0) {
    const inner = skipOuter(node.expression);
    if (ts.isAwaitExpression(inner) && directCallee(b, inner.expression) !== null) {
      const res = resultOf(b, classifyFuture(b, inner.expression)!);
      const v = b.internal(b.names.value);
      const rest = res.kind === 'tuple' ? res.values.slice(1) : [];
      return code('{ ' + v + ' = ', directCallCode(b, inner.expression)!, '; ', b.returnText([[v] as Code].concat(rest)), ' }');
    }
  }
  return undefined;
}

/** `targets = the tuple result of a direct call`, as an expression: the first from the call, the rest from the registers. */
function directDestructure(b: FunctionBuilder, targets: (Code | null)[], a: TS.AwaitExpression): Code {
  const res = resultOf(b, classifyFuture(b, a.expression)!);
  const values = res.kind === 'tuple' ? res.values : [];
  const call = directCallCode(b, a.expression)!;
  const parts: Code[] = [code(targets[0] !== null && targets[0] !== undefined ? targets[0] : b.internal(b.names.value), ' = ', call)];
  for (let i = 1; i < targets.length && i < values.length; i++) {
    const t = targets[i];
    if (t !== null) parts.push(code(t, ' = ', values[i]));
  }
  return joinCode(parts, ', ');
}

/** The direct call an await of `operand` is, in code run as written (its arguments cannot suspend), or null. */
function directCallCode(b: FunctionBuilder, operand: TS.Expression): Code | null {
  const callee = directCallee(b, operand);
  if (callee === null) return null;
  const call = skipOuter(operand) as TS.CallExpression;
  const args = Array.from(call.arguments).map((a) => rewrite(b, a));
  let direct: DirectCall;
  if (callee.dyn) {
    direct = { callee: callee.decl, fn: callee.fn, self: null, dyn: args[0], args: perParam(b, callee.decl, args.slice(1)), awaited: false };
  } else {
    const ce = skipOuter(call.expression);
    const self = b.facts.signature(callee.decl).isMethod ? rewrite(b, (ce as TS.PropertyAccessExpression).expression) : null;
    direct = { callee: callee.decl, fn: callee.fn, self, dyn: null, args: perParam(b, callee.decl, args), awaited: false };
  }
  b.opened.push(direct);
  return [{ kind: 'direct', call: direct }];
}

/**
 * A callee's arguments as it receives them: one past its parameters is not passed (its code was
 * evaluated where it was written).
 * - `args` are the call's arguments, in order.
 */
export function perParam(b: FunctionBuilder, callee: TS.FunctionDeclaration | TS.MethodDeclaration, args: readonly Code[]): Code[] {
  return args.slice(0, b.facts.signature(callee).params.length);
}
