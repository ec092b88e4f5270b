// One async function or method lowered for the device build: a plain function over the device
// runtime's memory (device/), polled as `f($w, $b, $r, $rb)` with its frame at word $b of $w and
// reference slot $rb of $r. The statements and expressions are lowered as for the host
// (function-lowerer.ts and the lowerer-*.ts layers under it); what differs is where futures live
// and how an await runs:
//
//  - every primitive and callee frame is embedded in its caller's frame at an offset fixed here,
//    so an await is a direct call of the child's poll function: no frame table, no handle, no
//    placement, no init call (the caller writes the child's parameters into its frame);
//  - a function that can never suspend also gets a direct form, `f$now(args)`, returning its
//    result: awaiting it is a call, and a loop whose awaits are all such calls is a plain JS loop;
//  - poll's state and the locals that live across awaits are JS variables inside poll, loaded
//    from the frame on entry and written back only when the function suspends (in a function with
//    a hot loop, only what the loop uses is cached, and its suspends save only what it assigns);
//  - a child that is still pending when its parent is dropped is dropped by the parent's state:
//    each await state knows which child is live there.
//
// Frame: words [state, numeric parameters..., numeric locals..., embedded children..., stored
// futures...], references [self, reference parameters..., reference locals..., embedded children,
// stored futures]. Parameters always have their slots, used or not, so every implementation of an
// interface method takes its arguments at the same places.

import ts from 'typescript';
import { isFunctionLike, lineOf, skipOuter } from './ast.ts';
import {
  DONE_MARK, FunctionLowerer, embedR, embedW, type FutureExpr, type Mode, type Result, type Var,
} from './function-lowerer.ts';
import type { AsyncDecl, DeviceFunctionInfo, LoweredFunction } from './lowering.ts';
import { deviceHalCall, isHalType } from './device-hal.ts';
import type { Primitive } from './primitives.ts';
import { RECORD_REFS, RECORD_WORDS } from '../device/layout.ts';

export const DNS = '__frugal';
const SUSPEND = '\u000B';
const SUSPEND_HOT = '\u0015';
const PERSIST_W_OPEN = '\u000E';
const PERSIST_W_CLOSE = '\u000F';
const PERSIST_R_OPEN = '\u0010';
const PERSIST_R_CLOSE = '\u0011';
/** A return's values, rendered once finish() knows whether the function also gets a `$now` form. */
const RET_OPEN = '\u0012';
const RET_SEP = '\u0013';
const RET_CLOSE = '\u0014';

/** A future opened inside the frame: how to poll it, finish it and drop it. */
interface Child {
  /** Expression that polls the child; truthy once it completed, with its result in the registers. */
  readonly ready: string;
  /** Expression run once after it completed (returns what its placement took), or ''. */
  readonly done: string;
  /** Expression that drops it while pending (timers, waiter entries, finally blocks), or ''. */
  readonly cancel: string;
  /** False when cancel must not run again after the child completed (a cancelled callee's finally blocks). */
  readonly reentrant: boolean;
  readonly result: Result;
  /**
   * For a callee that never suspends: the call of its `$now` form, which runs it to completion
   * and returns its first result (the others in the registers). Such a child has no frame, no
   * state and nothing to drop; ready, done and cancel are unused. Otherwise ''.
   */
  readonly now: string;
  /**
   * For a future that is pending exactly once (yieldNow): code that makes the task ready again,
   * run before the function suspends; the await then resumes in a state of its own, with nothing
   * to poll. Otherwise absent.
   */
  readonly first?: string;
}

/** Where a child's frame is: its word and reference index texts. */
interface Place {
  /** Index expression of word k of the child's frame: `$b + <offset>`. */
  w(k: number): string;
  r(k: number): string;
}

const REF = DNS + '.R[0]';

/** What each primitive's poll writes to the numeric registers (device/*.ts), beyond what the caller reads. */
const PRIMITIVE_REGISTERS: { [name: string]: number } = { recv: 1, waitSignal: 1, waitEdge: 2, readLine: 1 };

export class DeviceFunctionLowerer extends FunctionLowerer {
  /** Numeric result register i (W[RN + i]), counted so that the build sizes RN to what the program uses. */
  private num(i: number): string {
    const regs = this.lowering.registers;
    if (i + 1 > regs.numbers) regs.numbers = i + 1;
    return DNS + '.W[' + DNS + '.RN' + (i === 0 ? '' : ' + ' + i) + ']';
  }

  /** Per await state, the expression that drops its live child. */
  private readonly stateCancel = new Map<number, string>();
  /**
   * States whose number the frame must hold while poll runs, not only once it suspends: a drop
   * after a throw reads it to find the live child (poll otherwise keeps its state in `$s`).
   */
  private readonly frameStates = new Set<number>();
  /** States a suspended frame resumes in. */
  private readonly resumeStates = new Set<number>();
  /** Stored futures (`const f = sleep(5)`) and the child each holds. */
  private readonly stored = new Map<Var, Child>();
  private persistW = 0;
  private persistR = 0;
  /** An embedded callee's drop runs finally blocks. */
  private calleeDropMatters = false;
  /** Names of other modules' lowered functions this one calls, by file. */
  private readonly imports = new Map<string, Set<string>>();

  // ---- registers and runtime names ---------------------------------------------------------

  protected resultRegisters(values: string[]): string[] {
    const r = this.sig.result;
    if (r.kind === 'num') return [this.num(0) + ' = ' + values[0] + ';'];
    if (r.kind === 'ref') return [REF + ' = ' + values[0] + ';'];
    if (r.kind === 'tuple') return values.map((v, i) => this.num(i) + ' = ' + v + ';');
    return [];
  }

  protected resultOf(fx: FutureExpr): Result {
    if (fx.kind === 'var') return fx.v.result;
    if (fx.kind === 'fn') {
      const r = this.lowering.signature(fx.decl).result;
      if (r.kind === 'num') return { kind: 'one', text: this.num(0) };
      if (r.kind === 'ref') return { kind: 'one', text: REF };
      if (r.kind === 'tuple') return { kind: 'tuple', texts: Array.from({ length: r.n }, (_, i) => this.num(i)) };
      return { kind: 'void' };
    }
    switch (fx.prim.result) {
      case 'num': return { kind: 'one', text: this.num(0) };
      case 'ref': return { kind: 'one', text: REF };
      case 'join': return { kind: 'tuple', texts: fx.call.arguments.map((_, i) => this.num(i)) };
      case 'select':
        this.lowering.registers.which = true;
        return { kind: 'tuple', texts: [DNS + '.W[' + DNS + '.WHICH]', this.num(0)] };
      case 'next': return { kind: 'tuple', texts: [this.num(0), this.num(1)] };
      default: return { kind: 'void' };
    }
  }

  protected returnText(values: string[]): string {
    if (this.finStack.length > 0) return super.returnText(values);
    return RET_OPEN + values.join(RET_SEP) + RET_CLOSE;
  }

  protected syncPrimCall(prim: Primitive, args: string[]): string {
    if (prim.name === 'now') return DNS + '.W[' + DNS + '.NOW]';
    return DNS + '.' + prim.name + '(' + args.join(', ') + ')';
  }

  protected runtimeConstant(name: string): string {
    return DNS + '.' + name;
  }

  protected rewriteCall(call: ts.CallExpression): string | undefined {
    const hal = deviceHalCall(this.checker, call, (a) => this.rewriteChild(call, a));
    if (hal !== null) {
      if (hal.refusal !== undefined) this.refuse(call, 'device-hal', hal.refusal, 'call it in setup, which runs at build time');
      return hal.text;
    }
    return super.rewriteCall(call);
  }

  // ---- frame space for children ------------------------------------------------------------

  /** Words and references for a child: in the await site's group (reused by the next site) or kept for a stored future. */
  private allocate(words: number, refs: number, persistent: boolean): Place {
    if (persistent) {
      const w0 = this.persistW;
      const r0 = this.persistR;
      this.persistW += words;
      this.persistR += refs;
      return {
        w: (k) => '$b + ' + PERSIST_W_OPEN + (w0 + k) + PERSIST_W_CLOSE,
        r: (k) => '$rb + ' + PERSIST_R_OPEN + (r0 + k) + PERSIST_R_CLOSE,
      };
    }
    const w0 = this.groupW;
    const r0 = this.groupR;
    this.groupW += words;
    this.groupR += refs;
    if (this.groupW > this.embedW) this.embedW = this.groupW;
    if (this.groupR > this.embedR) this.embedR = this.groupR;
    return { w: (k) => '$b + ' + embedW(w0 + k), r: (k) => '$rb + ' + embedR(r0 + k) };
  }

  // ---- opening children --------------------------------------------------------------------

  /**
   * Opens the future `fx` inside the frame (its init code goes into the current state): awaited
   * at once, passed to a combinator, or stored in a const (its frame space is then its own).
   */
  private open(fx: FutureExpr, mode: Mode): Child {
    if (fx.kind === 'var') {
      // Awaiting or passing on a stored future moves it out of the frame's keeping.
      this.emit(this.varRef(fx.v) + ' = 0;');
      return this.stored.get(fx.v)!;
    }
    if (fx.kind === 'fn') return this.openCallee(fx.decl, fx.call, mode);
    return this.openPrimitive(fx.prim, fx.call, mode);
  }

  private openCallee(callee: AsyncDecl, call: ts.CallExpression, mode: Mode): Child {
    const persistent = mode === 'stored';
    const sig = this.lowering.signature(callee);
    if (callee === this.decl || this.lowering.isInProgress(callee)) {
      this.refuse(call, 'device-recursion', 'a recursive async call: a device build embeds every callee frame in its caller, so a frame cannot contain itself',
        'make the recursion a loop');
      return nothing();
    }
    const args = Array.from(call.arguments);
    if (args.some((a) => ts.isSpreadElement(a))) {
      this.refuse(call, 'spread-call', 'a spread argument to a lowered async function', 'pass the arguments one by one');
      return nothing();
    }
    const ce = skipOuter(call.expression);
    let receiver: string | null = null;
    if (sig.isMethod) {
      if (!ts.isPropertyAccessExpression(ce)) {
        this.refuse(call, 'method-call', 'an async method called without a receiver', 'call it as obj.method(...)');
        return nothing();
      }
      receiver = this.expr(ce.expression);
      if (args.some((a) => this.lowering.containsAwait(a))) receiver = this.spill(receiver, 'ref');
    }
    const texts = this.exprList(args);
    const lowered = this.lowering.lowerFunction(callee);
    for (const d of lowered.diagnostics) if (d.file !== this.sf.fileName) this.diags.push(d);
    const info = lowered.device!;
    const result = this.resultOf({ kind: 'fn', decl: callee, call: call });
    if (mode === 'await' && info.now !== null) return immediate(this.nowText(callee, info, receiver, texts), result);
    if (info.dropMatters) this.calleeDropMatters = true;
    const at = this.allocate(lowered.words, lowered.refs, persistent);
    for (const z of info.zeroWords) this.emit('$w[' + at.w(z) + '] = 0;');
    if (receiver !== null) this.emit('$r[' + at.r(0) + '] = ' + receiver + ';');
    sig.params.forEach((p, i) => {
      const slot = info.paramSlots[i];
      const v = i < texts.length ? texts[i] : p.kind === 'num' ? '0' : 'void 0';
      if (slot < 0) {
        // An elided parameter: its argument is still evaluated, for its side effects.
        if (i < texts.length && !/^[\w$.]+$/.test(v)) this.emit(v + ';');
        return;
      }
      this.emit(p.kind === 'num' ? '$w[' + at.w(slot) + '] = ' + v + ';' : '$r[' + at.r(slot) + '] = ' + v + ';');
    });
    const poll = this.functionRef(callee, info.poll, receiver === null ? this.rewrite(call.expression) : null);
    const args4 = '($w, ' + at.w(0) + ', $r, ' + at.r(0) + ')';
    const drop = info.drop === null ? '' : this.functionRef(callee, info.drop, null) + args4;
    return { ready: poll + args4, done: '', cancel: drop, reentrant: true, result, now: '' };
  }

  /**
   * How this module names another lowered function: a plain function by the name the call
   * spells (an import of the user's), anything else (a method, a drop) by its generated export,
   * imported from the callee's module when it lives elsewhere.
   */
  private functionRef(callee: AsyncDecl, exported: string, spelled: string | null): string {
    if (spelled !== null && /^[\w$]+$/.test(spelled)) return spelled;
    const file = callee.getSourceFile().fileName;
    if (file !== this.sf.fileName) {
      const names = this.imports.get(file) ?? new Set<string>();
      names.add(exported);
      this.imports.set(file, names);
    }
    return exported;
  }

  private openPrimitive(prim: Primitive, call: ts.CallExpression, mode: Mode): Child {
    const name = prim.name;
    const persistent = mode === 'stored';
    if (name === 'join' || name === 'select' || name === 'timeout') return this.openCombinator(prim, call, mode);
    if (prim.dyn !== undefined) return this.openDyn(prim, call, mode);
    if (name === 'fromPromise') {
      this.refuse(call, 'device-promise', 'fromPromise in a device build: device bundles carry no Promise', 'wait for the event with a frugal primitive (a signal set from the callback)');
      return nothing();
    }
    const a = this.exprList(Array.from(call.arguments));
    const w = (at: Place, k: number): string => '$w[' + at.w(k) + ']';
    const writes = PRIMITIVE_REGISTERS[name] ?? 0;
    if (writes > 0) this.num(writes - 1);
    const result = this.resultOf({ kind: 'prim', prim: prim, call: call });
    switch (name) {
      case 'sleep':
      case 'sleepUntil': {
        const at = this.allocate(2, 0, persistent);
        this.emit(w(at, 0) + ' = ' + (name === 'sleep' ? DNS + '.W[' + DNS + '.NOW] + (' + a[0] + ')' : a[0]) + ';');
        this.emit(w(at, 1) + ' = 0;');
        return { ready: DNS + '.pollSleep($w, ' + at.w(0) + ')', done: '', cancel: DNS + '.dropSleep($w, ' + at.w(0) + ')', reentrant: true, result, now: '' };
      }
      case 'yieldNow': {
        if (mode === 'await') return { ready: '1', done: '', cancel: '', reentrant: true, result, now: '', first: DNS + '.wake(' + DNS + '.W[' + DNS + '.CUR])' };
        const at = this.allocate(1, 0, persistent);
        this.emit(w(at, 0) + ' = 0;');
        return { ready: DNS + '.pollYield($w, ' + at.w(0) + ')', done: '', cancel: '', reentrant: true, result, now: '' };
      }
      case 'recv':
      case 'recvRef':
      case 'waitSignal': {
        // [source, waiter link x4]
        const at = this.allocate(5, 0, persistent);
        this.emit(w(at, 0) + ' = ' + a[0] + ';');
        this.emit(w(at, 1) + ' = 0;');
        const poll = name === 'waitSignal' ? 'pollSignal' : 'pollRecv';
        return { ready: DNS + '.' + poll + '($w, ' + at.w(0) + ')', done: '', cancel: DNS + '.unpark(' + at.w(1) + ')', reentrant: true, result, now: '' };
      }
      case 'send':
      case 'sendRef': {
        // [channel, number, waiter link x4], refs [value]
        const ref = name === 'sendRef';
        const at = this.allocate(6, ref ? 1 : 0, persistent);
        this.emit(w(at, 0) + ' = ' + a[0] + ';');
        this.emit(ref ? '$r[' + at.r(0) + '] = ' + a[1] + ';' : w(at, 1) + ' = ' + a[1] + ';');
        this.emit(w(at, 2) + ' = 0;');
        const poll = ref ? DNS + '.pollSendRef($w, ' + at.w(0) + ', $r, ' + at.r(0) + ')' : DNS + '.pollSend($w, ' + at.w(0) + ')';
        return { ready: poll, done: '', cancel: DNS + '.unpark(' + at.w(2) + ')', reentrant: true, result, now: '' };
      }
      case 'waitEdge': {
        // [source, edge kind, count when the wait began, waiter link x4]
        const at = this.allocate(7, 0, persistent);
        this.emit(w(at, 0) + ' = ' + a[0] + ';');
        this.emit(w(at, 1) + ' = ' + a[1] + ';');
        this.emit(w(at, 2) + ' = ' + DNS + '.edgeCount(' + w(at, 0) + ', ' + w(at, 1) + ');');
        this.emit(w(at, 3) + ' = 0;');
        return { ready: DNS + '.pollEdge($w, ' + at.w(0) + ')', done: '', cancel: DNS + '.unpark(' + at.w(3) + ')', reentrant: true, result, now: '' };
      }
      case 'readLine': {
        // [source, waiter link x4], refs [buffer]
        const at = this.allocate(5, 1, persistent);
        this.emit(w(at, 0) + ' = ' + a[0] + ';');
        this.emit('$r[' + at.r(0) + '] = ' + a[1] + ';');
        this.emit(w(at, 1) + ' = 0;');
        return { ready: DNS + '.pollReadLine($w, ' + at.w(0) + ', $r, ' + at.r(0) + ')', done: '', cancel: DNS + '.unpark(' + at.w(1) + ')', reentrant: true, result, now: '' };
      }
      default:
        this.refuse(call, 'device-primitive', '`' + name + '` is not available in a device build', 'build for the simulator');
        return nothing();
    }
  }

  /**
   * A dyn call: the dyn object's adapter places the callee's frame at run time (device/dyn.ts);
   * the caller keeps a record of where, and passes the arguments in the registers. A future that
   * is stored or passed on never takes the caller's scratch.
   */
  private openDyn(prim: Primitive, call: ts.CallExpression, mode: Mode): Child {
    const args = Array.from(call.arguments);
    const texts = this.exprList(args);
    const nums: string[] = [];
    const refs: string[] = [];
    for (let i = 1; i < args.length; i++) (this.typeKind(args[i]) === 'num' ? nums : refs).push(texts[i]);
    const d = /^[\w$]+$/.test(texts[0]) ? texts[0] : this.spillLocal(texts[0]);
    const result = this.resultOf({ kind: 'prim', prim: prim, call: call });
    const plan = this.lowering.dynPlan?.get(prim.dyn!.iface + '.' + prim.dyn!.method);
    const fast = mode === 'await' && plan !== undefined && plan.impls.length === 1 && plan.strategies.length === 1 && plan.strategies[0] === 'ScratchOrPool';
    if (fast) {
      // The one implementation never suspends: it needs no frame, so ScratchOrPool has nothing to place.
      const info = this.lowering.lowerFunction(plan!.impls[0]).device!;
      if (info.now !== null) return immediate(this.nowText(plan!.impls[0], info, dynSelf(d), texts.slice(1)), result);
    }
    const at = this.allocate(RECORD_WORDS + nums.length, RECORD_REFS + refs.length, mode === 'stored');
    const rec = '$w, ' + at.w(0) + ', $r, ' + at.r(0);
    const generic = (): void => {
      nums.forEach((t, i) => this.emit(this.num(i) + ' = ' + t + ';'));
      refs.forEach((t, i) => this.emit(DNS + '.R[' + (1 + i) + '] = ' + t + ';'));
      this.emit(DNS + '.dynOpen(' + rec + ', ' + d + ', 0, ' + (mode === 'await' ? 0 : 1) + ', ' + nums.length + ', ' + refs.length + ');');
    };
    if (!fast) {
      generic();
    } else {
      this.openScratchInline(plan!.impls[0], plan!.hostWords, plan!.hostRefs, d, nums, refs, at, generic);
    }
    return {
      ready: fast ? '(' + '$w[' + at.w(0) + '] === ' + DNS + '.AT_READY || ' + DNS + '.dynReady(' + rec + ', ' + nums.length + ', ' + refs.length + '))' :
        DNS + '.dynReady(' + rec + ', ' + nums.length + ', ' + refs.length + ')',
      done: fast ? '($w[' + at.w(0) + '] === ' + DNS + '.AT_READY ? $w[' + at.w(0) + '] = 0 : ' + DNS + '.dynDone(' + rec + '))' : DNS + '.dynDone(' + rec + ')',
      cancel: DNS + '.dynCancel(' + rec + ')',
      reentrant: true,
      result,
      now: '',
    };
  }

  /**
   * The fast path of a dyn call whose method has one implementation in the program, placed by
   * ScratchOrPool: when the calling task's scratch is free and large enough, the call site opens
   * the frame there itself and calls the implementation's poll directly, with no placement call
   * and no dispatch; a callee that completes at once leaves the scratch free (`AT_READY` in the
   * record), one that is pending keeps it, recorded as device/dyn.ts records it. Otherwise the
   * call takes the general path.
   */
  private openScratchInline(impl: AsyncDecl, hostWords: number, hostRefs: number, d: string, nums: string[], refs: string[], at: Place, generic: () => void): void {
    const fn = this.lowering.lowerFunction(impl);
    const info = fn.device!;
    const poll = this.functionRef(impl, info.poll, null);
    const t = this.internal('$k');
    const b = this.internal('$fb');
    const rb = this.internal('$frb');
    const W = DNS + '.W';
    const R = DNS + '.R';
    const rec = (k: number): string => '$w[' + at.w(k) + ']';
    this.emit(t + ' = ' + W + '[' + DNS + '.CUR];');
    this.emit('if (' + W + '[' + DNS + '.SCR_BUSY + ' + t + '] === 0 && ' + hostWords + ' <= ' + W + '[' + DNS + '.SCR_WORDS + ' + t + '] && ' + hostRefs +
      ' <= ' + W + '[' + DNS + '.SCR_REFS + ' + t + ']) {');
    this.emit(b + ' = ' + W + '[' + DNS + '.SCR_BASE + ' + t + ']; ' + rb + ' = ' + W + '[' + DNS + '.SCR_RBASE + ' + t + '];');
    for (const z of info.zeroWords) this.emit(W + '[' + b + (z === 0 ? '' : ' + ' + z) + '] = 0;');
    this.emit(R + '[' + rb + '] = ' + R + '[' + W + '[' + d + ']];');
    nums.forEach((v, i) => this.emit(W + '[' + b + ' + ' + (1 + i) + '] = ' + v + ';'));
    refs.forEach((v, i) => this.emit(R + '[' + rb + ' + ' + (1 + i) + '] = ' + v + ';'));
    this.emit(W + '[' + DNS + '.SCR_HITS + ' + t + ']++; ' + W + '[' + W + '[' + d + ' + ' + DNS + '.DYN_ADAPTER] + ' + DNS + '.A_SCRATCH]++;');
    this.emit('if (' + poll + '(' + W + ', ' + b + ', ' + R + ', ' + rb + ')) ' + rec(0) + ' = ' + DNS + '.AT_READY;');
    this.emit('else { ' + W + '[' + DNS + '.SCR_BUSY + ' + t + '] = 1; ' + rec(0) + ' = ' + DNS + '.AT_SCRATCH; ' + rec(1) + ' = ' + b + '; ' + rec(2) + ' = ' + rb + '; ' +
      rec(3) + ' = ' + t + '; ' + rec(4) + ' = ' + fn.words + '; ' + rec(5) + ' = ' + d + '; ' + rec(6) + ' = ' + d + ' + ' + DNS + '.DYN_METHODS; }');
    this.emit('} else {');
    generic();
    this.emit('}');
  }

  /**
   * join, select and timeout over children opened side by side in the frame, polled inline: the
   * combinator is code in its caller, not a future of its own.
   */
  private openCombinator(prim: Primitive, call: ts.CallExpression, mode: Mode): Child {
    const persistent = mode === 'stored';
    const args = Array.from(call.arguments);
    const children: Child[] = [];
    let ms = '';
    for (let i = 0; i < args.length; i++) {
      if (prim.name === 'timeout' && i === 0) {
        ms = this.expr(args[0]);
        if (args.slice(1).some((x) => this.lowering.containsAwait(x))) ms = this.spill(ms, 'num');
        continue;
      }
      const fx = this.classifyFuture(args[i]);
      if (fx === null) {
        this.refuseAwait(args[i]);
        return nothing();
      }
      children.push(this.open(fx, persistent ? 'stored' : 'passed'));
    }
    if (prim.name === 'timeout') {
      // The sleep is opened after the future it limits, as the host's timeout does.
      const at = this.allocate(2, 0, persistent);
      this.emit('$w[' + at.w(0) + '] = ' + DNS + '.W[' + DNS + '.NOW] + (' + ms + ');');
      this.emit('$w[' + at.w(1) + '] = 0;');
      children.push({ ready: DNS + '.pollSleep($w, ' + at.w(0) + ')', done: '', cancel: DNS + '.dropSleep($w, ' + at.w(0) + ')', reentrant: true, result: { kind: 'void' }, now: '' });
    }
    const result = this.resultOf({ kind: 'prim', prim: prim, call: call });
    if (prim.name === 'join') {
      // Per child a done flag and its first numeric result; each child is finished as soon as it completes.
      const at = this.allocate(2 * children.length, 0, persistent);
      const flag = (i: number): string => '$w[' + at.w(2 * i) + ']';
      const kept = (i: number): string => '$w[' + at.w(2 * i + 1) + ']';
      children.forEach((_, i) => this.emit(flag(i) + ' = 0;'));
      const polls = children.map((c, i) => '(' + flag(i) + ' || ' + c.ready + ' && (' + kept(i) + ' = ' + this.num(0) + ', ' +
        (c.done !== '' ? c.done + ', ' : '') + flag(i) + ' = 1))');
      const results = children.map((_, i) => this.num(i) + ' = ' + kept(i)).join(', ');
      const cancels = children.map((c, i) => (c.cancel !== '' ? '(' + flag(i) + ' || ' + c.cancel + ')' : '')).filter((x) => x !== '').reverse();
      return {
        ready: '((' + polls.join(' & ') + ') && (' + results + ', 1))',
        done: '',
        cancel: cancels.join(', '),
        reentrant: children.every((c) => c.reentrant),
        result,
        now: '',
      };
    }
    // select / timeout: the first child to complete wins; every child is finished or dropped then.
    this.lowering.registers.which = true;
    const at = this.allocate(1, 0, persistent);
    const won = '$w[' + at.w(0) + ']';
    let polls = '';
    children.forEach((c, i) => { polls += c.ready + ' ? (' + won + ' = ' + i + ', 1) : '; });
    polls += '0';
    const settle: string[] = [];
    for (let i = children.length - 1; i >= 0; i--) {
      const c = children[i];
      const end = c.done !== '' ? c.done : '0';
      const drop = c.cancel !== '' ? c.cancel : '0';
      if (end !== '0' || drop !== '0') settle.push('(' + won + ' === ' + i + ' ? ' + end + ' : ' + drop + ')');
    }
    const cancels = children.map((c) => c.cancel).filter((x) => x !== '').reverse();
    return {
      ready: '((' + polls + ') && (' + DNS + '.W[' + DNS + '.WHICH] = ' + won + ', ' + settle.concat(['1']).join(', ') + '))',
      done: '',
      cancel: cancels.join(', '),
      reentrant: children.every((c) => c.reentrant),
      result,
      now: '',
    };
  }

  // ---- callees that never suspend -----------------------------------------------------------

  /**
   * The callee an await of `operand` runs to completion with a plain call of its `$now` form: a
   * lowered function that never suspends, or the one such implementation of a dyn method that
   * ScratchOrPool places (it needs no frame, so there is nothing to place). Otherwise null.
   */
  private nowCallee(operand: ts.Expression): { decl: AsyncDecl; info: DeviceFunctionInfo; dyn: boolean } | null {
    const fx = this.classifyFuture(operand);
    if (fx === null || fx.kind === 'var') return null;
    let decl: AsyncDecl;
    if (fx.kind === 'fn') {
      decl = fx.decl;
      if (this.lowering.signature(decl).isMethod && !ts.isPropertyAccessExpression(skipOuter(fx.call.expression))) return null;
    } else {
      if (fx.prim.dyn === undefined) return null;
      const plan = this.lowering.dynPlan?.get(fx.prim.dyn.iface + '.' + fx.prim.dyn.method);
      if (plan === undefined || plan.impls.length !== 1 || plan.strategies.length !== 1 || plan.strategies[0] !== 'ScratchOrPool') return null;
      decl = plan.impls[0];
    }
    if (decl === this.decl || this.lowering.isInProgress(decl)) return null;
    const info = this.lowering.lowerFunction(decl).device!;
    return info.now !== null ? { decl, info, dyn: fx.kind === 'prim' } : null;
  }

  /**
   * The call of `callee`'s `$now` form: `self` (a method's receiver) first, then the arguments
   * that have parameter slots; an argument for an elided parameter is still evaluated, before the call.
   */
  private nowText(callee: AsyncDecl, info: DeviceFunctionInfo, self: string | null, args: string[]): string {
    const params = this.lowering.signature(callee).params;
    const passed = self !== null ? [self] : [];
    const effects: string[] = [];
    params.forEach((p, i) => {
      const v = i < args.length ? args[i] : p.kind === 'num' ? '0' : 'void 0';
      if (info.paramSlots[i] >= 0) passed.push(v);
      else if (!/^[\w$.]+$/.test(v)) effects.push(v);
    });
    const call = this.functionRef(callee, info.now!, null) + '(' + passed.join(', ') + ')';
    return effects.length > 0 ? '(' + effects.concat([call]).join(', ') + ')' : call;
  }

  /** The `$now` call for an await of `operand` in code emitted as written (its arguments cannot suspend). */
  private nowCallText(operand: ts.Expression): string | null {
    const callee = this.nowCallee(operand);
    if (callee === null) return null;
    const call = skipOuter(operand) as ts.CallExpression;
    const args = Array.from(call.arguments).map((a) => this.rewriteChild(call, a));
    if (callee.dyn) return this.nowText(callee.decl, callee.info, dynSelf(args[0]), args.slice(1));
    const ce = skipOuter(call.expression);
    const self = this.lowering.signature(callee.decl).isMethod ? this.rewrite((ce as ts.PropertyAccessExpression).expression) : null;
    return this.nowText(callee.decl, callee.info, self, args);
  }

  private readonly suspendMemo = new Map<ts.Node, boolean>();

  /** Awaits of callees that never suspend do not suspend, where code emitted as written can take their results. */
  protected suspends(n: ts.Node): boolean {
    const memo = this.suspendMemo.get(n);
    if (memo !== undefined) return memo;
    let found = false;
    const visit = (x: ts.Node): void => {
      if (found || isFunctionLike(x)) return;
      if (ts.isForOfStatement(x) && x.awaitModifier !== undefined) found = true;
      else if (ts.isAwaitExpression(x) && (this.nowCallee(x.expression) === null || !this.takesResult(x))) found = true;
      else x.forEachChild(visit);
    };
    if (this.lowering.containsAwait(n)) visit(n);
    this.suspendMemo.set(n, found);
    return found;
  }

  /**
   * Whether code emitted as written can take the result of the immediate await `a`: any single
   * value; a tuple only where it is destructured into plain names (`const [v, done] = await ...`,
   * `[v, done] = await ...`) or returned.
   */
  private takesResult(a: ts.AwaitExpression): boolean {
    const fx = this.classifyFuture(a.expression)!;
    if (this.resultOf(fx).kind !== 'tuple') return true;
    let p: ts.Node = a.parent;
    while (ts.isParenthesizedExpression(p)) p = p.parent;
    if (ts.isReturnStatement(p)) return this.sig.result.kind === 'tuple';
    if (ts.isVariableDeclaration(p) && ts.isArrayBindingPattern(p.name)) {
      return ts.isVariableDeclarationList(p.parent) && p.parent.declarations.length === 1 && p.name.elements.every((e) => ts.isOmittedExpression(e) || ts.isIdentifier(e.name) && e.initializer === undefined && e.dotDotDotToken === undefined);
    }
    if (ts.isBinaryExpression(p) && p.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isArrayLiteralExpression(p.left) && ts.isExpressionStatement(p.parent)) {
      return p.left.elements.every((e) => ts.isOmittedExpression(e) || ts.isIdentifier(e));
    }
    return false;
  }

  /** `targets = tuple result of the $now call`, as an expression: the first from the call, the rest from the registers. */
  private nowDestructure(targets: (string | null)[], a: ts.AwaitExpression): string {
    const res = this.resultOf(this.classifyFuture(a.expression)!);
    const texts = res.kind === 'tuple' ? res.texts : [];
    const call = this.nowCallText(a.expression)!;
    const parts = [(targets[0] !== null && targets[0] !== undefined ? targets[0] : this.internal('$v')) + ' = ' + call];
    for (let i = 1; i < targets.length && i < texts.length; i++) if (targets[i] !== null) parts.push(targets[i] + ' = ' + texts[i]);
    return parts.join(', ');
  }

  protected rewriteSpecial(node: ts.Node): string | undefined {
    if (this.fnDepth === 0) {
      if (ts.isAwaitExpression(node)) {
        const call = this.nowCallText(node.expression);
        if (call !== null) return call;
      }
      if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isArrayLiteralExpression(node.left)) {
        const right = skipOuter(node.right);
        if (ts.isAwaitExpression(right) && this.nowCallee(right.expression) !== null) {
          return '(' + this.nowDestructure(node.left.elements.map((e) => (ts.isIdentifier(e) ? this.targetText(e) : null)), right) + ')';
        }
      }
      if (ts.isReturnStatement(node) && node.expression !== undefined && this.sig.result.kind === 'tuple' && this.finallyDepth === 0) {
        const inner = skipOuter(node.expression);
        if (ts.isAwaitExpression(inner) && this.nowCallee(inner.expression) !== null) {
          const res = this.resultOf(this.classifyFuture(inner.expression)!);
          const v = this.internal('$v');
          const texts = res.kind === 'tuple' ? res.texts.slice(1) : [];
          return '{ ' + v + ' = ' + this.nowCallText(inner.expression) + '; ' + this.returnText([v].concat(texts)) + ' }';
        }
      }
    }
    return super.rewriteSpecial(node);
  }

  protected rewriteDeclList(list: ts.VariableDeclarationList, targetOnly: boolean): string {
    const d = list.declarations[0];
    if (!targetOnly && list.declarations.length === 1 && ts.isArrayBindingPattern(d.name) && d.initializer !== undefined) {
      const inner = skipOuter(d.initializer);
      if (ts.isAwaitExpression(inner) && this.nowCallee(inner.expression) !== null) {
        return this.nowDestructure(d.name.elements.map((e) => (ts.isOmittedExpression(e) ? null : this.targetText(e.name))), inner);
      }
    }
    return super.rewriteDeclList(list, targetOnly);
  }

  // ---- awaits and stored futures -----------------------------------------------------------

  protected awaitExpr(operand: ts.Expression, node: ts.Node): Result {
    const fx = this.classifyFuture(operand);
    if (fx === null) {
      this.refuseAwait(operand);
      return { kind: 'void' };
    }
    // A nested await's children go after the ones already opened for the enclosing site.
    const outer = this.site;
    const saveW = outer !== null ? this.groupW : 0;
    const saveR = outer !== null ? this.groupR : 0;
    this.groupW = saveW;
    this.groupR = saveR;
    this.site = { line: lineOf(node), items: [] };
    const child = this.open(fx, 'await');
    this.site = outer;
    this.groupW = saveW;
    this.groupR = saveR;
    if (child.now !== '') return this.nowResult(child);
    const k = this.newState();
    this.resumeStates.add(k);
    if (child.first !== undefined) {
      this.emit(child.first + ';');
      this.emit('$w[$b] = ' + k + ';');
      this.emit(SUSPEND);
      this.cur = null;
      this.place(k);
      return child.result;
    }
    this.goto(k);
    this.place(k);
    this.emit('if (!(' + child.ready + ')) ' + SUSPEND);
    if (child.done !== '') this.emit(child.done + ';');
    if (child.cancel !== '') {
      this.stateCancel.set(k, child.cancel);
      // A child whose drop must not run twice: past this point the frame is in a state with no live child.
      this.frameStates.add(k);
      if (!child.reentrant) {
        const past = this.newState();
        this.frameStates.add(past);
        this.emit('$w[$b] = ' + past + ';');
      }
    }
    return child.result;
  }

  /**
   * An await of a callee that never suspends is a plain call: its first result comes back as the
   * call's value, into `$v` (read at once, as the registers are), the others in the registers.
   */
  private nowResult(child: Child): Result {
    const r = child.result;
    if (r.kind === 'void') {
      this.emit(child.now + ';');
      return r;
    }
    const v = this.internal('$v');
    this.emit(v + ' = ' + child.now + ';');
    if (r.kind === 'one') return { kind: 'one', text: v };
    return { kind: 'tuple', texts: [v].concat(r.texts.slice(1)) };
  }

  protected storeFuture(v: Var, fx: FutureExpr): void {
    v.result = this.resultOf(fx);
    const prev = this.stored.get(v);
    if (prev !== undefined && prev.cancel !== '') this.emit('if (' + this.varRef(v) + ') ' + prev.cancel + ';');
    const child = this.open(fx, 'stored');
    this.stored.set(v, child);
    this.emit(this.varRef(v) + ' = 1;');
  }

  // ---- the function ------------------------------------------------------------------------

  protected finish(): LoweredFunction {
    const name = this.sig.name;
    // A HAL parameter carries nothing on the device (its calls are Espruino calls): no slot.
    for (const p of this.decl.parameters) {
      const sym = this.checker.getSymbolAtLocation(p.name);
      const v = sym !== undefined ? this.symVar.get(sym) : undefined;
      if (v !== undefined && isHalType(this.checker.getTypeAtLocation(p))) {
        v.elided = true;
        v.jsName = '0';
      }
    }
    const { frameVars, localVars, words: varWords, refs: varRefs } = this.layoutVars(1, true);
    const embedBase = varWords;
    const embedRefBase = varRefs;
    const persistBase = embedBase + this.embedW;
    const persistRefBase = embedRefBase + this.embedR;
    const words = persistBase + this.persistW;
    const refs = persistRefBase + this.persistR;
    const done = this.states.length;

    // Frame variables other than stored-future flags are JS variables of poll: read on entry,
    // written back when the function suspends. The drop reads them from the frame.
    // In a function whose innermost suspending loop is where it spends its time, only what that
    // loop uses is loaded on entry and saved on suspend; the rest is read in the frame where used.
    const hot = this.hotLoop();
    const hotStates = hot === null ? null : this.order.slice(hot[0], hot[1] + 1).map((st) => st.id);
    const cached = frameVars.filter((v) => v.kind !== 'handle' && v.states.size > 0 && !(v.states.size === 1 && v.states.has(-2)) &&
      (hotStates === null || hotStates.some((id) => v.states.has(id))));
    for (const v of cached) v.jsName = '$' + v.id + '_' + v.name.replace(/\W/g, '');
    const frameText = (v: Var): string => (v.kind === 'ref' ? '$r[$rb + ' + v.slot + ']' : '$w[$b + ' + v.slot + ']');
    const offsets = (t: string): string => t
      .replace(/\u0003(\d+)\u0004/g, (_m, n: string) => String(embedBase + parseInt(n, 10)))
      .replace(/\u0005(\d+)\u0006/g, (_m, n: string) => String(embedRefBase + parseInt(n, 10)))
      .replace(/\u000E(\d+)\u000F/g, (_m, n: string) => String(persistBase + parseInt(n, 10)))
      .replace(/\u0010(\d+)\u0011/g, (_m, n: string) => String(persistRefBase + parseInt(n, 10)))
      .split(DONE_MARK).join(String(done));
    const resolve = (t: string, inPoll: boolean): string => offsets(t.replace(/\u0001(\d+)(#?)\u0002/g, (_m, id: string, idx: string) => {
      const v = this.vars[parseInt(id, 10)];
      if (v.slot < 0) return v.jsName;
      if (idx === '#') return '$b + ' + v.slot;
      return inPoll && cached.indexOf(v) >= 0 ? v.jsName : frameText(v);
    }));
    const saves = (vs: Var[]): string => vs.map((v) => frameText(v) + ' = ' + v.jsName + '; ').join('');
    // poll runs on its state in `$s`; the frame gets it when poll suspends.
    const suspend = '{ $w[$b] = $s; ' + saves(cached) + 'return 0; }';
    // A suspend inside the hot loop saves only what the loop's states assign; the other cached
    // variables are saved on every jump into the loop from outside, once per loop entry, when code
    // outside the loop assigns them.
    let hotSuspend = suspend;
    if (hotStates !== null) {
      const hotCode = this.order.filter((st) => hotStates.indexOf(st.id) >= 0).map((st) => st.code.join('\n')).join('\n');
      const coldCode = this.order.filter((st) => hotStates.indexOf(st.id) < 0).map((st) => st.code.join('\n')).join('\n');
      const assigned = cached.filter((v) => assigns(hotCode, v.id));
      // What the loop does not assign reaches the frame when entering it, if anything assigned it
      // before (a parameter nobody assigns is in the frame already).
      const rest = cached.filter((v) => assigned.indexOf(v) < 0 && assigns(coldCode, v.id));
      hotSuspend = '{ $w[$b] = $s; ' + saves(assigned) + 'return 0; }';
      const entering = new RegExp('\\$w\\[\\$b\\] = (' + hotStates.join('|') + ');', 'g');
      for (const st of this.order) {
        const hotState = hotStates.indexOf(st.id) >= 0;
        for (let i = 0; i < st.code.length; i++) {
          st.code[i] = hotState ? st.code[i].split(SUSPEND).join(SUSPEND_HOT) : rest.length > 0 ? st.code[i].replace(entering, (m) => saves(rest) + m) : st.code[i];
        }
      }
    }

    // The live child of each await state, dropped when the frame is dropped there (or a try catches).
    const cancelByState: string[] = [];
    this.stateCancel.forEach((cancel, state) => {
      cancelByState.push((cancelByState.length > 0 ? 'else ' : '') + 'if ($s === ' + state + ') ' + cancel + ';');
    });
    const cancelChild = cancelByState.length > 0 ? ['$s = $w[$b];'].concat(cancelByState) : [];

    // poll
    const pollLocals = localVars.filter((v) => v.states.size > 0 && !(v.states.size === 1 && v.states.has(-2))).map((v) => v.jsName);
    const internals = Array.from(this.internals).sort();
    const firstCode = this.order.length > 0 ? this.order[0].code.join('\n  ') : '';
    const body = this.deviceCaseLines();
    body.push('default:');
    body.push('  return ' + DNS + '.fail(' + DNS + '.M_POLLED_AFTER_DONE, []);');
    const pollLines: string[] = [];
    const entry = cached.map((v) => v.jsName + ' = ' + frameText(v));
    pollLines.push('var ' + ['$s = $w[$b]'].concat(entry, pollLocals, internals).join(', ') + ';');
    pollLines.push(...this.dispatchLines(body, cancelByState, done));
    this.frameStates.add(done);
    const finallies = this.finallyLines();
    let pollText = this.returns(pollLines.join('\n  '), (values) =>
      '{ ' + this.resultRegisters(values).concat(['$w[$b] = ' + DONE_MARK + ';', 'return 1;']).join(' ') + ' }')
      .replace(/\$w\[\$b\] = (\d+);/g, (_m, n: string) => (this.frameStates.has(parseInt(n, 10)) ? '$w[$b] = $s = ' : '$s = ') + n + ';')
      .split('switch ($w[$b])').join('switch ($s)')
      .split('[$w[$b]]').join('[$s]');
    // Nothing reads a completed frame's state but its drop, and a drop with no finally block
    // does nothing there: the write is left out.
    if (finallies.length === 0) pollText = pollText.split('$w[$b] = ' + DONE_MARK + '; ').join('');
    const poll = resolve(pollText, true).split(SUSPEND).join(suspend).split(SUSPEND_HOT).join(hotSuspend);

    // drop
    const dropLines: string[] = cancelChild.slice();
    this.stored.forEach((child, v) => {
      if (child.cancel !== '') dropLines.push('if (' + this.varRef(v) + ') ' + child.cancel + ';');
    });
    dropLines.push(...finallies);
    const dropLocals = localVars.filter((v) => v.states.has(-2)).map((v) => v.jsName);
    if (cancelChild.length > 0) dropLocals.push('$s');
    const pollName = this.devicePollName();
    const dropName = dropLines.length > 0 ? pollName + '$drop' : null;
    const params = refs > 0 ? '($w, $b, $r, $rb)' : '($w, $b)';
    let code = 'export function ' + pollName + params + ' {\n  ' + poll + '\n}\n';
    const now = this.nowForm(firstCode, cached, pollLocals.concat(internals), resolve);
    if (now !== null) code += 'export function ' + pollName + '$now' + now + '\n';
    if (dropName !== null) {
      code += 'export function ' + dropName + params + ' {\n  ' + (dropLocals.length > 0 ? 'var ' + dropLocals.join(', ') + ';\n  ' : '') +
        resolve(dropLines.join('\n  '), false) + '\n}\n';
    }
    const info: DeviceFunctionInfo = {
      poll: pollName,
      drop: dropName,
      dropMatters: finallies.length > 0 || this.calleeDropMatters,
      paramSlots: this.vars.filter((v) => v.reg >= 0 && v !== this.self).map((v) => v.slot),
      now: now !== null ? pollName + '$now' : null,
      zeroWords: [0].concat(frameVars.filter((v) => v.kind === 'handle').map((v) => v.slot)),
      imports: this.imports,
    };
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
      spec: code,
      prelude: this.regionTable(done),
      diagnostics: this.diags,
      usesDyn: this.usesDyn,
      device: info,
    };
  }

  /**
   * The innermost loop that suspends, as the range of its states in placement order (its head to
   * the state that jumps back to it), or null.
   */
  private hotLoop(): [number, number] | null {
    const index = new Map<number, number>();
    this.order.forEach((st, i) => index.set(st.id, i));
    let loop: [number, number] | null = null;
    this.order.forEach((st, i) => {
      const head = st.gotoEnd >= 0 ? index.get(st.gotoEnd) : undefined;
      if (head !== undefined && head <= i && (loop === null || i - head < loop[1] - loop[0])) loop = [head, i];
    });
    const found: [number, number] | null = loop;
    if (found === null || !this.order.slice(found[0], found[1] + 1).some((st) => this.resumeStates.has(st.id))) return null;
    return found;
  }

  /** `text` with each return's values rendered by `render`. */
  private returns(text: string, render: (values: string[]) => string): string {
    return text.replace(/\u0012([^\u0014]*)\u0014/g, (_m, vs: string) => render(vs === '' ? [] : vs.split(RET_SEP)));
  }

  /**
   * The `$now` form of a function that never suspends (one state, no try, no child of its own in
   * the frame): its parameters and locals are JS variables, it returns its first result and
   * writes the others to the registers. Its callers call it instead of polling a frame. Returns
   * the parameter list and body, or null when the function suspends or needs its frame.
   */
  private nowForm(code: string, cached: Var[], locals: string[], resolve: (t: string, inPoll: boolean) => string): string | null {
    if (this.hasTry || this.order.length !== 1 || this.stored.size > 0 || this.embedW + this.embedR + this.persistW + this.persistR > 0) return null;
    const r = this.sig.result;
    let held = false;
    const body = resolve(this.returns(code, (values) => {
      if (values.length === 0) return '{ return; }';
      const rest = r.kind === 'tuple' ? values.slice(1).map((v, i) => this.num(i + 1) + ' = ' + v + ';') : [];
      if (rest.length === 0) return '{ return ' + values[0] + '; }';
      // The values are evaluated in order: the first is held while the others are written.
      if (values.slice(1).every((v) => /^-?[\d.]+$/.test(v))) return '{ ' + rest.concat(['return ' + values[0] + ';']).join(' ') + ' }';
      held = true;
      return '{ $v = ' + values[0] + '; ' + rest.join(' ') + ' return $v; }';
    }), true);
    if (held && locals.indexOf('$v') < 0) locals = locals.concat(['$v']);
    if (body.indexOf(SUSPEND) >= 0 || /\$(w|b|r|rb)\b/.test(body)) return null;
    const params = this.vars.filter((v) => v.reg >= 0 && !v.elided);
    const names = params.map((v) => (cached.indexOf(v) >= 0 ? v.jsName : '$p' + v.id));
    const own = cached.filter((v) => params.indexOf(v) < 0).map((v) => v.jsName).concat(locals);
    return '(' + names.join(', ') + ') {\n  ' + (own.length > 0 ? 'var ' + own.join(', ') + ';\n  ' : '') + body + '\n}';
  }

  /**
   * The cases in the order Espruino reads them fastest: it evaluates a switch by reading through
   * every case before the match, so the innermost loop's states (the target of the hot backward
   * jump) come first; and a state that falls through into the next case does not write the next
   * state's number unless something reads it there (a try's catch, or the drop of a live child).
   */
  private deviceCaseLines(): string[] {
    const order = this.order;
    const hot = this.hotLoop();
    if (hot !== null) {
      const chain = order.splice(hot[0], hot[1] - hot[0] + 1);
      // Resuming is what the loop does most: its resume state goes first, the others follow in
      // loop order, so that the loop runs through by falling from case to case.
      const r = chain.findIndex((st) => this.resumeStates.has(st.id));
      order.unshift(...chain.slice(r), ...chain.slice(0, r));
    }
    if (!this.hasTry) {
      // A state nothing jumps to (the end of a function that loops forever) is left out: its case
      // would cost bytes and, before the match, a comparison on every poll.
      const reached = new Set<number>([0]);
      for (const st of order) {
        if (st.gotoEnd >= 0) reached.add(st.gotoEnd);
        for (const line of st.code) for (const m of line.matchAll(/\$w\[\$b\] = (\d+);/g)) reached.add(parseInt(m[1], 10));
      }
      for (let i = order.length - 1; i >= 0; i--) if (!reached.has(order[i].id)) order.splice(i, 1);
      order.forEach((st, i) => {
        const next = order[i + 1];
        const last = st.code.length - 1;
        // A state that can suspend saves `$s` to the frame: it must hold that state's number.
        if (next !== undefined && st.gotoEnd === next.id && !next.code.some((l) => l.indexOf(SUSPEND) >= 0 || l.indexOf(SUSPEND_HOT) >= 0) && st.code[last] === '$w[$b] = ' + next.id + ';') {
          st.code.pop();
        }
      });
    }
    return this.caseLines();
  }

  /** The exported name of this function's poll: its own name, or Class$method for a method. */
  private devicePollName(): string {
    const d = this.decl;
    const own = d.name !== undefined && ts.isIdentifier(d.name) ? d.name.text : 'anonymous';
    if (ts.isMethodDeclaration(d) && ts.isClassDeclaration(d.parent) && d.parent.name !== undefined) return d.parent.name.text + '$' + own;
    return own;
  }
}

/**
 * Whether lowered code `text` assigns variable `id` (written `\u0001id\u0002`): as the target of
 * an assignment operator, or incremented or decremented.
 */
function assigns(text: string, id: number): boolean {
  const v = '\u0001' + id + '\u0002';
  return new RegExp(v + '\\s*([-+*/%&|^]|<<|>>>?|\\*\\*)?=(?!=)|' + v + '\\s*(\\+\\+|--)|(\\+\\+|--)\\s*' + v).test(text);
}

/** The object a dyn value at W index `d` calls its implementation on. */
function dynSelf(d: string): string {
  return DNS + '.R[' + DNS + '.W[' + d + ']]';
}

function nothing(): Child {
  return { ready: '1', done: '', cancel: '', reentrant: true, result: { kind: 'void' }, now: '' };
}

function immediate(call: string, result: Result): Child {
  return { ready: '1', done: '', cancel: '', reentrant: true, result, now: call };
}
