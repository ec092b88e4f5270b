// One async function or method lowered for the host: a vtable on the poll ABI of executor/
// (docs/abi.md). Shape (words [state, child, numeric slots..., embedded callees...], refs
// [reference slots..., embedded callees' refs...]):
//
//   export const f = __frugal.asyncFn('nr', 0, 'file.ts:12', { name, words, refs,
//     init(ex, $f, $w, $b, $r, $rb) { copy parameters from ex.an / ex.ar },
//     poll(ex, ...) { var locals; for (;;) { [try {] switch ($w[$b]) { case 0: ... } [} catch] } },
//     drop(ex, ...) { drop the live child and owned futures; run the finally blocks around the state } });
//
// The device lowerer (device-lowerer.ts) reuses the statement and expression lowering and emits
// its own frames, awaits and functions.

import ts from 'typescript';
import {
  ASSIGN_OPS, containsLabel, containsReturn, endsFlow, hasModifier, isFunctionLike, isLoop, lineOf, skipOuter, type AsyncDecl,
} from './ast.ts';
import { diagnosticAt, type LowerDiagnostic } from './diagnostics.ts';
import type { Lowering, LoweredFunction, Signature, Site, SiteItem, ValueKind } from './lowering.ts';
import { RUNTIME_CONSTANTS, type Primitive } from './primitives.ts';

export const NS = '__frugal';
export const NS_DYN = '__frugalDyn';
// Names the generated code binds; user code that needs one of them from an outer scope is refused.
export const RESERVED = ['ex', NS, NS_DYN];

export type VarKind = 'num' | 'ref' | 'handle';

export interface Var {
  readonly id: number;
  readonly name: string;
  readonly kind: VarKind;
  /** States whose code references it; -2 is the drop function. */
  readonly states: Set<number>;
  /** Register index for a parameter (ex.an / ex.ar), -1 otherwise. */
  readonly reg: number;
  forceFrame: boolean;
  /** Declared inside a finally block: a plain local of poll and drop alike. */
  inFinally: boolean;
  /** What awaiting a stored future yields. */
  result: Result;
  slot: number;
  jsName: string;
  /** Has no slot and reads as jsName (the device lowering's HAL parameters: the HAL is not a value on the device). */
  elided?: boolean;
}

export type Result = { kind: 'void' } | { kind: 'one'; text: string } | { kind: 'tuple'; texts: string[] };

export interface State {
  readonly id: number;
  readonly region: number;
  readonly code: string[];
  /** Unconditional jump at the end (fall through when it is the next case). */
  gotoEnd: number;
}

export interface Region {
  readonly id: number;
  /** Where an exception goes: a catch state, a finally state (completion = throw), or out. */
  readonly handler: { kind: 'catch'; state: number } | { kind: 'finally'; state: number } | { kind: 'none' };
  /** Finally blocks to run when the frame is dropped here, innermost first. */
  readonly finChain: readonly ts.Block[];
}

export interface TryCtx {
  readonly finState: number;
  readonly block: ts.Block;
  /** Jump targets passing through this finally -> next finally state on the way, or -1. */
  readonly jumps: Map<number, number>;
  returns: boolean;
}

export interface JumpRecord {
  readonly node: ts.Node;
  readonly labels: string[];
  readonly breakState: number;
  /** -1 for a switch or a labelled block. */
  readonly continueState: number;
  readonly finDepth: number;
}

export type FutureExpr =
  | { kind: 'prim'; prim: Primitive; call: ts.CallExpression }
  | { kind: 'fn'; decl: AsyncDecl; call: ts.CallExpression }
  | { kind: 'var'; v: Var };

export type Mode = 'await' | 'passed' | 'stored';

export const P_OPEN = '\u0001';
export const P_CLOSE = '\u0002';
export const DONE_MARK = '\u0007';

export class FunctionLowerer {
  protected readonly l: Lowering;
  protected readonly c: ts.TypeChecker;
  protected readonly decl: AsyncDecl;
  protected readonly sf: ts.SourceFile;
  protected readonly text: string;
  protected readonly sig: Signature;
  protected readonly diags: LowerDiagnostic[] = [];
  protected readonly vars: Var[] = [];
  protected readonly symVar = new Map<ts.Symbol, Var>();
  protected self: Var | null = null;
  protected readonly states: State[] = [];
  protected readonly order: State[] = [];
  protected cur: State | null = null;
  protected readonly regions: Region[] = [];
  protected region: Region;
  protected readonly records: JumpRecord[] = [];
  protected readonly finStack: TryCtx[] = [];
  protected readonly sites: Site[] = [];
  protected readonly persistent: SiteItem[] = [];
  protected site: Site | null = null;
  protected groupW = 0;
  protected groupR = 0;
  protected embedW = 0;
  protected embedR = 0;
  protected readonly closureRefs: { v: Var; node: ts.Node }[] = [];
  protected readonly internals = new Set<string>();
  protected hasTry = false;
  protected comp: Var | null = null;
  protected err: Var | null = null;
  protected retVars: Var[] = [];
  protected usesDyn = false;
  protected tmpCount = 0;
  // rewrite context
  protected fnDepth = 0;
  protected loopDepth = 0;
  protected breakDepth = 0;
  protected finallyDepth = 0;

  constructor(l: Lowering, decl: AsyncDecl) {
    this.l = l;
    this.c = l.checker;
    this.decl = decl;
    this.sf = decl.getSourceFile();
    this.text = this.sf.text;
    this.sig = l.signature(decl);
    this.region = this.newRegion({ kind: 'none' }, []);
  }

  get dynUsed(): boolean { return this.usesDyn; }

  // ---- diagnostics ---------------------------------------------------------------------------

  protected refuse(node: ts.Node, code: string, message: string, fix: string): void {
    this.diags.push(diagnosticAt(node, code, message, fix));
  }

  // ---- variables -----------------------------------------------------------------------------

  protected P(v: Var): string {
    return P_OPEN + v.id + P_CLOSE;
  }

  protected PI(v: Var): string {
    return P_OPEN + v.id + '#' + P_CLOSE;
  }

  protected newVar(name: string, kind: VarKind, reg: number): Var {
    const v: Var = {
      id: this.vars.length, name: name, kind: kind, states: new Set(), reg: reg, forceFrame: false, inFinally: false,
      result: { kind: 'void' }, slot: -1, jsName: '',
    };
    this.vars.push(v);
    return v;
  }

  protected temp(kind: VarKind): Var {
    return this.newVar('$t' + this.tmpCount++, kind, -1);
  }

  protected internal(name: string): string {
    this.internals.add(name);
    return name;
  }

  protected varOf(node: ts.Node): Var | undefined {
    const sym = this.c.getSymbolAtLocation(node);
    return sym === undefined ? undefined : this.symVar.get(sym);
  }

  protected typeKind(node: ts.Node): ValueKind {
    return this.l.kindOfType(this.c.getTypeAtLocation(node));
  }

  protected declareBinding(name: ts.BindingName, isVar: boolean, inFinally: boolean, future: FutureExpr | null): void {
    if (ts.isIdentifier(name)) {
      const sym = this.c.getSymbolAtLocation(name);
      if (sym === undefined) return;
      const kind: VarKind = future !== null ? 'handle' : this.typeKind(name);
      const v = this.newVar(name.text, kind, -1);
      if (isVar) v.forceFrame = true;
      v.inFinally = inFinally;
      this.symVar.set(sym, v);
      return;
    }
    for (const el of name.elements) {
      if (ts.isBindingElement(el)) this.declareBinding(el.name, isVar, inFinally, null);
    }
  }

  /** Registers every local of the body (nested functions excluded) before lowering it. */
  protected collectDeclarations(): void {
    const sig = this.sig;
    if (sig.isMethod) {
      this.self = this.newVar('this', 'ref', 0);
    }
    let nNum = 0;
    let nRef = sig.isMethod ? 1 : 0;
    this.decl.parameters.forEach((p, i) => {
      if (!ts.isIdentifier(p.name)) {
        this.refuse(p, 'param-pattern', 'a destructured parameter in a lowered async function', 'take the object as one parameter and destructure it in the body');
        return;
      }
      if (p.initializer !== undefined) {
        this.refuse(p, 'param-default', 'a default parameter value in a lowered async function (Espruino has none)', 'make the parameter optional and test `=== undefined` in the body');
      }
      if (p.dotDotDotToken !== undefined) {
        this.refuse(p, 'param-rest', 'a rest parameter in a lowered async function', 'pass an array');
      }
      const kind = sig.params[i].kind;
      const reg = kind === 'num' ? nNum++ : nRef++;
      const v = this.newVar(p.name.text, kind, reg);
      const sym = this.c.getSymbolAtLocation(p.name);
      if (sym !== undefined) this.symVar.set(sym, v);
    });
    if (nNum > 8) this.refuse(this.decl, 'too-many-params', 'more than 8 numeric parameters (ex.an has 8)', 'pass some of them in a typed array');
    if (nRef > 4) this.refuse(this.decl, 'too-many-params', 'more than ' + (sig.isMethod ? 3 : 4) + ' reference parameters (ex.ar has 4' + (sig.isMethod ? ', one is self' : '') + ')', 'pass some of them in one object');

    const visit = (n: ts.Node, inFinally: boolean): void => {
      if (ts.isFunctionDeclaration(n)) {
        this.refuse(n, 'nested-function', 'a function declaration inside a lowered async function (Espruino does not hoist it, ES5 forbids it in blocks)', 'declare it at module level, or use a const arrow function');
        return;
      }
      if (isFunctionLike(n)) return;
      if (ts.isVariableDeclarationList(n)) {
        const isVar = (n.flags & ts.NodeFlags.BlockScoped) === 0;
        for (const d of n.declarations) {
          const fut = d.initializer !== undefined ? this.classifyFuture(d.initializer) : null;
          const stored = fut !== null && fut.kind !== 'var' ? fut : null;
          this.declareBinding(d.name, isVar, inFinally, stored);
          if (stored !== null) {
            if ((n.flags & ts.NodeFlags.Const) === 0 || !ts.isIdentifier(d.name)) {
              this.refuse(d, 'future-let', 'a future stored in a `let`/`var` or a pattern', 'store it in a `const` and await it (or pass it to select/join) once');
            }
          }
        }
      }
      if (ts.isCatchClause(n) && n.variableDeclaration !== undefined) {
        this.declareBinding(n.variableDeclaration.name, false, inFinally, null);
        n.block.forEachChild((c) => visit(c, inFinally));
        return;
      }
      if (ts.isTryStatement(n)) {
        visit(n.tryBlock, inFinally);
        if (n.catchClause !== undefined) visit(n.catchClause, inFinally);
        if (n.finallyBlock !== undefined) visit(n.finallyBlock, inFinally || this.l.containsAwait(n));
        return;
      }
      n.forEachChild((c) => visit(c, inFinally));
    };
    this.decl.body!.forEachChild((c) => visit(c, false));
  }

  // ---- states --------------------------------------------------------------------------------

  protected newRegion(handler: Region['handler'], finChain: readonly ts.Block[]): Region {
    const r: Region = { id: this.regions.length, handler: handler, finChain: finChain };
    this.regions.push(r);
    return r;
  }

  protected newState(): number {
    const s: State = { id: this.states.length, region: this.region.id, code: [], gotoEnd: -1 };
    this.states.push(s);
    return s.id;
  }

  protected emit(line: string): void {
    if (this.cur === null) return;
    this.cur.code.push(line);
    this.record(line, this.cur.id);
  }

  protected record(line: string, state: number): void {
    let i = line.indexOf(P_OPEN);
    while (i >= 0) {
      const j = line.indexOf(P_CLOSE, i);
      const id = parseInt(line.slice(i + 1, j), 10);
      this.vars[id].states.add(state);
      i = line.indexOf(P_OPEN, j);
    }
  }

  protected goto(target: number): void {
    if (this.cur === null) return;
    this.cur.code.push('$w[$b] = ' + target + ';');
    this.cur.gotoEnd = target;
    this.cur = null;
  }

  protected place(id: number): void {
    if (this.cur !== null) this.goto(id);
    this.cur = this.states[id];
    this.order.push(this.cur);
  }

  /** Ends the state with code that leaves it (return, throw, multi-way jump). */
  protected end(line: string): void {
    this.emit(line);
    this.cur = null;
  }

  protected jumpText(target: number, finDepth: number): string {
    const fs = this.finStack;
    if (fs.length > finDepth) {
      for (let i = fs.length - 1; i >= finDepth; i--) fs[i].jumps.set(target, i - 1 >= finDepth ? fs[i - 1].finState : -1);
      return '{ ' + this.P(this.comp!) + ' = ' + (3 + target) + '; $w[$b] = ' + fs[fs.length - 1].finState + '; continue; }';
    }
    return '{ $w[$b] = ' + target + '; continue; }';
  }

  /** Code that returns `values` (already-evaluated texts) from the function, through any finally. */
  protected returnText(values: string[]): string {
    const parts: string[] = [];
    if (this.finStack.length > 0) {
      for (let i = 0; i < this.retVars.length && i < values.length; i++) parts.push(this.P(this.retVars[i]) + ' = ' + values[i] + ';');
      for (const t of this.finStack) t.returns = true;
      parts.push(this.P(this.comp!) + ' = 2;');
      parts.push('$w[$b] = ' + this.finStack[this.finStack.length - 1].finState + ';');
      parts.push('continue;');
    } else {
      parts.push(...this.resultRegisters(values));
      parts.push('$w[$b] = ' + DONE_MARK + ';');
      parts.push('return 1;');
    }
    return '{ ' + parts.join(' ') + ' }';
  }

  protected resultRegisters(values: string[]): string[] {
    const r = this.sig.result;
    if (r.kind === 'num') return ['ex.rn[0] = ' + values[0] + ';'];
    if (r.kind === 'ref') return ['ex.rr = ' + values[0] + ';'];
    if (r.kind === 'tuple') return values.map((v, i) => 'ex.rn[' + i + '] = ' + v + ';');
    return [];
  }

  // ---- the lowering --------------------------------------------------------------------------

  run(): LoweredFunction {
    const decl = this.decl;
    if (decl.asteriskToken !== undefined) {
      this.refuse(decl, 'generator', 'an async generator', 'write an AsyncIterator implementation: a class with `async next()` returning [value, done]');
    }
    if (ts.isMethodDeclaration(decl) && hasModifier(decl, ts.SyntaxKind.StaticKeyword)) {
      this.refuse(decl, 'static-method', 'a static async method', 'make it a module-level async function');
    }
    if (ts.isMethodDeclaration(decl) && (!ts.isClassDeclaration(decl.parent) || decl.parent.name === undefined)) {
      this.refuse(decl, 'anonymous-class', 'an async method outside a named class declaration', 'declare the class with a name at module level');
    }
    this.setupSpecialVars();
    this.collectDeclarations();
    this.place(this.newState());
    for (const st of decl.body!.statements) this.stmt(st);
    if (this.cur !== null) {
      const r = this.sig.result;
      this.end(this.returnText(r.kind === 'tuple' ? new Array<string>(r.n).fill('0') : r.kind === 'void' ? [] : ['void 0']));
    }
    return this.finish();
  }

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
      this.comp = this.newVar('$comp', 'num', -1);
      this.comp.forceFrame = true;
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
    return this.l.containsAwait(n);
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
    const t = this.rw(s);
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
        if (v.kind !== 'num') this.emit(this.P(v) + ' = void 0;');
        return;
      }
      if (v.kind === 'handle') {
        this.storeFuture(v, this.classifyFuture(init)!);
        return;
      }
      const inner = skipOuter(init);
      if (ts.isAwaitExpression(inner)) {
        const res = this.awaitExpr(inner.expression, inner);
        this.assignResult(this.P(v), res, inner);
        return;
      }
      this.emit(this.P(v) + ' = ' + this.expr(init) + ';');
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

  /** `const v = future`: opens the future now, owned by the frame until it is awaited or passed on. */
  protected storeFuture(v: Var, fx: FutureExpr): void {
    v.result = this.resultOf(fx);
    const open = this.openFuture(fx, 'stored');
    this.emit(NS + '.dropAt(ex, $w, ' + this.PI(v) + ');');
    this.emit(this.P(v) + ' = ' + open + ';');
  }

  protected patternTarget(name: ts.BindingName): string {
    if (ts.isIdentifier(name)) {
      const v = this.varOf(name);
      return v === undefined ? name.text : this.P(v);
    }
    if (ts.isArrayBindingPattern(name)) {
      return '[' + name.elements.map((e) => {
        if (ts.isOmittedExpression(e)) return '';
        const t = (e.dotDotDotToken !== undefined ? '...' : '') + this.patternTarget(e.name);
        return e.initializer !== undefined ? t + ' = ' + this.rw(e.initializer) : t;
      }).join(', ') + ']';
    }
    return '{ ' + name.elements.map((e) => {
      const prop = e.propertyName !== undefined ? this.rw(e.propertyName) : (e.name as ts.Identifier).text;
      const t = this.patternTarget(e.name);
      const withInit = e.initializer !== undefined ? t + ' = ' + this.rw(e.initializer) : t;
      return e.dotDotDotToken !== undefined ? '...' + t : prop + ': ' + withInit;
    }).join(', ') + ' }';
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

  protected targetText(t: ts.BindingName | ts.Expression): string {
    if (ts.isIdentifier(t)) {
      const v = this.varOf(t);
      return v === undefined ? this.rw(t) : this.P(v);
    }
    if (ts.isObjectBindingPattern(t) || ts.isArrayBindingPattern(t)) return this.patternTarget(t);
    return this.rw(t);
  }

  protected exprStatement(e: ts.Expression): void {
    const inner = skipOuter(e);
    if (ts.isAwaitExpression(inner)) {
      this.awaitExpr(inner.expression, inner);
      return;
    }
    if (ts.isBinaryExpression(inner) && inner.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
      const right = skipOuter(inner.right);
      if (ts.isAwaitExpression(right) && !this.l.containsAwait(inner.left)) {
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
      if (this.l.containsAwait(e)) this.exprStatement(e);
      else this.emit(this.rw(e) + ';');
      this.end(this.returnText([]));
      return;
    }
    this.end(this.returnText([this.expr(e)]));
  }

  protected jumpStmt(s: ts.BreakStatement | ts.ContinueStatement): string {
    const isBreak = ts.isBreakStatement(s);
    const label = s.label?.text;
    for (let i = this.records.length - 1; i >= 0; i--) {
      const rec = this.records[i];
      if (label !== undefined ? rec.labels.indexOf(label) >= 0 : isBreak ? (rec.continueState >= 0 || ts.isSwitchStatement(rec.node)) : rec.continueState >= 0) {
        if (!isBreak && rec.continueState < 0) break;
        if (this.finallyDepth > 0) {
          this.refuse(s, 'finally-jump', 'break/continue out of a finally block', 'set a flag in the finally block and test it after the try');
        }
        return this.jumpText(isBreak ? rec.breakState : rec.continueState, rec.finDepth);
      }
    }
    this.refuse(s, 'jump-target', 'cannot find the target of this ' + (isBreak ? 'break' : 'continue'), 'check the label');
    return ';';
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
      const t = this.c.getTypeAtLocation(s.expression);
      const isArrayLike = this.c.isArrayType(t) || this.c.isTupleType(t) || (t.flags & ts.TypeFlags.StringLike) !== 0 ||
        /^(Int8|Uint8|Uint8Clamped|Int16|Uint16|Int32|Uint32|Float32|Float64)Array/.test(this.c.typeToString(t));
      if (!isArrayLike) {
        this.refuse(s.expression, 'for-of-iterable', '`for...of` around an await over a non-array (' + this.c.typeToString(t) + ')', 'iterate an array, a typed array or a string, or index it with a for loop');
      }
      const arr = this.temp('ref');
      const idx = this.temp('num');
      this.emit(this.P(arr) + ' = ' + this.expr(s.expression) + ';');
      this.emit(this.P(idx) + ' = 0;');
      this.place(head);
      this.emit('if (!(' + this.P(idx) + ' < ' + this.P(arr) + '.length)) { $w[$b] = ' + exit + '; continue; }');
      const item = this.P(arr) + '[' + this.P(idx) + ']';
      const init = s.initializer;
      if (ts.isVariableDeclarationList(init)) {
        const d = init.declarations[0];
        this.emit(this.targetText(d.name) + ' = ' + item + ';');
      } else {
        this.emit(this.targetText(init) + ' = ' + item + ';');
      }
      this.body(s.statement, rec);
      this.place(cont);
      this.emit(this.P(idx) + '++;');
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
    this.emit(this.P(d) + ' = ' + this.expr(s.expression) + ';');
    const exit = this.newState();
    const clauseStates = s.caseBlock.clauses.map(() => this.newState());
    let dispatch = '';
    let defaultState = exit;
    s.caseBlock.clauses.forEach((cl, i) => {
      if (ts.isDefaultClause(cl)) { defaultState = clauseStates[i]; return; }
      if (this.l.containsAwait(cl.expression)) {
        this.refuse(cl.expression, 'await-position', 'await in a case label', 'await before the switch and compare the result');
      }
      dispatch += 'if (' + this.P(d) + ' === (' + this.rw(cl.expression) + ')) { $w[$b] = ' + clauseStates[i] + '; continue; } ';
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
    if (fin !== undefined && this.l.containsAwait(fin)) {
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
    const ctx: TryCtx | null = fin !== undefined ? { finState: finState, block: fin, jumps: new Map(), returns: false } : null;
    const innerChain = fin !== undefined ? [fin as ts.Block].concat(outer.finChain) : outer.finChain;
    if (ctx !== null) this.finStack.push(ctx);

    this.region = this.newRegion(katch !== undefined ? { kind: 'catch', state: catchState } : { kind: 'finally', state: finState }, innerChain);
    this.place(this.newState());
    this.stmt(s.tryBlock);
    if (ctx !== null) {
      this.emit(this.P(this.comp!) + ' = 0;');
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
        this.emit(this.targetText(vd.name) + ' = ' + this.P(this.err!) + ';');
      }
      this.emit(this.P(this.err!) + ' = void 0;');
      this.stmt(katch.block);
      if (ctx !== null) {
        this.emit(this.P(this.comp!) + ' = 0;');
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
      for (const st of fin.statements) this.emit(this.rw(st));
      this.finallyDepth--;
      const cvar = this.internal('$c');
      const xvar = this.internal('$x');
      this.emit(cvar + ' = ' + this.P(this.comp!) + '; ' + this.P(this.comp!) + ' = 0;');
      this.emit('if (' + cvar + ' === 1) { ' + xvar + ' = ' + this.P(this.err!) + '; ' + this.P(this.err!) + ' = void 0; throw ' + xvar + '; }');
      if (ctx.returns) {
        const outerFin = this.finStack.length > 0 ? this.finStack[this.finStack.length - 1] : null;
        if (outerFin !== null) {
          outerFin.returns = true;
          this.emit('if (' + cvar + ' === 2) { ' + this.P(this.comp!) + ' = 2; $w[$b] = ' + outerFin.finState + '; continue; }');
        } else {
          const vals = this.retVars.map((v) => this.P(v));
          this.emit('if (' + cvar + ' === 2) { ' + this.resultRegisters(vals).join(' ') + ' $w[$b] = ' + DONE_MARK + '; return 1; }');
        }
      }
      ctx.jumps.forEach((nextFin, target) => {
        if (nextFin >= 0) this.emit('if (' + cvar + ' === ' + (3 + target) + ') { ' + this.P(this.comp!) + ' = ' + (3 + target) + '; $w[$b] = ' + nextFin + '; continue; }');
        else this.emit('if (' + cvar + ' === ' + (3 + target) + ') { $w[$b] = ' + target + '; continue; }');
      });
      this.goto(after);
    }
    this.place(after);
  }

  // ---- expressions ---------------------------------------------------------------------------

  protected spill(text: string, kind: VarKind): string {
    if (/^(-?[0-9.]+|'[^']*'|"[^"]*"|true|false|null|void 0)$/.test(text)) return text;
    const t = this.temp(kind);
    this.emit(this.P(t) + ' = ' + text + ';');
    return this.P(t);
  }

  protected exprList(es: ts.Expression[]): string[] {
    const out: string[] = [];
    for (let i = 0; i < es.length; i++) {
      let t = this.expr(es[i]);
      const later = es.slice(i + 1).some((x) => this.l.containsAwait(x));
      if (later) t = this.spill(t, this.typeKind(es[i]));
      out.push(t);
    }
    return out;
  }

  protected expr(e: ts.Expression): string {
    if (!this.l.containsAwait(e)) return this.rw(e);
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
        const target = this.l.resolveCall(e);
        if (target !== null && (target.kind === 'fn' || target.prim.kind === 'future')) {
          this.refuse(e, 'future-not-awaited', 'a future that is neither awaited, stored in a const, nor passed to select/join/timeout', 'await it');
          return 'void 0';
        }
        if (target !== null && target.kind === 'prim') return this.syncPrimCall(target.prim, this.exprList(Array.from(e.arguments)));
      }
      const args = Array.from(e.arguments ?? []);
      const argsAwait = args.some((a) => this.l.containsAwait(a));
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
      if (this.l.containsAwait(e.argumentExpression)) obj = this.spill(obj, 'ref');
      return obj + '[' + this.expr(e.argumentExpression) + ']';
    }
    if (ts.isConditionalExpression(e)) {
      const t = this.temp(this.typeKind(e));
      const cond = this.expr(e.condition);
      const elseS = this.newState();
      const after = this.newState();
      this.emit('if (!(' + cond + ')) { $w[$b] = ' + elseS + '; continue; }');
      this.emit(this.P(t) + ' = ' + this.expr(e.whenTrue) + ';');
      this.goto(after);
      this.place(elseS);
      this.emit(this.P(t) + ' = ' + this.expr(e.whenFalse) + ';');
      this.goto(after);
      this.place(after);
      return this.P(t);
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
        else if (this.l.containsAwait(p)) this.refuse(p, 'await-position', 'await inside this object literal member', 'await into a const first');
      }
      const texts = this.exprList(values);
      let k = 0;
      return '{ ' + props.map((p) => (ts.isPropertyAssignment(p) ? this.rw(p.name) + ': ' + texts[k++] : this.rw(p))).join(', ') + ' }';
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
      this.emit(this.P(t) + ' = ' + this.expr(e.left) + ';');
      const after = this.newState();
      const skip = op === ts.SyntaxKind.AmpersandAmpersandToken ? '!(' + this.P(t) + ')' : op === ts.SyntaxKind.BarBarToken ? this.P(t) : this.P(t) + ' != null';
      this.emit('if (' + skip + ') { $w[$b] = ' + after + '; continue; }');
      this.emit(this.P(t) + ' = ' + this.expr(e.right) + ';');
      this.goto(after);
      this.place(after);
      return this.P(t);
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
    if (this.l.containsAwait(e.right)) l = this.spill(l, this.typeKind(e.left));
    return '(' + l + ' ' + opText + ' ' + this.expr(e.right) + ')';
  }

  // ---- futures -------------------------------------------------------------------------------

  protected classifyFuture(e: ts.Expression): FutureExpr | null {
    const x = skipOuter(e);
    if (ts.isCallExpression(x)) {
      const t = this.l.resolveCall(x);
      if (t === null) return null;
      if (t.kind === 'prim') return t.prim.kind === 'future' ? { kind: 'prim', prim: t.prim, call: x } : null;
      return { kind: 'fn', decl: t.decl, call: x };
    }
    if (ts.isIdentifier(x)) {
      const v = this.varOf(x);
      if (v !== undefined && v.kind === 'handle') return { kind: 'var', v: v };
    }
    return null;
  }

  protected refuseAwait(operand: ts.Expression): void {
    const t = this.c.getTypeAtLocation(operand);
    const thenable = t.getProperty('then') !== undefined || this.c.getAwaitedType(t) !== t;
    if (thenable) {
      this.refuse(operand, 'await-promise', 'awaiting a Promise (' + this.c.typeToString(t) + ') allocates and cannot be cancelled',
        'await a frugal future, or wrap it explicitly: await fromPromise(p) (boxes; listed by the audit)');
    } else {
      this.refuse(operand, 'await-unknown', 'awaiting a value that is not a frugal future (' + this.c.typeToString(t) + ')',
        'await a primitive of compiler/runtime.ts or a lowered async function, or wrap a Promise with fromPromise(p)');
    }
  }

  protected resultOf(fx: FutureExpr): Result {
    if (fx.kind === 'var') return fx.v.result;
    if (fx.kind === 'fn') {
      const r = this.l.signature(fx.decl).result;
      if (r.kind === 'num') return { kind: 'one', text: 'ex.rn[0]' };
      if (r.kind === 'ref') return { kind: 'one', text: 'ex.rr' };
      if (r.kind === 'tuple') return { kind: 'tuple', texts: Array.from({ length: r.n }, (_, i) => 'ex.rn[' + i + ']') };
      return { kind: 'void' };
    }
    switch (fx.prim.result) {
      case 'num': return { kind: 'one', text: 'ex.rn[0]' };
      case 'ref': return { kind: 'one', text: 'ex.rr' };
      case 'typed': {
        const t = this.c.getTypeAtLocation(fx.call);
        const promised = this.c.getAwaitedType(t);
        return { kind: 'one', text: promised !== undefined && this.l.isNumberType(promised) ? 'ex.rn[0]' : 'ex.rr' };
      }
      case 'join': return { kind: 'tuple', texts: fx.call.arguments.map((_, i) => 'ex.rn[' + i + ']') };
      case 'select': return { kind: 'tuple', texts: ['ex.which', 'ex.rn[0]'] };
      case 'next': return { kind: 'tuple', texts: ['ex.rn[0]', 'ex.rn[1]'] };
      default: return { kind: 'void' };
    }
  }

  protected awaitExpr(operand: ts.Expression, node: ts.Node): Result {
    const fx = this.classifyFuture(operand);
    if (fx === null) {
      this.refuseAwait(operand);
      return { kind: 'void' };
    }
    // An await nested in the arguments of another opening (join(f(), g(await x))) runs while the
    // futures opened before it are live: its embedded frames go after theirs, and its site counts them.
    const prevSite = this.site;
    const site: Site = { line: lineOf(node), items: prevSite !== null ? prevSite.items.slice() : [] };
    const saveW = prevSite !== null ? this.groupW : 0;
    const saveR = prevSite !== null ? this.groupR : 0;
    this.groupW = saveW;
    this.groupR = saveR;
    this.site = site;
    const open = this.openFuture(fx, 'await');
    this.site = prevSite;
    this.sites.push(site);
    this.groupW = saveW;
    this.groupR = saveR;
    const k = this.newState();
    this.emit('$w[$b + 1] = ' + open + ';');
    this.goto(k);
    this.place(k);
    this.emit('if (ex.awaitAt($w, $b + 1) === 0) return 0;');
    return this.resultOf(fx);
  }

  protected addItem(item: SiteItem, mode: Mode): void {
    if (mode === 'stored' || this.site === null) this.persistent.push(item);
    else this.site.items.push(item);
  }

  /** Emits what opening needs and returns the opening expression, to be evaluated at once. */
  protected openFuture(fx: FutureExpr, mode: Mode): string {
    if (fx.kind === 'var') {
      const h = this.internal('$h');
      return '(' + h + ' = ' + this.P(fx.v) + ', ' + this.P(fx.v) + ' = 0, ' + h + ')';
    }
    if (fx.kind === 'prim') return this.openPrim(fx.prim, fx.call, mode);
    return this.openCall(fx.decl, fx.call, mode);
  }

  protected openPrim(prim: Primitive, call: ts.CallExpression, mode: Mode): string {
    const args = Array.from(call.arguments);
    for (const f of prim.pushes) this.addItem({ kind: 'prim', frame: f }, mode);
    const childMode: Mode = mode === 'stored' ? 'stored' : 'passed';
    let texts: string[];
    if (prim.futureArgs === 'none') {
      texts = this.exprList(args);
    } else {
      texts = [];
      const first = prim.futureArgs === 'all' ? 0 : 1;
      for (let i = 0; i < args.length; i++) {
        const later = args.slice(i + 1).some((x) => this.l.containsAwait(x));
        if (i < first) {
          let t = this.expr(args[i]);
          if (later) t = this.spill(t, 'num');
          texts.push(t);
          continue;
        }
        const fx = this.classifyFuture(args[i]);
        if (fx === null) {
          this.refuseAwait(args[i]);
          texts.push('0');
          continue;
        }
        const open = this.openFuture(fx, childMode);
        if (later) {
          const v = this.temp('handle');
          this.emit(this.P(v) + ' = ' + open + ';');
          texts.push('(' + this.internal('$h') + ' = ' + this.P(v) + ', ' + this.P(v) + ' = 0, $h)');
        } else {
          const h = this.internal('$h' + i);
          this.emit(h + ' = ' + open + ';');
          texts.push(h);
        }
      }
    }
    let name = prim.name;
    let ns = NS;
    if (prim.module === 'dyn') {
      this.usesDyn = true;
      ns = NS_DYN;
      if (mode !== 'await' && prim.escaping !== undefined) name = prim.escaping;
      const pos = this.sf.getLineAndCharacterOfPosition(call.getStart(this.sf));
      this.addItem({ kind: 'dyn', iface: prim.dyn!.iface, method: prim.dyn!.method, escaping: mode !== 'await', line: pos.line + 1, column: pos.character + 1 }, mode === 'stored' ? 'stored' : 'await');
    }
    return ns + '.' + name + '(' + ['ex'].concat(texts).join(', ') + ')';
  }

  protected openCall(callee: AsyncDecl, call: ts.CallExpression, mode: Mode): string {
    const sig = this.l.signature(callee);
    const args = Array.from(call.arguments);
    if (args.some((a) => ts.isSpreadElement(a))) {
      this.refuse(call, 'spread-call', 'a spread argument to a lowered async function', 'pass the arguments one by one');
    }
    const ce = skipOuter(call.expression);
    let receiver: string | null = null;
    if (sig.isMethod) {
      if (!ts.isPropertyAccessExpression(ce)) {
        this.refuse(call, 'method-call', 'an async method called without a receiver', 'call it as obj.method(...)');
        return '0';
      }
      receiver = this.expr(ce.expression);
      const later = args.some((a) => this.l.containsAwait(a));
      receiver = later ? this.spill(receiver, 'ref') : this.spillLocal(receiver);
    }
    const texts = this.exprList(args);
    let n = 0;
    let k = sig.isMethod ? 1 : 0;
    if (receiver !== null) this.emit('ex.ar[0] = ' + receiver + ';');
    sig.params.forEach((p, i) => {
      const v = i < texts.length ? texts[i] : p.kind === 'num' ? '0' : 'void 0';
      if (p.kind === 'num') this.emit('ex.an[' + n++ + '] = ' + v + ';');
      else this.emit('ex.ar[' + k++ + '] = ' + v + ';');
    });
    const vt = receiver !== null ? receiver + '.' + (ce as ts.PropertyAccessExpression).name.text : this.rw(call.expression);
    const recursive = callee === this.decl || this.l.isInProgress(callee);
    if (recursive || mode === 'stored') {
      this.addItem({ kind: 'push', callee: callee }, mode);
      return 'ex.push(' + vt + ')';
    }
    const lowered = this.l.lowerFunction(callee);
    for (const d of lowered.diagnostics) if (d.file !== this.sf.fileName) this.diags.push(d);
    const off = this.groupW;
    const roff = this.groupR;
    this.groupW += lowered.words;
    this.groupR += lowered.refs;
    if (this.groupW > this.embedW) this.embedW = this.groupW;
    if (this.groupR > this.embedR) this.embedR = this.groupR;
    this.addItem({ kind: 'embed', callee: callee }, mode);
    if (receiver !== null) {
      return NS + '.embedOrPush(ex, ' + vt + ', $f, ' + embedW(off) + ', ' + embedR(roff) + ', ' + lowered.words + ', ' + lowered.refs + ')';
    }
    return 'ex.embed(' + vt + ', $f, ' + embedW(off) + ', ' + embedR(roff) + ')';
  }

  protected spillLocal(text: string): string {
    if (/^[\w$.]+$/.test(text) || text.indexOf(P_OPEN) === 0 && text.indexOf(P_CLOSE) === text.length - 1) return text;
    const o = this.internal('$o');
    this.emit(o + ' = ' + text + ';');
    return o;
  }

  // ---- the verbatim rewriter -----------------------------------------------------------------

  /** Source text of an await-free node with locals, runtime calls, this and jumps rewritten. */
  protected rw(node: ts.Node): string {
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
      return this.rwInner(node);
    } finally {
      if (fn) this.fnDepth--;
      this.loopDepth = saveLoop;
      this.breakDepth = saveBreak;
    }
  }

  protected rwInner(node: ts.Node): string {
    const special = this.rwSpecial(node);
    if (special !== undefined) return special;
    let out = '';
    let pos = node.getStart(this.sf);
    node.forEachChild((child) => {
      const start = child.getStart(this.sf);
      if (start < pos) return; // JSDoc and other nodes outside the text run
      out += this.text.slice(pos, start) + this.rw(child);
      pos = child.end;
    });
    out += this.text.slice(pos, node.end);
    return out;
  }

  protected rwChild(_parent: ts.Node, child: ts.Node): string {
    return this.rw(child);
  }

  protected rwSpecial(node: ts.Node): string | undefined {
    if (node.kind === ts.SyntaxKind.ThisKeyword) {
      if (this.fnDepth > 0 && !this.arrowOnlyPath(node)) return undefined;
      if (this.self === null) {
        this.refuse(node, 'this', '`this` in a lowered async function that is not a method', 'pass the object as a parameter');
        return 'this';
      }
      if (this.fnDepth > 0) this.closureRefs.push({ v: this.self, node: node });
      return this.P(this.self);
    }
    if (ts.isTypeNode(node) && !ts.isExpressionWithTypeArguments(node)) return this.text.slice(node.getStart(this.sf), node.end);
    if (ts.isIdentifier(node)) return this.rwIdentifier(node);
    if (ts.isShorthandPropertyAssignment(node)) {
      const sym = this.c.getShorthandAssignmentValueSymbol(node);
      const v = sym !== undefined ? this.symVar.get(sym) : undefined;
      if (v !== undefined) {
        if (this.fnDepth > 0) this.closureRefs.push({ v: v, node: node });
        return node.name.text + ': ' + this.P(v);
      }
      const rt = this.l.runtimeExport(node.name);
      if (rt !== undefined) return node.name.text + ': ' + this.rwIdentifier(node.name);
      return undefined;
    }
    if (this.fnDepth === 0) {
      if (ts.isReturnStatement(node)) return this.rwReturn(node);
      if ((ts.isBreakStatement(node) || ts.isContinueStatement(node))) {
        const isBreak = ts.isBreakStatement(node);
        if (node.label === undefined && (isBreak ? this.breakDepth > 0 : this.loopDepth > 0)) return undefined;
        return this.jumpStmt(node);
      }
      if (ts.isVariableStatement(node)) {
        const t = this.rwDeclList(node.declarationList, false);
        return t === '' ? ';' : t + ';';
      }
      if (ts.isVariableDeclarationList(node)) {
        const inForOf = ts.isForOfStatement(node.parent) || ts.isForInStatement(node.parent);
        return this.rwDeclList(node, inForOf);
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
    if (ts.isCallExpression(node)) return this.rwCall(node);
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

  protected rwIdentifier(id: ts.Identifier): string {
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
    const sym = this.c.getSymbolAtLocation(id);
    const v = sym !== undefined ? this.symVar.get(sym) : undefined;
    if (v !== undefined) {
      if (this.fnDepth > 0) this.closureRefs.push({ v: v, node: id });
      return this.P(v);
    }
    const rt = this.l.runtimeExport(id);
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

  protected rwCall(call: ts.CallExpression): string | undefined {
    const target = this.l.resolveCall(call);
    if (target === null) return undefined;
    if (target.kind === 'fn' || target.prim.kind === 'future') {
      this.refuse(call, 'future-not-awaited', 'a future that is neither awaited, stored in a const, nor passed to select/join/timeout', 'await it');
      return 'void 0';
    }
    return this.syncPrimCall(target.prim, call.arguments.map((a) => this.rwChild(call, a)));
  }

  /** A call of a synchronous runtime.ts function (now, setSignal, trySend) with its argument texts. */
  protected syncPrimCall(prim: Primitive, args: string[]): string {
    return NS + '.' + prim.name + '(' + ['ex'].concat(args).join(', ') + ')';
  }

  /** A runtime.ts constant (EDGE_RISING...) as the lowered code names it. */
  protected runtimeConstant(name: string): string {
    return NS + '.' + name;
  }

  protected rwReturn(s: ts.ReturnStatement): string {
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
      return this.returnText(inner.elements.map((x) => this.rwChild(s, x)));
    }
    if (r.kind === 'void') return '{ ' + this.rwChild(s, e) + '; ' + this.returnText([]) + ' }';
    return this.returnText([this.rwChild(s, e)]);
  }

  protected rwDeclList(list: ts.VariableDeclarationList, targetOnly: boolean): string {
    const parts: string[] = [];
    for (const d of list.declarations) {
      if (targetOnly) return this.targetText(d.name);
      if (d.initializer === undefined) {
        if (ts.isIdentifier(d.name)) {
          const v = this.varOf(d.name);
          if (v !== undefined && v.kind !== 'num') parts.push(this.P(v) + ' = void 0');
        }
        continue;
      }
      const init = this.rwChild(d, d.initializer);
      if (ts.isObjectBindingPattern(d.name)) parts.push('(' + this.patternTarget(d.name) + ' = ' + init + ')');
      else parts.push(this.targetText(d.name) + ' = ' + init);
    }
    return parts.join(', ');
  }

  // ---- layout and code generation ------------------------------------------------------------

  /**
   * Decides which variables live in the frame (parameters, what several states use, `var`s,
   * stored futures) and which stay locals of poll, and gives each its slot or its JS name.
   * `firstWord`: the frame words before the variables; `allParams`: every parameter gets a slot,
   * used or not (the device's calling convention fixes them by position).
   */
  protected layoutVars(firstWord: number, allParams: boolean): { frameVars: Var[]; localVars: Var[]; words: number; refs: number } {
    // A local becomes a `var` of poll: it must not shadow another symbol of the same name that the
    // body uses elsewhere (a module-level name, a local of another block).
    const symbolsByName = new Map<string, Set<ts.Symbol | undefined>>();
    const c = this.c;
    this.decl.body!.forEachChild(function collect(n: ts.Node): void {
      if (ts.isIdentifier(n)) {
        const set = symbolsByName.get(n.text) ?? new Set<ts.Symbol | undefined>();
        set.add(c.getSymbolAtLocation(n));
        symbolsByName.set(n.text, set);
      }
      n.forEachChild(collect);
    });
    const internalNames = ['$f', '$w', '$b', '$r', '$rb', '$e', '$c', '$x', '$h', '$o', '$s'];
    const symOf = new Map<Var, ts.Symbol>();
    this.symVar.forEach((v, sym) => symOf.set(v, sym));
    const taken = (js: string, v: Var): boolean => {
      if (RESERVED.indexOf(js) >= 0 || internalNames.indexOf(js) >= 0 || /^\$h\d+$/.test(js) || /^\$t\d+$/.test(js) && v.name !== js) return true;
      if (localVars.some((o) => o.jsName === js)) return true;
      const syms = symbolsByName.get(js);
      if (syms === undefined) return false;
      const own = symOf.get(v);
      for (const s2 of syms) if (s2 !== own) return true;
      return false;
    };
    let words = firstWord;
    let refs = 0;
    const frameVars: Var[] = [];
    const localVars: Var[] = [];
    // Parameters first, in register order, so a frame dump reads like the signature.
    const ordered = this.vars.slice().sort((a, b) => (a.reg >= 0 ? 0 : 1) - (b.reg >= 0 ? 0 : 1));
    for (const v of ordered) {
      if (v.elided === true) continue;
      const referenced = v.states.size > 0;
      const frame = v.reg >= 0 || v.forceFrame || v.kind === 'handle' || (!v.inFinally && v.states.size > 1);
      if (v.reg >= 0 && !referenced && !allParams) continue;
      if (frame && referenced || v.forceFrame || v.kind === 'handle' || v.reg >= 0 && allParams) {
        if (v.kind === 'ref') v.slot = refs++;
        else v.slot = words++;
        frameVars.push(v);
      } else {
        let js = v.name;
        let k = 1;
        while (taken(js, v)) js = v.name + '_' + k++;
        v.jsName = js;
        localVars.push(v);
      }
    }
    for (const cr of this.closureRefs) {
      if (cr.v.slot >= 0) {
        this.refuse(cr.node, 'closure-capture', 'a closure captures `' + cr.v.name + '`, which lives across an await (in the frame)',
          'copy it into a const declared after the last await the closure spans, or pass it to the closure as an argument');
      }
    }
    return { frameVars, localVars, words, refs };
  }

  protected finish(): LoweredFunction {
    const name = this.sig.name;
    const layout = this.layoutVars(2, false);
    const { frameVars, localVars } = layout;
    let words = layout.words;
    let refs = layout.refs;
    const embedBase = words;
    const embedRefBase = refs;
    words += this.embedW;
    refs += this.embedR;
    const done = this.states.length;

    const resolve = (t: string): string => t
      .replace(/\u0001(\d+)(#?)\u0002/g, (_m, id: string, idx: string) => {
        const v = this.vars[parseInt(id, 10)];
        if (v.slot < 0) return v.jsName;
        if (idx === '#') return '$b + ' + v.slot;
        return v.kind === 'ref' ? '$r[$rb + ' + v.slot + ']' : '$w[$b + ' + v.slot + ']';
      })
      .replace(/\u0003(\d+)\u0004/g, (_m, n: string) => String(embedBase + parseInt(n, 10)))
      .replace(/\u0005(\d+)\u0006/g, (_m, n: string) => String(embedRefBase + parseInt(n, 10)))
      .split(DONE_MARK).join(String(done));

    // init
    const init: string[] = [];
    for (const v of frameVars) {
      if (v.reg < 0) continue;
      init.push(v.kind === 'ref' ? '$r[$rb + ' + v.slot + '] = ex.ar[' + v.reg + '];' : '$w[$b + ' + v.slot + '] = ex.an[' + v.reg + '];');
    }

    // poll
    const pollLocals = localVars.filter((v) => v.states.size > 0 && !(v.states.size === 1 && v.states.has(-2))).map((v) => v.jsName);
    const body = this.caseLines();
    body.push('default:');
    body.push("  throw new Error(\"future '" + name + "' polled after it completed\");");
    const pollLines: string[] = [];
    const declared = pollLocals.concat(Array.from(this.internals).sort());
    if (declared.length > 0) pollLines.push('var ' + declared.join(', ') + ';');
    pollLines.push(...this.dispatchLines(body, [NS + '.dropAt(ex, $w, $b + 1);'], done));

    // drop
    const dropLines: string[] = [];
    dropLines.push(NS + '.dropAt(ex, $w, $b + 1);');
    for (const v of frameVars) if (v.kind === 'handle') dropLines.push(NS + '.dropAt(ex, $w, $b + ' + v.slot + ');');
    dropLines.push(...this.finallyLines());
    const dropLocals = localVars.filter((v) => v.states.has(-2)).map((v) => v.jsName);
    // The drop copies may have referenced frame variables first seen there; those already have slots
    // (a finally's outer variables are referenced in its poll state too).
    const params = '(ex, $f, $w, $b, $r, $rb)';
    const spec: string[] = [];
    spec.push('{');
    spec.push('  name: ' + JSON.stringify(name) + ',');
    spec.push('  words: ' + words + ',');
    spec.push('  refs: ' + refs + ',');
    if (init.length > 0) spec.push('  init: function ' + params + ' {\n    ' + init.join('\n    ') + '\n  },');
    spec.push('  poll: function ' + params + ' {\n    ' + pollLines.join('\n    ') + '\n  },');
    spec.push('  drop: function ' + params + ' {\n    ' + (dropLocals.length > 0 ? 'var ' + dropLocals.join(', ') + ';\n    ' : '') +
      dropLines.join('\n    ') + '\n  }');
    spec.push('}');
    const prelude = this.regionTable(done);
    return {
      decl: this.decl,
      name: name,
      file: this.sf.fileName,
      line: lineOf(this.decl),
      sig: this.sig,
      words: words,
      refs: refs,
      sites: this.sites,
      persistent: this.persistent,
      spec: resolve(spec.join('\n')),
      prelude: prelude,
      diagnostics: this.diags,
      usesDyn: this.usesDyn,
      device: null,
    };
  }

  // ---- pieces of the emitted poll and drop, shared with the device lowerer -----------------

  /** Name of the module-level table from state to try region. */
  protected regionTableName(): string {
    return 'REG$' + this.sig.name.replace(/\W/g, '_') + '$' + lineOf(this.decl);
  }

  /** The state -> region table a function with a lowered try needs ('' otherwise). */
  protected regionTable(done: number): string {
    if (!this.hasTry) return '';
    if (this.regions.length > 255) this.refuse(this.decl, 'too-large', 'more than 255 try regions in one function', 'split the function');
    const table: number[] = [];
    for (let i = 0; i <= done; i++) table.push(i < done && i < this.states.length ? this.states[i].region : 0);
    return 'const ' + this.regionTableName() + ' = new Uint8Array([' + table.join(', ') + ']);\n';
  }

  /** One `case` per placed state, in placement order; a jump to the next case falls through. */
  protected caseLines(): string[] {
    const body: string[] = [];
    for (let i = 0; i < this.order.length; i++) {
      const s = this.order[i];
      body.push('case ' + s.id + ':');
      for (const line of s.code) body.push('  ' + line);
      if (s.gotoEnd >= 0) {
        const next = this.order[i + 1];
        if (next === undefined || next.id !== s.gotoEnd) body.push('  continue;');
      }
    }
    return body;
  }

  /**
   * `for (;;) switch` over the cases; with a lowered try, a catch that drops the live child
   * (`dropChild`), then moves to the catch or finally state of the state's region, or marks the
   * frame done and rethrows.
   */
  protected dispatchLines(cases: string[], dropChild: string[], done: number): string[] {
    const out: string[] = ['for (;;) {'];
    if (!this.hasTry) {
      out.push('switch ($w[$b]) {', ...cases, '}', '}');
      return out;
    }
    out.push('try {', 'switch ($w[$b]) {', ...cases, '}', '} catch ($e) {', ...dropChild);
    out.push('switch (' + this.regionTableName() + '[$w[$b]]) {');
    const byTarget = new Map<string, number[]>();
    for (const r of this.regions) {
      if (r.handler.kind === 'none') continue;
      const key = r.handler.kind + ':' + r.handler.state;
      const ids = byTarget.get(key) ?? [];
      ids.push(r.id);
      byTarget.set(key, ids);
    }
    byTarget.forEach((ids, key) => {
      const [kind, st] = key.split(':');
      for (const id of ids) out.push('case ' + id + ':');
      out.push('  ' + this.P(this.err!) + ' = $e;');
      if (kind === 'finally') out.push('  ' + this.P(this.comp!) + ' = 1;');
      out.push('  $w[$b] = ' + st + ';');
      out.push('  break;');
    });
    out.push('default:', '  $w[$b] = ' + done + ';', '  throw $e;', '}', '}', '}');
    return out;
  }

  /** The drop's part that runs, innermost first, the finally blocks around the frame's state. */
  protected finallyLines(): string[] {
    const chains = this.regions.filter((r) => r.finChain.length > 0);
    if (chains.length === 0) return [];
    const out: string[] = ['switch (' + this.regionTableName() + '[$w[$b]]) {'];
    const seen = new Map<string, number[]>();
    const texts = new Map<string, string[]>();
    for (const r of chains) {
      const key = r.finChain.map((b) => b.pos).join(',');
      if (!seen.has(key)) {
        seen.set(key, []);
        const lines: string[] = [];
        this.finallyDepth++;
        for (const b of r.finChain) for (const st of b.statements) {
          const t = this.rw(st);
          this.record(t, -2);
          lines.push(t);
        }
        this.finallyDepth--;
        texts.set(key, lines);
      }
      seen.get(key)!.push(r.id);
    }
    seen.forEach((ids, key) => {
      for (const id of ids) out.push('case ' + id + ':');
      out.push('  { ' + texts.get(key)!.join(' ') + ' }');
      out.push('  break;');
    });
    out.push('default:', '  break;', '}');
    return out;
  }
}

export function embedW(n: number): string {
  return '\u0003' + n + '\u0004';
}

export function embedR(n: number): string {
  return '\u0005' + n + '\u0006';
}
