// Statements: one with an await at which the function can suspend (or a label, or a loop that
// returns through a finally) becomes states and jumps; any other is code run as written. Here are
// the loops, switch, labelled blocks, try/catch/finally with their regions and completion codes,
// and declarations and assignments that take an await's result.

import ts from './typescript.ts';
import type * as TS from 'typescript';
import { READY } from '../contract/poll-result.ts';
import { containsLabel, containsReturn, endsFlow, isFunctionLike, isLoop, skipOuter } from './ast.ts';
import { awaitExpr, expr, exprList, storeFuture } from './expressions.ts';
import type { FunctionBuilder, JumpRecord, TryCtx } from './function-builder.ts';
import { code, type Code, type Result, type VarKind } from './function-ir.ts';
import { classifyFuture, suspends } from './futures.ts';
import { patternTarget, rewrite, targetText } from './verbatim.ts';

/**
 * A function with a try statement that suspends gets the completion, error and held-return
 * variables, in the frame: a finally block runs in states of its own.
 * - Runs before the declarations are collected (the variables' ids come first).
 */
export function setupSpecialVars(b: FunctionBuilder): void {
  let found = false;
  const visit = (n: TS.Node): void => {
    if (found || isFunctionLike(n)) return;
    if (ts.isTryStatement(n) && suspends(b, n)) found = true;
    else n.forEachChild(visit);
  };
  b.decl.body!.forEachChild(visit);
  if (!found) return;
  b.hasTry = true;
  b.completion = b.newVar('$comp', 'num', -1);
  b.completion.forceFrame = true;
  b.err = b.newVar('$err', 'ref', -1);
  b.err.forceFrame = true;
  const r = b.sig.result;
  const kinds: VarKind[] = r.kind === 'num' ? ['num'] : r.kind === 'ref' ? ['ref'] : r.kind === 'tuple' ? new Array<VarKind>(r.n).fill('num') : [];
  b.retVars = kinds.map((k) => {
    const v = b.newVar('$ret', k, -1);
    v.forceFrame = true;
    return v;
  });
}

function needsLowering(b: FunctionBuilder, s: TS.Node): boolean {
  if (suspends(b, s) || containsLabel(s)) return true;
  return b.finStack.length > 0 && (isLoop(s) || ts.isSwitchStatement(s)) && containsReturn(s);
}

/**
 * Describes statement `s` into the current state, and the states it needs.
 * - `s` is in the body of the function `b` describes.
 */
export function stmt(b: FunctionBuilder, s: TS.Statement): void {
  if (ts.isVariableStatement(s)) { for (const d of s.declarationList.declarations) declaration(b, d); return; }
  if (ts.isReturnStatement(s)) { returnStmt(b, s); return; }
  if (ts.isBreakStatement(s) || ts.isContinueStatement(s)) { b.emit(b.jumpStmt(s)); b.cur = null; return; }
  if (!needsLowering(b, s)) {
    b.emit(rewrite(b, s));
    if (endsFlow(s)) b.cur = null;
    return;
  }
  if (ts.isBlock(s)) { for (const st of s.statements) stmt(b, st); return; }
  if (ts.isExpressionStatement(s)) { exprStatement(b, s.expression); return; }
  if (ts.isIfStatement(s)) { ifStmt(b, s); return; }
  if (isLoop(s)) { loop(b, s, []); return; }
  if (ts.isLabeledStatement(s)) { labeled(b, s, []); return; }
  if (ts.isTryStatement(s)) { tryStmt(b, s); return; }
  if (ts.isSwitchStatement(s)) { switchStmt(b, s, []); return; }
  if (ts.isThrowStatement(s)) { b.end('throw ', expr(b, s.expression), ';'); return; }
  b.refuse(s, 'await-position', 'await inside a ' + ts.SyntaxKind[s.kind], 'move the await into its own statement');
}

function declaration(b: FunctionBuilder, d: TS.VariableDeclaration): void {
  const init = d.initializer;
  if (ts.isIdentifier(d.name)) {
    const v = b.varOf(d.name);
    if (v === undefined) return;
    if (init === undefined) {
      if (v.kind !== 'num') b.emit(b.write(v), ' = void 0;');
      return;
    }
    if (v.kind === 'handle') {
      storeFuture(b, v, classifyFuture(b, init)!);
      return;
    }
    const inner = skipOuter(init);
    if (ts.isAwaitExpression(inner)) {
      assignResult(b, b.write(v), awaitExpr(b, inner.expression, inner), inner);
      return;
    }
    b.emit(b.write(v), ' = ', expr(b, init), ';');
    return;
  }
  if (init === undefined) return;
  const inner = skipOuter(init);
  if (ts.isArrayBindingPattern(d.name) && ts.isAwaitExpression(inner)) {
    const res = awaitExpr(b, inner.expression, inner);
    destructureResult(b, d.name.elements.map((e) => (ts.isOmittedExpression(e) ? null : e.name)), res, inner);
    return;
  }
  const object = ts.isObjectBindingPattern(d.name);
  const target = patternTarget(b, d.name, false);
  const value = expr(b, init);
  b.emit(object ? '(' : '', target, ' = ', value, object ? ');' : ';');
}

function assignResult(b: FunctionBuilder, target: Code, res: Result, at: TS.Node): void {
  if (res.kind === 'one') b.emit(target, ' = ', res.value, ';');
  else if (res.kind === 'tuple') b.refuse(at, 'tuple-result', 'the result of this await is a tuple in registers', 'destructure it: const [a, b] = await ...');
  else b.emit(target, ' = void 0;');
}

function destructureResult(b: FunctionBuilder, targets: (TS.BindingName | TS.Expression | null)[], res: Result, at: TS.Node): void {
  if (res.kind !== 'tuple') {
    const v = res.kind === 'one' ? res.value : ['void 0'];
    const t = b.internal(b.names.held);
    b.emit(t + ' = ', v, ';');
    targets.forEach((tg, i) => {
      if (tg !== null) b.emit(targetText(b, tg), ' = ' + t + '[' + i + '];');
    });
    return;
  }
  if (targets.length > res.values.length) {
    b.refuse(at, 'tuple-result', 'destructures ' + targets.length + ' values from a result of ' + res.values.length, 'destructure at most ' + res.values.length);
    return;
  }
  // Read every register before assigning anything: a target's setter must not see them change.
  targets.forEach((tg, i) => {
    if (tg !== null) b.emit(targetText(b, tg), ' = ', res.values[i], ';');
  });
}

function exprStatement(b: FunctionBuilder, e: TS.Expression): void {
  const inner = skipOuter(e);
  if (ts.isAwaitExpression(inner)) {
    awaitExpr(b, inner.expression, inner);
    return;
  }
  if (ts.isBinaryExpression(inner) && inner.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
    const right = skipOuter(inner.right);
    if (ts.isAwaitExpression(right) && !b.facts.containsAwait(inner.left)) {
      const res = awaitExpr(b, right.expression, right);
      if (ts.isArrayLiteralExpression(inner.left)) {
        destructureResult(b, inner.left.elements.map((x) => (ts.isOmittedExpression(x) ? null : x)), res, right);
      } else {
        assignResult(b, targetText(b, inner.left), res, right);
      }
      return;
    }
  }
  b.emit(expr(b, e), ';');
}

function returnStmt(b: FunctionBuilder, s: TS.ReturnStatement): void {
  const r = b.sig.result;
  const e = s.expression;
  if (e === undefined) {
    b.end(b.returnText(r.kind === 'tuple' ? new Array<Code>(r.n).fill(['0']) : []));
    return;
  }
  const inner = skipOuter(e);
  if (r.kind === 'tuple') {
    if (ts.isArrayLiteralExpression(inner)) {
      b.end(b.returnText(exprList(b, Array.from(inner.elements))));
      return;
    }
    if (ts.isAwaitExpression(inner)) {
      const res = awaitExpr(b, inner.expression, inner);
      if (res.kind === 'tuple') {
        b.end(b.returnText(res.values.slice(0, r.n)));
        return;
      }
    }
    b.refuse(e, 'tuple-return', 'a tuple result must be returned as an array literal (it travels in ex.rn, not as an array)', 'return [a, b]');
    b.cur = null;
    return;
  }
  if (r.kind === 'void') {
    if (b.facts.containsAwait(e)) exprStatement(b, e);
    else b.emit(rewrite(b, e), ';');
    b.end(b.returnText([]));
    return;
  }
  b.end(b.returnText([expr(b, e)]));
}

function ifStmt(b: FunctionBuilder, s: TS.IfStatement): void {
  const cond = expr(b, s.expression);
  const after = b.newState();
  const elseS = s.elseStatement !== undefined ? b.newState() : after;
  b.emit('if (!(', cond, ')) { ', b.jump(elseS), ' continue; }');
  stmt(b, s.thenStatement);
  b.goto(after);
  if (s.elseStatement !== undefined) {
    b.place(elseS);
    stmt(b, s.elseStatement);
    b.goto(after);
  }
  b.place(after);
}

function labeled(b: FunctionBuilder, s: TS.LabeledStatement, labels: string[]): void {
  const all = labels.concat([s.label.text]);
  const body = s.statement;
  if (isLoop(body)) { loop(b, body, all); return; }
  if (ts.isLabeledStatement(body)) { labeled(b, body, all); return; }
  if (ts.isSwitchStatement(body)) { switchStmt(b, body, all); return; }
  const exit = b.newState();
  b.records.push({ node: s, labels: all, breakState: exit, continueState: -1, finDepth: b.finStack.length });
  stmt(b, body);
  b.records.pop();
  b.goto(exit);
  b.place(exit);
}

function loop(b: FunctionBuilder, s: TS.IterationStatement, labels: string[]): void {
  if (ts.isForOfStatement(s) && s.awaitModifier !== undefined) {
    b.refuse(s, 'for-await', '`for await` (async iteration allocates a Promise per step)', 'loop with `const [v, done] = await next(it)` over a dyn AsyncIterator');
    return;
  }
  if (ts.isForInStatement(s)) {
    b.refuse(s, 'for-in-await', '`for...in` around an await', 'iterate an array of keys with for...of');
    return;
  }
  const head = b.newState();
  const cont = ts.isWhileStatement(s) ? head : b.newState();
  const exit = b.newState();
  const rec: JumpRecord = { node: s, labels, breakState: exit, continueState: cont, finDepth: b.finStack.length };
  // From the head on, everything runs once a round (a for's initializer and a for-of's array once).
  const loops = b.loops;
  if (ts.isWhileStatement(s)) {
    b.loops++;
    b.place(head);
    b.emit('if (!(', expr(b, s.expression), ')) { ', b.jump(exit), ' continue; }');
    body(b, s.statement, rec);
    b.goto(head);
  } else if (ts.isDoStatement(s)) {
    b.loops++;
    b.place(head);
    body(b, s.statement, rec);
    b.place(cont);
    b.emit('if (', expr(b, s.expression), ') { ', b.jump(head), ' continue; }');
    b.goto(exit);
  } else if (ts.isForStatement(s)) {
    const init = s.initializer;
    if (init !== undefined) {
      if (ts.isVariableDeclarationList(init)) for (const d of init.declarations) declaration(b, d);
      else exprStatement(b, init);
    }
    b.loops++;
    b.place(head);
    if (s.condition !== undefined) b.emit('if (!(', expr(b, s.condition), ')) { ', b.jump(exit), ' continue; }');
    body(b, s.statement, rec);
    b.place(cont);
    if (s.incrementor !== undefined) exprStatement(b, s.incrementor);
    b.goto(head);
  } else if (ts.isForOfStatement(s)) {
    forOf(b, s, rec, head, cont);
  }
  b.loops = loops;
  b.place(exit);
}

/** for-of over an array, a typed array or a string, by index: the array and the index are variables. */
function forOf(b: FunctionBuilder, s: TS.ForOfStatement, rec: JumpRecord, head: number, cont: number): void {
  const t = b.checker.getTypeAtLocation(s.expression);
  const isArrayLike = b.checker.isArrayType(t) || b.checker.isTupleType(t) || (t.flags & ts.TypeFlags.StringLike) !== 0 ||
    /^(Int8|Uint8|Uint8Clamped|Int16|Uint16|Int32|Uint32|Float32|Float64)Array/.test(b.checker.typeToString(t));
  if (!isArrayLike) {
    b.refuse(s.expression, 'for-of-iterable', '`for...of` around an await over a non-array (' + b.checker.typeToString(t) + ')', 'iterate an array, a typed array or a string, or index it with a for loop');
  }
  const arr = b.temp('ref');
  const idx = b.temp('num');
  b.emit(b.write(arr), ' = ', expr(b, s.expression), ';');
  b.emit(b.write(idx), ' = 0;');
  b.loops++;
  b.place(head);
  b.emit('if (!(', b.read(idx), ' < ', b.read(arr), '.length)) { ', b.jump(rec.breakState), ' continue; }');
  const item = code(b.read(arr), '[', b.read(idx), ']');
  const init = s.initializer;
  if (ts.isVariableDeclarationList(init)) b.emit(targetText(b, init.declarations[0].name), ' = ', item, ';');
  else b.emit(targetText(b, init), ' = ', item, ';');
  body(b, s.statement, rec);
  b.place(cont);
  b.emit(b.write(idx), '++;');
  b.goto(head);
}

function body(b: FunctionBuilder, s: TS.Statement, rec: JumpRecord): void {
  b.records.push(rec);
  stmt(b, s);
  b.records.pop();
}

function switchStmt(b: FunctionBuilder, s: TS.SwitchStatement, labels: string[]): void {
  const d = b.temp(b.typeKind(s.expression));
  b.emit(b.write(d), ' = ', expr(b, s.expression), ';');
  const exit = b.newState();
  const clauseStates = s.caseBlock.clauses.map(() => b.newState());
  const dispatch: Code[] = [];
  let defaultState = exit;
  s.caseBlock.clauses.forEach((cl, i) => {
    if (ts.isDefaultClause(cl)) { defaultState = clauseStates[i]; return; }
    if (b.facts.containsAwait(cl.expression)) {
      b.refuse(cl.expression, 'await-position', 'await in a case label', 'await before the switch and compare the result');
    }
    dispatch.push(code('if (', b.read(d), ' === (', rewrite(b, cl.expression), ')) { ', b.jump(clauseStates[i]), ' continue; } '));
  });
  b.end(...dispatch, b.jump(defaultState), ' continue;');
  b.records.push({ node: s, labels, breakState: exit, continueState: -1, finDepth: b.finStack.length });
  s.caseBlock.clauses.forEach((cl, i) => {
    b.place(clauseStates[i]);
    for (const st of cl.statements) stmt(b, st);
  });
  b.records.pop();
  b.goto(exit);
  b.place(exit);
}

function tryStmt(b: FunctionBuilder, s: TS.TryStatement): void {
  const katch = s.catchClause;
  let fin = s.finallyBlock;
  if (fin !== undefined && b.facts.containsAwait(fin)) {
    b.refuse(fin, 'await-in-finally', 'await inside a finally block (a cancelled task runs its finally blocks synchronously, in drop)', 'move the awaiting cleanup after the try, or make it synchronous');
    fin = undefined;
  } else if (fin !== undefined && containsLabel(fin)) {
    b.refuse(fin, 'finally-label', 'a label inside a finally block', 'use a flag variable');
    fin = undefined;
  }
  const outer = b.region;
  const after = b.newState();
  const finState = fin !== undefined ? b.newState() : -1;
  const catchState = katch !== undefined ? b.newState() : -1;
  const ctx: TryCtx | null = fin !== undefined ? { finState, jumps: new Map(), returns: false } : null;
  const innerChain = fin !== undefined ? [fin as TS.Block].concat(outer.finChain) : outer.finChain;
  if (ctx !== null) b.finStack.push(ctx);
  const comp = b.completion!;
  const err = b.err!;

  b.region = b.newRegion(katch !== undefined ? { kind: 'catch', state: catchState } : { kind: 'finally', state: finState }, innerChain);
  b.place(b.newState());
  stmt(b, s.tryBlock);
  if (ctx !== null) {
    b.emit(b.write(comp), ' = 0;');
    b.goto(finState);
  } else {
    b.goto(after);
  }

  if (katch !== undefined) {
    b.region = fin !== undefined ? b.newRegion({ kind: 'finally', state: finState }, innerChain) : b.newRegion(outer.handler, outer.finChain);
    // The catch state was made before the region existed; it must belong to the catch region.
    b.states[catchState] = { id: catchState, region: b.region.id, lines: [], gotoEnd: -1 };
    b.place(catchState);
    const vd = katch.variableDeclaration;
    if (vd !== undefined) b.emit(targetText(b, vd.name), ' = ', b.read(err), ';');
    b.emit(b.write(err), ' = void 0;');
    stmt(b, katch.block);
    if (ctx !== null) {
      b.emit(b.write(comp), ' = 0;');
      b.goto(finState);
    } else {
      b.goto(after);
    }
  }
  if (ctx !== null) b.finStack.pop();
  b.region = outer;

  if (fin !== undefined && ctx !== null) {
    b.place(finState);
    b.finallyDepth++;
    for (const st of fin.statements) b.emit(rewrite(b, st));
    b.finallyDepth--;
    const c = b.internal(b.names.completion);
    const x = b.internal(b.names.held);
    b.emit(c + ' = ', b.read(comp), '; ', b.write(comp), ' = 0;');
    b.emit('if (' + c + ' === 1) { ' + x + ' = ', b.read(err), '; ', b.write(err), ' = void 0; throw ' + x + '; }');
    if (ctx.returns) {
      const outerFin = b.finStack.length > 0 ? b.finStack[b.finStack.length - 1] : null;
      if (outerFin !== null) {
        outerFin.returns = true;
        b.emit('if (' + c + ' === 2) { ', b.write(comp), ' = 2; ', b.jump(outerFin.finState), ' continue; }');
      } else {
        const values = b.retVars.map((v) => b.read(v));
        b.emit('if (' + c + ' === 2) { ', [{ kind: 'registers', values }], ' ', [{ kind: 'complete' }], 'return ' + READY + '; }');
      }
    }
    ctx.jumps.forEach((nextFin, target) => {
      if (nextFin >= 0) b.emit('if (' + c + ' === ' + (3 + target) + ') { ', b.write(comp), ' = ' + (3 + target) + '; ', b.jump(nextFin), ' continue; }');
      else b.emit('if (' + c + ' === ' + (3 + target) + ') { ', b.jump(target), ' continue; }');
    });
    b.goto(after);
  }
  b.place(after);
}
