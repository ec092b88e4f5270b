// The front end's working state while it describes one async function (describe.ts runs it): the
// variables (which source symbol is which variable), the states and try regions code goes into,
// the loops and finally blocks around the code being described (for break, continue and return),
// the futures opened and their groups, and the refusals. The modules of the front end
// (verbatim.ts, futures.ts, expressions.ts, statements.ts) all write through one FunctionBuilder.

import ts from './typescript.ts';
import type * as TS from 'typescript';
import type { AsyncDecl } from './ast.ts';
import { diagnosticAt, type LowerDiagnostic } from './diagnostics.ts';
import {
  code, forEachHole, type Code, type Part, type DirectCall, type FutureNode, type Group, type Line, type Region, type State, type Var, type VarKind,
} from './function-ir.ts';
import { functionNames, type FileNames, type FunctionNames } from './names.ts';
import type { ProgramFacts, Signature, Site, SiteItem, ValueKind } from './program-facts.ts';

/**
 * What the front end does differently for a form (lowering.ts gives one per target): facts about
 * the runtime the form runs on that change the states, the frame or the refusals, never spelling.
 */
export interface FrontEndForm {
  /** Frame words before the variables: the state, and on the host the awaited child's handle. */
  readonly headerWords: number;
  /** Every parameter has a slot, used or not: callers write arguments straight into the frame. */
  readonly slotPerParam: boolean;
  /** The board HAL is no value: its calls are the board's own, and what only setup may call is refused. */
  readonly boardCalls: boolean;
  /** A future passed to a combinator is a handle that a frame slot keeps across later arguments' awaits. */
  readonly handles: boolean;
  /** A recursive call is pushed on the side stack, or refused (every frame is embedded in its caller's). */
  readonly recursion: 'push' | 'refuse';
  /** fromPromise can be awaited (a device bundle carries no Promise). */
  readonly promises: boolean;
  /** An await of a callee that never suspends is a plain call of its direct form, in the same state. */
  readonly directCalls: boolean;
  /** An awaited yieldNow() suspends where it is and resumes in the next state, with nothing to poll. */
  readonly yieldInPlace: boolean;
}

export interface TryCtx {
  readonly finState: number;
  /** Jump targets passing through this finally -> next finally state on the way, or -1. */
  readonly jumps: Map<number, number>;
  returns: boolean;
}

export interface JumpRecord {
  readonly node: TS.Node;
  readonly labels: string[];
  readonly breakState: number;
  /** -1 for a switch or a labelled block. */
  readonly continueState: number;
  readonly finDepth: number;
}

export class FunctionBuilder {
  readonly facts: ProgramFacts;
  readonly form: FrontEndForm;
  readonly checker: TS.TypeChecker;
  readonly decl: AsyncDecl;
  readonly sf: TS.SourceFile;
  readonly text: string;
  readonly sig: Signature;
  /** The names the function's generated code binds, and its file's. */
  readonly names: FunctionNames;
  readonly file: FileNames;
  readonly diags: LowerDiagnostic[] = [];
  readonly vars: Var[] = [];
  readonly symVar = new Map<TS.Symbol, Var>();
  self: Var | null = null;
  readonly states: State[] = [];
  readonly order: State[] = [];
  readonly resumeStates = new Set<number>();
  /** The state code goes into; null after code that leaves (lines are then dropped: they cannot run). */
  cur: State | null = null;
  readonly regions: Region[] = [];
  region: Region;
  /** The loops, switches and labelled statements around the code being described. */
  readonly records: JumpRecord[] = [];
  /** The lowered try statements with a finally around the code being described, innermost last. */
  readonly finStack: TryCtx[] = [];
  /** Variables that closures use: refused if the layout puts them in the frame. */
  readonly closureRefs: { v: Var; node: TS.Node }[] = [];
  readonly internals = new Set<string>();
  hasTry = false;
  /** How a finally block was entered: 0 normally, 1 by a throw, 2 by a return, 3 + state by a jump. */
  completion: Var | null = null;
  /** The exception a catch or finally state was entered with. */
  err: Var | null = null;
  /** The return values held while finally blocks run. */
  retVars: Var[] = [];
  tmpCount = 0;
  /** Inside a finally block's code: break, continue and return out of it are refused. */
  finallyDepth = 0;
  // Where a rewrite of code run as written is: inside a closure (its locals are not the
  // function's), and how many loops and switches of that code an unlabelled break or continue stays in.
  fnDepth = 0;
  loopDepth = 0;
  breakDepth = 0;
  /** Suspending loops around the code being described (its futures are opened again every round). */
  loops = 0;
  /** The size report's await sites and stored futures, and the site being opened. */
  readonly sites: Site[] = [];
  readonly persistent: SiteItem[] = [];
  site: Site | null = null;
  /** The group futures opened now are live in (null outside an await), every group, and stored futures. */
  group: Group | null = null;
  readonly groups: Group[] = [];
  readonly stored: FutureNode[] = [];
  readonly stores: { v: Var; node: FutureNode }[] = [];
  readonly opened: (FutureNode | DirectCall)[] = [];
  usesDyn = false;
  /** suspends() per node, which asks callees' lowerings (futures.ts). */
  readonly suspendMemo = new Map<TS.Node, boolean>();

  constructor(facts: ProgramFacts, decl: AsyncDecl, form: FrontEndForm) {
    this.facts = facts;
    this.form = form;
    this.checker = facts.checker;
    this.decl = decl;
    this.sf = decl.getSourceFile();
    this.text = this.sf.text;
    this.sig = facts.signature(decl);
    this.names = functionNames(decl);
    this.file = facts.fileNames(this.sf);
    this.region = this.newRegion({ kind: 'none' }, []);
  }

  /**
   * Records a refusal at `node`: the function is not lowered, and the build names the place and the fix.
   * - `kind` is one of the codes docs/compiler.md lists.
   */
  refuse(node: TS.Node, kind: string, message: string, fix: string): void {
    this.diags.push(diagnosticAt(node, kind, message, fix));
  }

  // ---- variables -----------------------------------------------------------------------------

  /** The variable as a value. */
  read(v: Var): Code {
    return [{ kind: 'var', v, write: false }];
  }

  /** The variable as the target of an assignment. */
  write(v: Var): Code {
    return [{ kind: 'var', v, write: true }];
  }

  /**
   * A new variable; its id is its place among the function's variables (frame layout follows it).
   * - `reg` is the parameter's register index, -1 for any other variable.
   */
  newVar(name: string, kind: VarKind, reg: number): Var {
    const v: Var = {
      id: this.vars.length, name, kind, states: new Set(), reg, forceFrame: false, inFinally: false, result: { kind: 'void' }, slot: -1, jsName: '', elided: false,
    };
    this.vars.push(v);
    return v;
  }

  /** A temporary the front end needs (a spilled value, a loop's array and index, a held handle). */
  temp(kind: VarKind): Var {
    return this.newVar('$t' + this.tmpCount++, kind, -1);
  }

  /**
   * A local of poll the front end names itself, declared with the others.
   * - `name` is one of this function's generated names (names.ts).
   */
  internal(name: string): string {
    this.internals.add(name);
    return name;
  }

  /** The variable a node (an identifier of the function's own) names, if any. */
  varOf(node: TS.Node): Var | undefined {
    const sym = this.checker.getSymbolAtLocation(node);
    return sym === undefined ? undefined : this.symVar.get(sym);
  }

  /** Whether a node's value is a number (a frame word) or anything else (a reference slot). */
  typeKind(node: TS.Node): ValueKind {
    return this.facts.kindOfType(this.checker.getTypeAtLocation(node));
  }

  // ---- states --------------------------------------------------------------------------------

  /**
   * A new try region: where an exception in its states goes, and which finally blocks a drop runs.
   * - `finChain` lists the finally blocks around the region, innermost first.
   */
  newRegion(handler: Region['handler'], finChain: readonly TS.Block[]): Region {
    const r: Region = { id: this.regions.length, handler, finChain };
    this.regions.push(r);
    return r;
  }

  /** A new state, in the current region; it is placed (becomes a case) by place(). */
  newState(): number {
    const s: State = { id: this.states.length, region: this.region.id, lines: [], gotoEnd: -1 };
    this.states.push(s);
    return s.id;
  }

  /**
   * Adds a line to the current state; the variables it uses are recorded as used there.
   * - With no current state (after code that leaves), the line cannot run and is dropped.
   */
  emitLine(line: Line): void {
    if (this.cur === null) return;
    this.cur.lines.push(line);
    const state = this.cur.id;
    const note = (c: Code): void => this.record(c, state);
    switch (line.op) {
      case 'code': note(line.code); break;
      case 'open': if (line.node.holder !== null && 'v' in line.node.holder) line.node.holder.v.states.add(state); noteNode(line.node, note); break;
      case 'store': line.v.states.add(state); break;
      case 'direct': note([{ kind: 'direct', call: line.call }]); break;
      default: break;
    }
  }

  /** Adds a code line of the parts given (emitLine). */
  emit(...parts: (Part | Code)[]): void {
    this.emitLine({ op: 'code', code: code(...parts) });
  }

  /**
   * Records the variables code uses as used in `state`.
   * - `state` is a state's id, or -2 for the drop function.
   */
  record(c: Code, state: number): void {
    forEachHole(c, (h) => {
      if (h.kind === 'var' || h.kind === 'slot') h.v.states.add(state);
    });
  }

  /** Ends the current state with a jump to `target` (nothing when there is no current state). */
  goto(target: number): void {
    if (this.cur === null) return;
    this.cur.lines.push({ op: 'goto', state: target });
    this.cur.gotoEnd = target;
    this.cur = null;
  }

  /**
   * Makes state `id` the current one and the next case; the state before falls into it.
   * - `id` was made by newState() and not placed yet.
   */
  place(id: number): void {
    if (this.cur !== null) this.goto(id);
    this.cur = this.states[id];
    this.order.push(this.cur);
  }

  /** Ends the state with code that leaves it (return, throw, multi-way jump). */
  end(...parts: (Part | Code)[]): void {
    this.emit(...parts);
    this.cur = null;
  }

  /** Code that sets the state to `state` (a back end spells it). */
  jump(state: number): Code {
    return [{ kind: 'jump', state }];
  }

  /**
   * The jump a break or continue of the code being described makes, through any finally on the way.
   * - `s` is inside a loop, switch or labelled statement this builder has a record of.
   */
  jumpStmt(s: TS.BreakStatement | TS.ContinueStatement): Code {
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
    return [';'];
  }

  /**
   * A jump to `target` that runs, on the way, the finally blocks entered since `finDepth`.
   * - `finDepth` <= the number of finally blocks around the code being described.
   */
  jumpText(target: number, finDepth: number): Code {
    const fs = this.finStack;
    if (fs.length > finDepth) {
      for (let i = fs.length - 1; i >= finDepth; i--) fs[i].jumps.set(target, i - 1 >= finDepth ? fs[i - 1].finState : -1);
      return code('{ ', this.write(this.completion!), ' = ' + (3 + target) + '; ', this.jump(fs[fs.length - 1].finState), ' continue; }');
    }
    return code('{ ', this.jump(target), ' continue; }');
  }

  /**
   * Code that returns `values` from the function, through any finally.
   * - `values` are evaluated already, one per result the signature has.
   */
  returnText(values: readonly Code[]): Code {
    if (this.finStack.length === 0) return [{ kind: 'return', values }];
    const parts: Code[] = [];
    for (let i = 0; i < this.retVars.length && i < values.length; i++) parts.push(code(this.write(this.retVars[i]), ' = ', values[i], ';'));
    for (const t of this.finStack) t.returns = true;
    parts.push(code(this.write(this.completion!), ' = 2;'));
    parts.push(this.jump(this.finStack[this.finStack.length - 1].finState));
    parts.push(['continue;']);
    const joined: (Code | string)[] = [];
    parts.forEach((p, i) => joined.push(i > 0 ? ' ' : '', p));
    return code('{ ', ...joined, ' }');
  }

  /** The values a function without a return statement at its end returns. */
  defaultReturn(): Code[] {
    const r = this.sig.result;
    return r.kind === 'tuple' ? new Array<Code>(r.n).fill(['0']) : r.kind === 'void' ? [] : [['void 0']];
  }

  // ---- futures -------------------------------------------------------------------------------

  /**
   * Records a future as opened: in the current await's group, or kept by the frame when stored.
   * - Called once per node, after its arguments were evaluated (the futures their awaits opened come first).
   */
  opens(node: FutureNode): void {
    if (node.mode === 'stored') this.stored.push(node);
    else if (node.group !== null) node.group.nodes.push(node);
    this.opened.push(node);
  }

  /** A size report item: kept by the frame (stored, or outside an await) or live at the current site. */
  addItem(item: SiteItem, mode: 'await' | 'passed' | 'stored'): void {
    if (this.loops > 0) item = { ...item, repeats: true };
    if (mode === 'stored' || this.site === null) this.persistent.push(item);
    else this.site.items.push(item);
  }
}

/** The Codes and variables an opened future's node writes where it is opened. */
function noteNode(node: FutureNode, note: (c: Code) => void): void {
  switch (node.kind) {
    case 'taken': note([{ kind: 'var', v: node.v, write: true }]); break;
    case 'primitive': node.args.forEach(note); break;
    case 'callee':
      if (node.spelled !== null) note(node.spelled);
      if (node.receiver !== null) note(node.receiver);
      node.args.forEach(note);
      break;
    case 'dyn': node.args.forEach(note); break;
    case 'combinator': if (node.ms !== null) note(node.ms); break;
    default: break;
  }
}
