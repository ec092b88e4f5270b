// The first half of the device lowering (device-lowerer.ts has the rest and says what the device
// form is): the device's result registers and runtime names, and its children, that is what an
// awaited, passed or stored future opens inside the frame (a callee's embedded frame or its
// `$now` call, a primitive's record, a dyn call, a combinator over other children) and the frame
// space they take. Kept apart from the awaits and the emitted function, which only use a Child.

import ts from 'typescript';
import { skipOuter } from './ast.ts';
import { FunctionLowerer, embedR, embedW, type FutureExpr, type Mode, type Result, type Var } from './function-lowerer.ts';
import type { AsyncDecl, DeviceFunctionInfo, DynPlan } from './lowering.ts';
import { deviceHalCall } from './device-hal-calls.ts';
import type { Primitive } from './primitives.ts';
import { RECORD_REFS, RECORD_WORDS } from '../device/layout.ts';

export const DNS = '__frugal';
const PERSIST_W_OPEN = '\u000E';
const PERSIST_W_CLOSE = '\u000F';
const PERSIST_R_OPEN = '\u0010';
const PERSIST_R_CLOSE = '\u0011';
/** A return's values, rendered once finish() knows whether the function also gets a `$now` form. */
const RET_OPEN = '\u0012';
export const RET_SEP = '\u0013';
const RET_CLOSE = '\u0014';

/** A future opened inside the frame: how to poll it, finish it and drop it. */
export interface Child {
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

export abstract class DeviceChildren extends FunctionLowerer {
  /** Numeric result register i (W[RN + i]), counted so that the build sizes RN to what the program uses. */
  protected num(i: number): string {
    const regs = this.lowering.registers;
    if (i + 1 > regs.numbers) regs.numbers = i + 1;
    return DNS + '.W[' + DNS + '.RN' + (i === 0 ? '' : ' + ' + i) + ']';
  }

  /** Stored futures (`const f = sleep(5)`) and the child each holds. */
  protected readonly stored = new Map<Var, Child>();
  protected persistW = 0;
  protected persistR = 0;
  /** An embedded callee's drop runs finally blocks. */
  protected calleeDropMatters = false;
  /** Names of other modules' lowered functions this one calls, by file. */
  protected readonly imports = new Map<string, Set<string>>();

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
      case 'method': return this.methodResult(fx.call, (i) => this.num(i), REF);
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
  protected allocate(words: number, refs: number, persistent: boolean): Place {
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
  protected open(fx: FutureExpr, mode: Mode): Child {
    if (fx.kind === 'var') {
      // Awaiting or passing on a stored future moves it out of the frame's keeping.
      this.emit(this.varRef(fx.v) + ' = 0;');
      return this.stored.get(fx.v)!;
    }
    if (fx.kind === 'fn') return this.openCallee(fx.decl, fx.call, mode);
    return this.openPrimitive(fx.prim, fx.call, mode);
  }

  protected openCallee(callee: AsyncDecl, call: ts.CallExpression, mode: Mode): Child {
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
  protected functionRef(callee: AsyncDecl, exported: string, spelled: string | null): string {
    if (spelled !== null && /^[\w$]+$/.test(spelled)) return spelled;
    const file = callee.getSourceFile().fileName;
    if (file !== this.sf.fileName) {
      const names = this.imports.get(file) ?? new Set<string>();
      names.add(exported);
      this.imports.set(file, names);
    }
    return exported;
  }

  protected openPrimitive(prim: Primitive, call: ts.CallExpression, mode: Mode): Child {
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
   * A dyn call: the dyn object's adapter places the callee's frame at run time (device/device-dyn.ts);
   * the caller keeps a record of where, and passes the arguments in the registers. A future that
   * is stored or passed on never takes the caller's scratch.
   */
  protected openDyn(prim: Primitive, call: ts.CallExpression, mode: Mode): Child {
    const site = this.dynSite(prim, call);
    const found = site === null ? null : this.dynPlanOf(call, site.iface, site.method);
    if (site === null || found === null) return nothing();
    const { plan, index } = found;
    const args = Array.from(call.arguments);
    const texts = this.exprList(args);
    const nums: string[] = [];
    const refs: string[] = [];
    for (let i = site.argStart; i < args.length; i++) (this.typeKind(args[i]) === 'num' ? nums : refs).push(texts[i]);
    const d = /^[\w$]+$/.test(texts[0]) ? texts[0] : this.spillLocal(texts[0]);
    const result = this.resultOf({ kind: 'prim', prim: prim, call: call });
    const fast = mode === 'await' && plan !== undefined && plan.impls.length === 1 && plan.strategies.length === 1 && plan.strategies[0] === 'ScratchOrPool';
    if (fast) {
      // The one implementation never suspends: it needs no frame, so ScratchOrPool has nothing to place.
      const info = this.lowering.lowerFunction(plan!.impls[0]).device!;
      if (info.now !== null) return immediate(this.nowText(plan!.impls[0], info, dynSelf(d), texts.slice(site.argStart)), result);
    }
    const at = this.allocate(RECORD_WORDS + nums.length, RECORD_REFS + refs.length, mode === 'stored');
    const rec = '$w, ' + at.w(0) + ', $r, ' + at.r(0);
    const generic = (): void => {
      nums.forEach((t, i) => this.emit(this.num(i) + ' = ' + t + ';'));
      refs.forEach((t, i) => this.emit(DNS + '.R[' + (1 + i) + '] = ' + t + ';'));
      this.emit(DNS + '.dynOpen(' + rec + ', ' + d + ', ' + index + ', ' + (mode === 'await' ? 0 : 1) + ', ' + nums.length + ', ' + refs.length + ');');
    };
    if (!fast) {
      generic();
    } else {
      this.openScratchInline(plan!.impls[0], index, plan!.hostWords, plan!.hostRefs, d, nums, refs, at, generic);
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
   * The program's dyn objects for a call site's method (DynPlan) and the method's index in its
   * interface; for `call` (interface ''), found by the method's name. Null after a refusal:
   * interfaces have the method at different places.
   */
  protected dynPlanOf(call: ts.CallExpression, iface: string, method: string): { plan: DynPlan | undefined; index: number } | null {
    const plans = this.lowering.dynPlan;
    if (iface !== '') return { plan: plans?.get(iface + '.' + method), index: 0 };
    let found: DynPlan | undefined;
    if (plans !== null) {
      for (const [key, p] of plans) {
        if (key.slice(key.indexOf('.') + 1) !== method) continue;
        if (found !== undefined && found.index !== p.index) {
          this.refuse(call, 'call-ambiguous', "a dyn call of '" + method + "', a method two interfaces have at different places", 'give the methods different names');
          return null;
        }
        found = p;
      }
    }
    // No dyn object of setup has the method: no task can make this call (the function is lowered
    // because its file is in the program; the bundler drops it when nothing reaches it).
    if (found === undefined) return { plan: undefined, index: 0 };
    return { plan: found, index: found.index };
  }

  /**
   * The fast path of a dyn call whose method has one implementation in the program, placed by
   * ScratchOrPool: when the calling task's scratch is free and large enough, the call site opens
   * the frame there itself and calls the implementation's poll directly, with no placement call
   * and no dispatch; a callee that completes at once leaves the scratch free (`AT_READY` in the
   * record), one that is pending keeps it, recorded as device/device-dyn.ts records it. Otherwise the
   * call takes the general path.
   */
  protected openScratchInline(impl: AsyncDecl, index: number, hostWords: number, hostRefs: number, d: string, nums: string[], refs: string[], at: Place, generic: () => void): void {
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
    this.emit(W + '[' + DNS + '.SCR_HITS + ' + t + ']++; ' + W + '[' + W + '[' + d + ' + ' + DNS + '.DYN_ADAPTER] + ' + '(' + DNS + '.AD_COUNTERS + ' + DNS + '.A_SCRATCH)]++;');
    this.emit('if (' + poll + '(' + W + ', ' + b + ', ' + R + ', ' + rb + ')) ' + rec(0) + ' = ' + DNS + '.AT_READY;');
    this.emit('else { ' + W + '[' + DNS + '.SCR_BUSY + ' + t + '] = 1; ' + rec(0) + ' = ' + DNS + '.AT_SCRATCH; ' + rec(1) + ' = ' + b + '; ' + rec(2) + ' = ' + rb + '; ' +
      rec(3) + ' = ' + t + '; ' + rec(4) + ' = ' + fn.words + '; ' + rec(5) + ' = ' + d + '; ' + rec(6) + ' = ' + d + ' + ' + DNS + '.DYN_METHODS' + (index === 0 ? '' : ' + ' + DNS + '.DYN_METHOD_WORDS * ' + index) + '; }');
    this.emit('} else {');
    generic();
    this.emit('}');
  }

  /**
   * join, select and timeout over children opened side by side in the frame, polled inline: the
   * combinator is code in its caller, not a future of its own.
   */
  protected openCombinator(prim: Primitive, call: ts.CallExpression, mode: Mode): Child {
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
      // A child without a result (a sleep) counts 0: the registers hold what an earlier call left.
      const polls = children.map((c, i) => '(' + flag(i) + ' || ' + c.ready + ' && (' + kept(i) + ' = ' + (c.result.kind === 'void' ? '0' : this.num(0)) + ', ' +
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
    children.forEach((c, i) => { polls += c.ready + ' ? (' + won + ' = ' + i + (c.result.kind === 'void' ? ', ' + this.num(0) + ' = 0' : '') + ', 1) : '; });
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
  protected nowCallee(operand: ts.Expression): { decl: AsyncDecl; info: DeviceFunctionInfo; dyn: boolean } | null {
    const fx = this.classifyFuture(operand);
    if (fx === null || fx.kind === 'var') return null;
    let decl: AsyncDecl;
    if (fx.kind === 'fn') {
      decl = fx.decl;
      if (this.lowering.signature(decl).isMethod && !ts.isPropertyAccessExpression(skipOuter(fx.call.expression))) return null;
    } else {
      // A `call` takes the dyn path, whose own fast path calls a never-suspending implementation directly.
      if (fx.prim.dyn === undefined || fx.prim.name === 'call') return null;
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
  protected nowText(callee: AsyncDecl, info: DeviceFunctionInfo, self: string | null, args: string[]): string {
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
  protected nowCallText(operand: ts.Expression): string | null {
    const callee = this.nowCallee(operand);
    if (callee === null) return null;
    const call = skipOuter(operand) as ts.CallExpression;
    const args = Array.from(call.arguments).map((a) => this.rewriteChild(call, a));
    if (callee.dyn) return this.nowText(callee.decl, callee.info, dynSelf(args[0]), args.slice(1));
    const ce = skipOuter(call.expression);
    const self = this.lowering.signature(callee.decl).isMethod ? this.rewrite((ce as ts.PropertyAccessExpression).expression) : null;
    return this.nowText(callee.decl, callee.info, self, args);
  }
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
