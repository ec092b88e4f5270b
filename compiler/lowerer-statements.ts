// Statements: one with an await at which the function can suspend (or a label, or a loop that
// returns through a finally) becomes states and jumps; any other is copied verbatim. Here are
// the loops, switch, labelled blocks, try/catch/finally with their regions and completion codes,
// and declarations and assignments that take an await's result.

import ts from 'typescript';
import { containsLabel, containsReturn, endsFlow, isFunctionLike, isLoop, skipOuter } from './ast.ts';
import { DONE_MARK, type JumpRecord, type Result, type TryCtx, type VarKind } from './lowerer-scopes.ts';
import { LowererAwaits } from './lowerer-awaits.ts';

export abstract class LowererStatements extends LowererAwaits {
  protected setupSpecialVars(): void {
    const decl = this.decl;
    const hasTry = ((): boolean => {
      let found = false;
      const visit = (n: ts.Node): void => {
        if (found || isFunctionLike(n)) return;
        if (ts.isTryStatement(n) && this.suspends(n)) found = true;
        else n.forEachChild(visit);
      };
      decl.body!.forEachChild(visit);
      return found;
    })();
    if (hasTry) {
      this.hasTry = true;
      this.completion = this.newVar('$comp', 'num', -1);
      this.completion.forceFrame = true;
      this.err = this.newVar('$err', 'ref', -1);
      this.err.forceFrame = true;
      const r = this.sig.result;
      const kinds: VarKind[] = r.kind === 'num' ? ['num'] : r.kind === 'ref' ? ['ref'] : r.kind === 'tuple' ? new Array<VarKind>(r.n).fill('num') : [];
      this.retVars = kinds.map((k) => {
        const v = this.newVar('$ret', k, -1);
        v.forceFrame = true;
        return v;
      });
    }
  }

  /**
   * Whether `n` has an await at which the function can suspend: the statement then becomes
   * states; one without is emitted as it is written (an await in it that cannot suspend is a call).
   */
  protected suspends(n: ts.Node): boolean {
    return this.lowering.containsAwait(n);
  }

  protected needsLowering(s: ts.Node): boolean {
    if (this.suspends(s) || containsLabel(s)) return true;
    if (this.finStack.length > 0 && (isLoop(s) || ts.isSwitchStatement(s)) && containsReturn(s)) return true;
    return false;
  }

  protected stmt(s: ts.Statement): void {
    if (ts.isVariableStatement(s)) { this.varStatement(s.declarationList); return; }
    if (ts.isReturnStatement(s)) { this.returnStmt(s); return; }
    if (ts.isBreakStatement(s) || ts.isContinueStatement(s)) { this.emit(this.jumpStmt(s)); this.cur = null; return; }
    if (!this.needsLowering(s)) { this.verbatim(s); return; }
    if (ts.isBlock(s)) { for (const st of s.statements) this.stmt(st); return; }
    if (ts.isExpressionStatement(s)) { this.exprStatement(s.expression); return; }
    if (ts.isIfStatement(s)) { this.ifStmt(s); return; }
    if (isLoop(s)) { this.loop(s, []); return; }
    if (ts.isLabeledStatement(s)) { this.labeled(s, []); return; }
    if (ts.isTryStatement(s)) { this.tryStmt(s); return; }
    if (ts.isSwitchStatement(s)) { this.switchStmt(s, []); return; }
    if (ts.isThrowStatement(s)) { this.end('throw ' + this.expr(s.expression) + ';'); return; }
    this.refuse(s, 'await-position', 'await inside a ' + ts.SyntaxKind[s.kind], 'move the await into its own statement');
  }

  protected verbatim(s: ts.Statement): void {
    const t = this.rewrite(s);
    this.emit(t);
    if (endsFlow(s)) this.cur = null;
  }

  protected varStatement(list: ts.VariableDeclarationList): void {
    for (const d of list.declarations) this.declaration(d);
  }

  protected declaration(d: ts.VariableDeclaration): void {
    const init = d.initializer;
    if (ts.isIdentifier(d.name)) {
      const v = this.varOf(d.name);
      if (v === undefined) return;
      if (init === undefined) {
        if (v.kind !== 'num') this.emit(this.varRef(v) + ' = void 0;');
        return;
      }
      if (v.kind === 'handle') {
        this.storeFuture(v, this.classifyFuture(init)!);
        return;
      }
      const inner = skipOuter(init);
      if (ts.isAwaitExpression(inner)) {
        const res = this.awaitExpr(inner.expression, inner);
        this.assignResult(this.varRef(v), res, inner);
        return;
      }
      this.emit(this.varRef(v) + ' = ' + this.expr(init) + ';');
      return;
    }
    // A pattern
    if (init === undefined) return;
    const inner = skipOuter(init);
    if (ts.isArrayBindingPattern(d.name) && ts.isAwaitExpression(inner)) {
      const res = this.awaitExpr(inner.expression, inner);
      this.destructureResult(d.name.elements.map((e) => (ts.isOmittedExpression(e) ? null : e.name)), res, inner);
      return;
    }
    const target = this.patternTarget(d.name);
    const value = this.expr(init);
    this.emit((ts.isObjectBindingPattern(d.name) ? '(' : '') + target + ' = ' + value + (ts.isObjectBindingPattern(d.name) ? ');' : ';'));
  }

  protected assignResult(target: string, res: Result, at: ts.Node): void {
    if (res.kind === 'one') this.emit(target + ' = ' + res.text + ';');
    else if (res.kind === 'tuple') this.refuse(at, 'tuple-result', 'the result of this await is a tuple in registers', 'destructure it: const [a, b] = await ...');
    else this.emit(target + ' = void 0;');
  }

  protected destructureResult(targets: (ts.BindingName | ts.Expression | null)[], res: Result, at: ts.Node): void {
    if (res.kind !== 'tuple') {
      const v = res.kind === 'one' ? res.text : 'void 0';
      const t = this.internal('$x');
      this.emit(t + ' = ' + v + ';');
      targets.forEach((tg, i) => {
        if (tg !== null) this.emit(this.targetText(tg) + ' = ' + t + '[' + i + '];');
      });
      return;
    }
    if (targets.length > res.texts.length) {
      this.refuse(at, 'tuple-result', 'destructures ' + targets.length + ' values from a result of ' + res.texts.length, 'destructure at most ' + res.texts.length);
      return;
    }
    // Read every register before assigning anything: a target's setter must not see them change.
    targets.forEach((tg, i) => {
      if (tg !== null) this.emit(this.targetText(tg) + ' = ' + res.texts[i] + ';');
    });
  }

  protected exprStatement(e: ts.Expression): void {
    const inner = skipOuter(e);
    if (ts.isAwaitExpression(inner)) {
      this.awaitExpr(inner.expression, inner);
      return;
    }
    if (ts.isBinaryExpression(inner) && inner.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
      const right = skipOuter(inner.right);
      if (ts.isAwaitExpression(right) && !this.lowering.containsAwait(inner.left)) {
        const res = this.awaitExpr(right.expression, right);
        if (ts.isArrayLiteralExpression(inner.left)) {
          this.destructureResult(inner.left.elements.map((x) => (ts.isOmittedExpression(x) ? null : x)), res, right);
        } else {
          this.assignResult(this.targetText(inner.left), res, right);
        }
        return;
      }
    }
    this.emit(this.expr(e) + ';');
  }

  protected returnStmt(s: ts.ReturnStatement): void {
    const r = this.sig.result;
    const e = s.expression;
    if (e === undefined) {
      this.end(this.returnText(r.kind === 'tuple' ? new Array<string>(r.n).fill('0') : []));
      return;
    }
    const inner = skipOuter(e);
    if (r.kind === 'tuple') {
      if (ts.isArrayLiteralExpression(inner)) {
        this.end(this.returnText(this.exprList(Array.from(inner.elements))));
        return;
      }
      if (ts.isAwaitExpression(inner)) {
        const res = this.awaitExpr(inner.expression, inner);
        if (res.kind === 'tuple') {
          this.end(this.returnText(res.texts.slice(0, r.n)));
          return;
        }
      }
      this.refuse(e, 'tuple-return', 'a tuple result must be returned as an array literal (it travels in ex.rn, not as an array)', 'return [a, b]');
      this.cur = null;
      return;
    }
    if (r.kind === 'void') {
      if (this.lowering.containsAwait(e)) this.exprStatement(e);
      else this.emit(this.rewrite(e) + ';');
      this.end(this.returnText([]));
      return;
    }
    this.end(this.returnText([this.expr(e)]));
  }

  protected ifStmt(s: ts.IfStatement): void {
    const cond = this.expr(s.expression);
    const after = this.newState();
    const elseS = s.elseStatement !== undefined ? this.newState() : after;
    this.emit('if (!(' + cond + ')) { $w[$b] = ' + elseS + '; continue; }');
    this.stmt(s.thenStatement);
    this.goto(after);
    if (s.elseStatement !== undefined) {
      this.place(elseS);
      this.stmt(s.elseStatement);
      this.goto(after);
    }
    this.place(after);
  }

  protected labeled(s: ts.LabeledStatement, labels: string[]): void {
    const all = labels.concat([s.label.text]);
    const body = s.statement;
    if (isLoop(body)) { this.loop(body, all); return; }
    if (ts.isLabeledStatement(body)) { this.labeled(body, all); return; }
    if (ts.isSwitchStatement(body)) { this.switchStmt(body, all); return; }
    const exit = this.newState();
    this.records.push({ node: s, labels: all, breakState: exit, continueState: -1, finDepth: this.finStack.length });
    this.stmt(body);
    this.records.pop();
    this.goto(exit);
    this.place(exit);
  }

  protected loop(s: ts.IterationStatement, labels: string[]): void {
    if (ts.isForOfStatement(s) && s.awaitModifier !== undefined) {
      this.refuse(s, 'for-await', '`for await` (async iteration allocates a Promise per step)', 'loop with `const [v, done] = await next(it)` over a dyn AsyncIterator');
      return;
    }
    if (ts.isForInStatement(s)) {
      this.refuse(s, 'for-in-await', '`for...in` around an await', 'iterate an array of keys with for...of');
      return;
    }
    const head = this.newState();
    const cont = ts.isWhileStatement(s) ? head : this.newState();
    const exit = this.newState();
    const rec: JumpRecord = { node: s, labels: labels, breakState: exit, continueState: cont, finDepth: this.finStack.length };
    if (ts.isWhileStatement(s)) {
      this.place(head);
      this.emit('if (!(' + this.expr(s.expression) + ')) { $w[$b] = ' + exit + '; continue; }');
      this.body(s.statement, rec);
      this.goto(head);
    } else if (ts.isDoStatement(s)) {
      this.place(head);
      this.body(s.statement, rec);
      this.place(cont);
      this.emit('if (' + this.expr(s.expression) + ') { $w[$b] = ' + head + '; continue; }');
      this.goto(exit);
    } else if (ts.isForStatement(s)) {
      const init = s.initializer;
      if (init !== undefined) {
        if (ts.isVariableDeclarationList(init)) this.varStatement(init);
        else this.exprStatement(init);
      }
      this.place(head);
      if (s.condition !== undefined) this.emit('if (!(' + this.expr(s.condition) + ')) { $w[$b] = ' + exit + '; continue; }');
      this.body(s.statement, rec);
      this.place(cont);
      if (s.incrementor !== undefined) this.exprStatement(s.incrementor);
      this.goto(head);
    } else if (ts.isForOfStatement(s)) {
      const t = this.checker.getTypeAtLocation(s.expression);
      const isArrayLike = this.checker.isArrayType(t) || this.checker.isTupleType(t) || (t.flags & ts.TypeFlags.StringLike) !== 0 ||
        /^(Int8|Uint8|Uint8Clamped|Int16|Uint16|Int32|Uint32|Float32|Float64)Array/.test(this.checker.typeToString(t));
      if (!isArrayLike) {
        this.refuse(s.expression, 'for-of-iterable', '`for...of` around an await over a non-array (' + this.checker.typeToString(t) + ')', 'iterate an array, a typed array or a string, or index it with a for loop');
      }
      const arr = this.temp('ref');
      const idx = this.temp('num');
      this.emit(this.varRef(arr) + ' = ' + this.expr(s.expression) + ';');
      this.emit(this.varRef(idx) + ' = 0;');
      this.place(head);
      this.emit('if (!(' + this.varRef(idx) + ' < ' + this.varRef(arr) + '.length)) { $w[$b] = ' + exit + '; continue; }');
      const item = this.varRef(arr) + '[' + this.varRef(idx) + ']';
      const init = s.initializer;
      if (ts.isVariableDeclarationList(init)) {
        const d = init.declarations[0];
        this.emit(this.targetText(d.name) + ' = ' + item + ';');
      } else {
        this.emit(this.targetText(init) + ' = ' + item + ';');
      }
      this.body(s.statement, rec);
      this.place(cont);
      this.emit(this.varRef(idx) + '++;');
      this.goto(head);
    }
    this.place(exit);
  }

  protected body(s: ts.Statement, rec: JumpRecord): void {
    this.records.push(rec);
    this.stmt(s);
    this.records.pop();
  }

  protected switchStmt(s: ts.SwitchStatement, labels: string[]): void {
    const d = this.temp(this.typeKind(s.expression));
    this.emit(this.varRef(d) + ' = ' + this.expr(s.expression) + ';');
    const exit = this.newState();
    const clauseStates = s.caseBlock.clauses.map(() => this.newState());
    let dispatch = '';
    let defaultState = exit;
    s.caseBlock.clauses.forEach((cl, i) => {
      if (ts.isDefaultClause(cl)) { defaultState = clauseStates[i]; return; }
      if (this.lowering.containsAwait(cl.expression)) {
        this.refuse(cl.expression, 'await-position', 'await in a case label', 'await before the switch and compare the result');
      }
      dispatch += 'if (' + this.varRef(d) + ' === (' + this.rewrite(cl.expression) + ')) { $w[$b] = ' + clauseStates[i] + '; continue; } ';
    });
    this.end(dispatch + '$w[$b] = ' + defaultState + '; continue;');
    this.records.push({ node: s, labels: labels, breakState: exit, continueState: -1, finDepth: this.finStack.length });
    s.caseBlock.clauses.forEach((cl, i) => {
      this.place(clauseStates[i]);
      for (const st of cl.statements) this.stmt(st);
    });
    this.records.pop();
    this.goto(exit);
    this.place(exit);
  }

  protected tryStmt(s: ts.TryStatement): void {
    const katch = s.catchClause;
    let fin = s.finallyBlock;
    if (fin !== undefined && this.lowering.containsAwait(fin)) {
      this.refuse(fin, 'await-in-finally', 'await inside a finally block (a cancelled task runs its finally blocks synchronously, in drop)', 'move the awaiting cleanup after the try, or make it synchronous');
      fin = undefined;
    } else if (fin !== undefined && containsLabel(fin)) {
      this.refuse(fin, 'finally-label', 'a label inside a finally block', 'use a flag variable');
      fin = undefined;
    }
    const outer = this.region;
    const after = this.newState();
    const finState = fin !== undefined ? this.newState() : -1;
    const catchState = katch !== undefined ? this.newState() : -1;
    const ctx: TryCtx | null = fin !== undefined ? { finState: finState, jumps: new Map(), returns: false } : null;
    const innerChain = fin !== undefined ? [fin as ts.Block].concat(outer.finChain) : outer.finChain;
    if (ctx !== null) this.finStack.push(ctx);

    this.region = this.newRegion(katch !== undefined ? { kind: 'catch', state: catchState } : { kind: 'finally', state: finState }, innerChain);
    this.place(this.newState());
    this.stmt(s.tryBlock);
    if (ctx !== null) {
      this.emit(this.varRef(this.completion!) + ' = 0;');
      this.goto(finState);
    } else {
      this.goto(after);
    }

    if (katch !== undefined) {
      this.region = fin !== undefined ? this.newRegion({ kind: 'finally', state: finState }, innerChain) : this.newRegion(outer.handler, outer.finChain);
      // The catch state was made before the region existed; it must belong to the catch region.
      this.states[catchState] = { id: catchState, region: this.region.id, code: [], gotoEnd: -1 };
      this.place(catchState);
      const vd = katch.variableDeclaration;
      if (vd !== undefined) {
        this.emit(this.targetText(vd.name) + ' = ' + this.varRef(this.err!) + ';');
      }
      this.emit(this.varRef(this.err!) + ' = void 0;');
      this.stmt(katch.block);
      if (ctx !== null) {
        this.emit(this.varRef(this.completion!) + ' = 0;');
        this.goto(finState);
      } else {
        this.goto(after);
      }
    }
    if (ctx !== null) this.finStack.pop();
    this.region = outer;

    if (fin !== undefined && ctx !== null) {
      this.place(finState);
      this.finallyDepth++;
      for (const st of fin.statements) this.emit(this.rewrite(st));
      this.finallyDepth--;
      const cvar = this.internal('$c');
      const xvar = this.internal('$x');
      this.emit(cvar + ' = ' + this.varRef(this.completion!) + '; ' + this.varRef(this.completion!) + ' = 0;');
      this.emit('if (' + cvar + ' === 1) { ' + xvar + ' = ' + this.varRef(this.err!) + '; ' + this.varRef(this.err!) + ' = void 0; throw ' + xvar + '; }');
      if (ctx.returns) {
        const outerFin = this.finStack.length > 0 ? this.finStack[this.finStack.length - 1] : null;
        if (outerFin !== null) {
          outerFin.returns = true;
          this.emit('if (' + cvar + ' === 2) { ' + this.varRef(this.completion!) + ' = 2; $w[$b] = ' + outerFin.finState + '; continue; }');
        } else {
          const vals = this.retVars.map((v) => this.varRef(v));
          this.emit('if (' + cvar + ' === 2) { ' + this.resultRegisters(vals).join(' ') + ' $w[$b] = ' + DONE_MARK + '; return 1; }');
        }
      }
      ctx.jumps.forEach((nextFin, target) => {
        if (nextFin >= 0) this.emit('if (' + cvar + ' === ' + (3 + target) + ') { ' + this.varRef(this.completion!) + ' = ' + (3 + target) + '; $w[$b] = ' + nextFin + '; continue; }');
        else this.emit('if (' + cvar + ' === ' + (3 + target) + ') { $w[$b] = ' + target + '; continue; }');
      });
      this.goto(after);
    }
    this.place(after);
  }
}
