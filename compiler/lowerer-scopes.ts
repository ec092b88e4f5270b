// The base of the function lowering: the lowered function's variables (which source symbol is
// which variable, and placeholders for them that finish() resolves once the frame is laid out),
// the states and try regions code is emitted into, break/continue/return through finally blocks,
// and the frame layout. Every later layer (function-lowerer.ts lists them) emits through these.
// Code is emitted before the layout is known, because whether a variable lives in the frame
// depends on how many states use it: hence the placeholders.

import ts from 'typescript';
import { isFunctionLike, type AsyncDecl } from './ast.ts';
import { diagnosticAt, type LowerDiagnostic } from './diagnostics.ts';
import type { Lowering, Signature, ValueKind } from './lowering.ts';
import type { Primitive } from './primitives.ts';

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

// Placeholders in emitted code, resolved by finish() once the layout is known: a variable
// (P_OPEN id P_CLOSE, see varRef), and the state after the last one (the function is done).
export const P_OPEN = '\u0001';
export const P_CLOSE = '\u0002';
export const DONE_MARK = '\u0007';

export abstract class LowererScopes {
  protected readonly lowering: Lowering;
  protected readonly checker: ts.TypeChecker;
  protected readonly decl: AsyncDecl;
  protected readonly sf: ts.SourceFile;
  protected readonly text: string;
  protected readonly sig: Signature;
  protected readonly diags: LowerDiagnostic[] = [];
  protected readonly vars: Var[] = [];
  protected readonly symVar = new Map<ts.Symbol, Var>();
  protected self: Var | null = null;
  /** States by id; `order` is the order they were placed in, which is the order of the cases. */
  protected readonly states: State[] = [];
  protected readonly order: State[] = [];
  /** The state code is emitted into; null after code that leaves (emit then drops the code: it is unreachable). */
  protected cur: State | null = null;
  protected readonly regions: Region[] = [];
  protected region: Region;
  /** The loops, switches and labelled statements around the code being lowered, for break and continue. */
  protected readonly records: JumpRecord[] = [];
  /** The lowered try statements with a finally around the code being lowered, innermost last. */
  protected readonly finStack: TryCtx[] = [];
  /** Variables that closures use: refused if the layout puts them in the frame. */
  protected readonly closureRefs: { v: Var; node: ts.Node }[] = [];
  /** Scratch locals of poll the lowering itself names ($x, $h...). */
  protected readonly internals = new Set<string>();
  /** The function has a try statement that suspends: it gets the completion, error and return variables. */
  protected hasTry = false;
  /** How a finally block was entered: 0 normally, 1 by a throw, 2 by a return, 3 + state by a jump. */
  protected completion: Var | null = null;
  /** The exception a catch or finally state was entered with. */
  protected err: Var | null = null;
  /** The return values held while finally blocks run. */
  protected retVars: Var[] = [];
  protected tmpCount = 0;
  /** Inside a finally block's code: break, continue and return out of it are refused. */
  protected finallyDepth = 0;

  constructor(lowering: Lowering, decl: AsyncDecl) {
    this.lowering = lowering;
    this.checker = lowering.checker;
    this.decl = decl;
    this.sf = decl.getSourceFile();
    this.text = this.sf.text;
    this.sig = lowering.signature(decl);
    this.region = this.newRegion({ kind: 'none' }, []);
  }

  /** What awaiting `e` opens, if it is a future (lowerer-awaits.ts). */
  protected abstract classifyFuture(e: ts.Expression): FutureExpr | null;

  // ---- diagnostics ---------------------------------------------------------------------------

  protected refuse(node: ts.Node, code: string, message: string, fix: string): void {
    this.diags.push(diagnosticAt(node, code, message, fix));
  }

  // ---- variables -----------------------------------------------------------------------------

  /** The variable as code text: a placeholder that becomes its frame slot or its local of poll. */
  protected varRef(v: Var): string {
    return P_OPEN + v.id + P_CLOSE;
  }

  /** The index in $w of a frame variable's word ($b + slot): where a stored future's handle is dropped. */
  protected varSlotIndex(v: Var): string {
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
    const sym = this.checker.getSymbolAtLocation(node);
    return sym === undefined ? undefined : this.symVar.get(sym);
  }

  protected typeKind(node: ts.Node): ValueKind {
    return this.lowering.kindOfType(this.checker.getTypeAtLocation(node));
  }

  protected declareBinding(name: ts.BindingName, isVar: boolean, inFinally: boolean, future: FutureExpr | null): void {
    if (ts.isIdentifier(name)) {
      const sym = this.checker.getSymbolAtLocation(name);
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
      const sym = this.checker.getSymbolAtLocation(p.name);
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
        if (n.finallyBlock !== undefined) visit(n.finallyBlock, inFinally || this.lowering.containsAwait(n));
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

  protected jumpText(target: number, finDepth: number): string {
    const fs = this.finStack;
    if (fs.length > finDepth) {
      for (let i = fs.length - 1; i >= finDepth; i--) fs[i].jumps.set(target, i - 1 >= finDepth ? fs[i - 1].finState : -1);
      return '{ ' + this.varRef(this.completion!) + ' = ' + (3 + target) + '; $w[$b] = ' + fs[fs.length - 1].finState + '; continue; }';
    }
    return '{ $w[$b] = ' + target + '; continue; }';
  }

  /** Code that returns `values` (already-evaluated texts) from the function, through any finally. */
  protected returnText(values: string[]): string {
    const parts: string[] = [];
    if (this.finStack.length > 0) {
      for (let i = 0; i < this.retVars.length && i < values.length; i++) parts.push(this.varRef(this.retVars[i]) + ' = ' + values[i] + ';');
      for (const t of this.finStack) t.returns = true;
      parts.push(this.varRef(this.completion!) + ' = 2;');
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

  // ---- frame layout ----------------------------------------------------------------------------

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
    const checker = this.checker;
    this.decl.body!.forEachChild(function collect(n: ts.Node): void {
      if (ts.isIdentifier(n)) {
        const set = symbolsByName.get(n.text) ?? new Set<ts.Symbol | undefined>();
        set.add(checker.getSymbolAtLocation(n));
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
          'declare the function at module level and pass `' + cr.v.name + '` to it as an argument (a closure in task code is made, and allocates, each time it runs)');
      }
    }
    return { frameVars, localVars, words, refs };
  }
}

export function embedW(n: number): string {
  return '\u0003' + n + '\u0004';
}

export function embedR(n: number): string {
  return '\u0005' + n + '\u0006';
}
