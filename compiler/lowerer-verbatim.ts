// Await-free code is emitted as it is written, with a few rewrites: locals become their
// placeholders, `this` the method's self, task-api.ts calls and constants their lowered forms, and
// return/break/continue jumps through the state machine. Closures and finally blocks are copied
// this way too; what a lowered function cannot contain there is refused here.

import ts from 'typescript';
import { hasModifier, isFunctionLike, isLoop, skipOuter } from './ast.ts';
import { RUNTIME_CONSTANTS, type Primitive } from './primitives.ts';
import { LowererScopes, NS, RESERVED } from './lowerer-scopes.ts';

export abstract class LowererVerbatim extends LowererScopes {
  // Where the rewrite is: inside a closure (its locals are not the function's), and how many
  // loops and switches of the copied text an unlabelled break or continue stays inside.
  protected fnDepth = 0;
  protected loopDepth = 0;
  protected breakDepth = 0;

  protected patternTarget(name: ts.BindingName): string {
    if (ts.isIdentifier(name)) {
      const v = this.varOf(name);
      return v === undefined ? name.text : this.varRef(v);
    }
    if (ts.isArrayBindingPattern(name)) {
      return '[' + name.elements.map((e) => {
        if (ts.isOmittedExpression(e)) return '';
        const t = (e.dotDotDotToken !== undefined ? '...' : '') + this.patternTarget(e.name);
        return e.initializer !== undefined ? t + ' = ' + this.rewrite(e.initializer) : t;
      }).join(', ') + ']';
    }
    return '{ ' + name.elements.map((e) => {
      const prop = e.propertyName !== undefined ? this.rewrite(e.propertyName) : (e.name as ts.Identifier).text;
      const t = this.patternTarget(e.name);
      const withInit = e.initializer !== undefined ? t + ' = ' + this.rewrite(e.initializer) : t;
      return e.dotDotDotToken !== undefined ? '...' + t : prop + ': ' + withInit;
    }).join(', ') + ' }';
  }

  protected targetText(t: ts.BindingName | ts.Expression): string {
    if (ts.isIdentifier(t)) {
      const v = this.varOf(t);
      return v === undefined ? this.rewrite(t) : this.varRef(v);
    }
    if (ts.isObjectBindingPattern(t) || ts.isArrayBindingPattern(t)) return this.patternTarget(t);
    return this.rewrite(t);
  }

  /** Source text of an await-free node with locals, runtime calls, this and jumps rewritten. */
  protected rewrite(node: ts.Node): string {
    const fn = isFunctionLike(node);
    const loop = isLoop(node);
    const sw = ts.isSwitchStatement(node);
    const saveLoop = this.loopDepth;
    const saveBreak = this.breakDepth;
    if (fn) {
      this.fnDepth++;
      this.loopDepth = 0;
      this.breakDepth = 0;
    }
    if (loop) { this.loopDepth++; this.breakDepth++; }
    if (sw) this.breakDepth++;
    try {
      return this.rewriteNode(node);
    } finally {
      if (fn) this.fnDepth--;
      this.loopDepth = saveLoop;
      this.breakDepth = saveBreak;
    }
  }

  protected rewriteNode(node: ts.Node): string {
    const special = this.rewriteSpecial(node);
    if (special !== undefined) return special;
    let out = '';
    let pos = node.getStart(this.sf);
    node.forEachChild((child) => {
      const start = child.getStart(this.sf);
      if (start < pos) return; // JSDoc and other nodes outside the text run
      out += this.text.slice(pos, start) + this.rewrite(child);
      pos = child.end;
    });
    out += this.text.slice(pos, node.end);
    return out;
  }

  protected rewriteChild(_parent: ts.Node, child: ts.Node): string {
    return this.rewrite(child);
  }

  protected rewriteSpecial(node: ts.Node): string | undefined {
    if (node.kind === ts.SyntaxKind.ThisKeyword) {
      if (this.fnDepth > 0 && !this.arrowOnlyPath(node)) return undefined;
      if (this.self === null) {
        this.refuse(node, 'this', '`this` in a lowered async function that is not a method', 'pass the object as a parameter');
        return 'this';
      }
      if (this.fnDepth > 0) this.closureRefs.push({ v: this.self, node: node });
      return this.varRef(this.self);
    }
    if (ts.isTypeNode(node) && !ts.isExpressionWithTypeArguments(node)) return this.text.slice(node.getStart(this.sf), node.end);
    if (ts.isIdentifier(node)) return this.rewriteIdentifier(node);
    if (ts.isShorthandPropertyAssignment(node)) {
      const sym = this.checker.getShorthandAssignmentValueSymbol(node);
      const v = sym !== undefined ? this.symVar.get(sym) : undefined;
      if (v !== undefined) {
        if (this.fnDepth > 0) this.closureRefs.push({ v: v, node: node });
        return node.name.text + ': ' + this.varRef(v);
      }
      const rt = this.lowering.runtimeExport(node.name);
      if (rt !== undefined) return node.name.text + ': ' + this.rewriteIdentifier(node.name);
      return undefined;
    }
    if (this.fnDepth === 0) {
      if (ts.isReturnStatement(node)) return this.rewriteReturn(node);
      if ((ts.isBreakStatement(node) || ts.isContinueStatement(node))) {
        const isBreak = ts.isBreakStatement(node);
        if (node.label === undefined && (isBreak ? this.breakDepth > 0 : this.loopDepth > 0)) return undefined;
        return this.jumpStmt(node);
      }
      if (ts.isVariableStatement(node)) {
        const t = this.rewriteDeclList(node.declarationList, false);
        return t === '' ? ';' : t + ';';
      }
      if (ts.isVariableDeclarationList(node)) {
        const inForOf = ts.isForOfStatement(node.parent) || ts.isForInStatement(node.parent);
        return this.rewriteDeclList(node, inForOf);
      }
      if (ts.isFunctionDeclaration(node) || ts.isClassDeclaration(node)) {
        this.refuse(node, 'nested-function', 'a ' + (ts.isClassDeclaration(node) ? 'class' : 'function') + ' declaration inside a lowered async function', 'declare it at module level');
        return '';
      }
    }
    if ((ts.isFunctionExpression(node) || ts.isArrowFunction(node) || ts.isMethodDeclaration(node)) && hasModifier(node, ts.SyntaxKind.AsyncKeyword)) {
      this.refuse(node, 'async-closure', 'an async function expression inside task code', 'declare it as a module-level async function and call it with await');
      return 'void 0';
    }
    if ((ts.isFunctionExpression(node) || ts.isFunctionDeclaration(node)) && node.asteriskToken !== undefined) {
      this.refuse(node, 'generator', 'a generator function (Espruino has none)', 'write an AsyncIterator implementation: a class with `async next()`');
      return 'void 0';
    }
    if (ts.isCallExpression(node)) return this.rewriteCall(node);
    if (ts.isLabeledStatement(node)) {
      this.refuse(node, 'label', 'a label inside a closure or finally block of a lowered async function (Espruino reads labels as variables)', 'use a flag variable');
      return undefined;
    }
    return undefined;
  }

  /** `this` inside arrows only (no function in between) still means the method's self. */
  protected arrowOnlyPath(node: ts.Node): boolean {
    for (let p = node.parent; p !== undefined && p !== this.decl; p = p.parent) {
      if (isFunctionLike(p) && !ts.isArrowFunction(p)) return false;
    }
    return true;
  }

  protected rewriteIdentifier(id: ts.Identifier): string {
    const parent = id.parent;
    if (parent !== undefined && ((ts.isPropertyAccessExpression(parent) && parent.name === id) || (ts.isPropertyAssignment(parent) && parent.name === id) ||
      (ts.isMethodDeclaration(parent) && parent.name === id) || ts.isLabeledStatement(parent) || ts.isBreakOrContinueStatement(parent) ||
      (ts.isPropertyDeclaration(parent) && parent.name === id) || (ts.isBindingElement(parent) && parent.propertyName === id))) {
      return id.text;
    }
    if (id.text === 'arguments' && (this.fnDepth === 0 || this.arrowOnlyPath(id))) {
      this.refuse(id, 'arguments', '`arguments` in a lowered async function (parameters travel in registers, there is no arguments object)', 'name the parameters');
      return id.text;
    }
    const sym = this.checker.getSymbolAtLocation(id);
    const v = sym !== undefined ? this.symVar.get(sym) : undefined;
    if (v !== undefined) {
      if (this.fnDepth > 0) this.closureRefs.push({ v: v, node: id });
      return this.varRef(v);
    }
    const rt = this.lowering.runtimeExport(id);
    if (rt !== undefined) {
      if (RUNTIME_CONSTANTS.indexOf(rt) >= 0) return this.runtimeConstant(rt);
      if (!(ts.isCallExpression(parent) && parent.expression === id)) {
        this.refuse(id, 'runtime-value', '`' + id.text + '` used as a value (the lowering replaces calls to it, not references)', 'call it directly');
      }
      return id.text;
    }
    if (RESERVED.indexOf(id.text) >= 0 && sym !== undefined && this.fnDepth === 0) {
      this.refuse(id, 'reserved-name', '`' + id.text + '` from an outer scope is hidden by the lowering, which binds this name', 'rename it');
    }
    return id.text;
  }

  protected rewriteCall(call: ts.CallExpression): string | undefined {
    const target = this.lowering.resolveCall(call);
    if (target === null) return undefined;
    if (target.kind === 'fn' || target.prim.kind === 'future') {
      this.refuse(call, 'future-not-awaited', 'a future that is neither awaited, stored in a const, nor passed to select/join/timeout', 'await it');
      return 'void 0';
    }
    return this.syncPrimCall(target.prim, call.arguments.map((a) => this.rewriteChild(call, a)));
  }

  /** A call of a synchronous task-api.ts function (now, setSignal, trySend) with its argument texts. */
  protected syncPrimCall(prim: Primitive, args: string[]): string {
    return NS + '.' + prim.name + '(' + ['ex'].concat(args).join(', ') + ')';
  }

  /** A task-api.ts constant (EDGE_RISING...) as the lowered code names it. */
  protected runtimeConstant(name: string): string {
    return NS + '.' + name;
  }

  protected rewriteReturn(s: ts.ReturnStatement): string {
    if (this.finallyDepth > 0) {
      this.refuse(s, 'finally-jump', 'return inside a finally block', 'return after the try statement');
    }
    const r = this.sig.result;
    const e = s.expression;
    if (e === undefined) return this.returnText(r.kind === 'tuple' ? new Array<string>(r.n).fill('0') : []);
    const inner = skipOuter(e);
    if (r.kind === 'tuple') {
      if (!ts.isArrayLiteralExpression(inner)) {
        this.refuse(e, 'tuple-return', 'a tuple result must be returned as an array literal (it travels in ex.rn, not as an array)', 'return [a, b]');
        return ';';
      }
      return this.returnText(inner.elements.map((x) => this.rewriteChild(s, x)));
    }
    if (r.kind === 'void') return '{ ' + this.rewriteChild(s, e) + '; ' + this.returnText([]) + ' }';
    return this.returnText([this.rewriteChild(s, e)]);
  }

  protected rewriteDeclList(list: ts.VariableDeclarationList, targetOnly: boolean): string {
    const parts: string[] = [];
    for (const d of list.declarations) {
      if (targetOnly) return this.targetText(d.name);
      if (d.initializer === undefined) {
        if (ts.isIdentifier(d.name)) {
          const v = this.varOf(d.name);
          if (v !== undefined && v.kind !== 'num') parts.push(this.varRef(v) + ' = void 0');
        }
        continue;
      }
      const init = this.rewriteChild(d, d.initializer);
      if (ts.isObjectBindingPattern(d.name)) parts.push('(' + this.patternTarget(d.name) + ' = ' + init + ')');
      else parts.push(this.targetText(d.name) + ' = ' + init);
    }
    return parts.join(', ');
  }
}
