// Expressions that contain an await: evaluated left to right across states, each value computed
// before an await that follows it spilled to a temporary (which the layout may put in the frame),
// and &&, ||, ?? and ?: branching between states. An await-free expression is copied verbatim.

import ts from 'typescript';
import { ASSIGN_OPS, skipOuter } from './ast.ts';
import type { Result, VarKind } from './lowerer-scopes.ts';
import { LowererVerbatim } from './lowerer-verbatim.ts';

export abstract class LowererExpressions extends LowererVerbatim {
  /** Opens and awaits the future `operand` (lowerer-awaits.ts); the code after it is in a new state. */
  protected abstract awaitExpr(operand: ts.Expression, node: ts.Node): Result;

  protected spill(text: string, kind: VarKind): string {
    if (/^(-?[0-9.]+|'[^']*'|"[^"]*"|true|false|null|void 0)$/.test(text)) return text;
    const t = this.temp(kind);
    this.emit(this.varRef(t) + ' = ' + text + ';');
    return this.varRef(t);
  }

  protected exprList(es: ts.Expression[]): string[] {
    const out: string[] = [];
    for (let i = 0; i < es.length; i++) {
      let t = this.expr(es[i]);
      const later = es.slice(i + 1).some((x) => this.lowering.containsAwait(x));
      if (later) t = this.spill(t, this.typeKind(es[i]));
      out.push(t);
    }
    return out;
  }

  protected expr(e: ts.Expression): string {
    if (!this.lowering.containsAwait(e)) return this.rewrite(e);
    if (ts.isParenthesizedExpression(e)) return '(' + this.expr(e.expression) + ')';
    if (ts.isAsExpression(e) || ts.isNonNullExpression(e) || ts.isTypeAssertionExpression(e) || ts.isSatisfiesExpression(e)) return this.expr(e.expression);
    if (ts.isAwaitExpression(e)) {
      const res = this.awaitExpr(e.expression, e);
      if (res.kind === 'tuple') {
        this.refuse(e, 'tuple-result', 'the result of this await is a tuple in registers', 'destructure it: const [a, b] = await ...');
        return 'void 0';
      }
      if (res.kind === 'void') return 'void 0';
      return this.spill(res.text, this.typeKind(e));
    }
    if (ts.isBinaryExpression(e)) return this.binary(e);
    if (ts.isCallExpression(e) || ts.isNewExpression(e)) {
      if (ts.isCallExpression(e)) {
        const target = this.lowering.resolveCall(e);
        if (target !== null && (target.kind === 'fn' || target.prim.kind === 'future')) {
          this.refuse(e, 'future-not-awaited', 'a future that is neither awaited, stored in a const, nor passed to select/join/timeout', 'await it');
          return 'void 0';
        }
        if (target !== null && target.kind === 'prim') return this.syncPrimCall(target.prim, this.exprList(Array.from(e.arguments)));
      }
      const args = Array.from(e.arguments ?? []);
      const argsAwait = args.some((a) => this.lowering.containsAwait(a));
      let callee: string;
      const ce = e.expression;
      if (ts.isPropertyAccessExpression(ce) && ts.isCallExpression(e)) {
        let obj = this.expr(ce.expression);
        if (argsAwait) obj = this.spill(obj, 'ref');
        callee = obj + '.' + ce.name.text;
      } else {
        callee = this.expr(ce);
        if (argsAwait) callee = this.spill(callee, 'ref');
      }
      const list = this.exprList(args);
      return (ts.isNewExpression(e) ? 'new ' : '') + callee + '(' + list.join(', ') + ')';
    }
    if (ts.isPropertyAccessExpression(e)) return this.expr(e.expression) + '.' + e.name.text;
    if (ts.isElementAccessExpression(e)) {
      let obj = this.expr(e.expression);
      if (this.lowering.containsAwait(e.argumentExpression)) obj = this.spill(obj, 'ref');
      return obj + '[' + this.expr(e.argumentExpression) + ']';
    }
    if (ts.isConditionalExpression(e)) {
      const t = this.temp(this.typeKind(e));
      const cond = this.expr(e.condition);
      const elseS = this.newState();
      const after = this.newState();
      this.emit('if (!(' + cond + ')) { $w[$b] = ' + elseS + '; continue; }');
      this.emit(this.varRef(t) + ' = ' + this.expr(e.whenTrue) + ';');
      this.goto(after);
      this.place(elseS);
      this.emit(this.varRef(t) + ' = ' + this.expr(e.whenFalse) + ';');
      this.goto(after);
      this.place(after);
      return this.varRef(t);
    }
    if (ts.isPrefixUnaryExpression(e)) {
      if (e.operator === ts.SyntaxKind.PlusPlusToken || e.operator === ts.SyntaxKind.MinusMinusToken) {
        this.refuse(e, 'await-position', 'await inside ++/--', 'await into a const first');
        return 'void 0';
      }
      return ts.tokenToString(e.operator) + '(' + this.expr(e.operand) + ')';
    }
    if (ts.isTypeOfExpression(e)) return 'typeof (' + this.expr(e.expression) + ')';
    if (ts.isVoidExpression(e)) return 'void (' + this.expr(e.expression) + ')';
    if (ts.isArrayLiteralExpression(e)) {
      if (e.elements.some((x) => ts.isSpreadElement(x))) {
        this.refuse(e, 'await-position', 'await inside an array literal with spread', 'await into a const first');
      }
      return '[' + this.exprList(Array.from(e.elements)).join(', ') + ']';
    }
    if (ts.isObjectLiteralExpression(e)) {
      const props = e.properties;
      const values: ts.Expression[] = [];
      for (const p of props) {
        if (ts.isPropertyAssignment(p)) values.push(p.initializer);
        else if (this.lowering.containsAwait(p)) this.refuse(p, 'await-position', 'await inside this object literal member', 'await into a const first');
      }
      const texts = this.exprList(values);
      let k = 0;
      return '{ ' + props.map((p) => (ts.isPropertyAssignment(p) ? this.rewrite(p.name) + ': ' + texts[k++] : this.rewrite(p))).join(', ') + ' }';
    }
    if (ts.isTemplateExpression(e)) {
      const texts = this.exprList(e.templateSpans.map((s) => s.expression));
      let out = JSON.stringify(e.head.text);
      e.templateSpans.forEach((s, i) => { out += ' + (' + texts[i] + ') + ' + JSON.stringify(s.literal.text); });
      return '(' + out + ')';
    }
    this.refuse(e, 'await-position', 'await inside a ' + ts.SyntaxKind[e.kind], 'move the await into its own statement: const x = await ...');
    return 'void 0';
  }

  protected binary(e: ts.BinaryExpression): string {
    const op = e.operatorToken.kind;
    const opText = ts.tokenToString(op)!;
    if (op === ts.SyntaxKind.AmpersandAmpersandToken || op === ts.SyntaxKind.BarBarToken || op === ts.SyntaxKind.QuestionQuestionToken) {
      const t = this.temp(this.typeKind(e));
      this.emit(this.varRef(t) + ' = ' + this.expr(e.left) + ';');
      const after = this.newState();
      const skip = op === ts.SyntaxKind.AmpersandAmpersandToken ? '!(' + this.varRef(t) + ')' : op === ts.SyntaxKind.BarBarToken ? this.varRef(t) : this.varRef(t) + ' != null';
      this.emit('if (' + skip + ') { $w[$b] = ' + after + '; continue; }');
      this.emit(this.varRef(t) + ' = ' + this.expr(e.right) + ';');
      this.goto(after);
      this.place(after);
      return this.varRef(t);
    }
    if (op === ts.SyntaxKind.CommaToken) {
      this.emit(this.expr(e.left) + ';');
      return this.expr(e.right);
    }
    if (op === ts.SyntaxKind.EqualsToken || ASSIGN_OPS[op] !== undefined) {
      const left = skipOuter(e.left);
      let target: string;
      if (ts.isIdentifier(left)) {
        target = this.targetText(left);
      } else if (ts.isPropertyAccessExpression(left)) {
        target = this.spill(this.expr(left.expression), 'ref') + '.' + left.name.text;
      } else if (ts.isElementAccessExpression(left)) {
        const obj = this.spill(this.expr(left.expression), 'ref');
        target = obj + '[' + this.spill(this.expr(left.argumentExpression), this.typeKind(left.argumentExpression)) + ']';
      } else {
        this.refuse(e, 'await-position', 'await on the right of a destructuring assignment that is not a tuple', 'await into a const first');
        return 'void 0';
      }
      if (op === ts.SyntaxKind.EqualsToken) return '(' + target + ' = ' + this.expr(e.right) + ')';
      const before = this.spill(target, this.typeKind(left));
      return '(' + target + ' = ' + before + ' ' + ASSIGN_OPS[op] + ' ' + this.expr(e.right) + ')';
    }
    let l = this.expr(e.left);
    if (this.lowering.containsAwait(e.right)) l = this.spill(l, this.typeKind(e.left));
    return '(' + l + ' ' + opText + ' ' + this.expr(e.right) + ')';
  }
}
