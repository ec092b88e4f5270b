// One async function or method lowered for the device build: a plain function over the device
// runtime's memory (device/), polled as `f($w, $b, $r, $rb)` with its frame at word $b of $w and
// reference slot $rb of $r. The statements and expressions are lowered as for the host
// (function-lowerer.ts); what differs is where futures live and how an await runs:
//
//  - every primitive and callee frame is embedded in its caller's frame at an offset fixed here,
//    so an await is a direct call of the child's poll function: no frame table, no handle, no
//    placement, no init call (the caller writes the child's parameters into its frame);
//  - locals that live across awaits are JS variables inside poll, loaded from the frame on entry
//    and written back only when the function suspends;
//  - a child that is still pending when its parent is dropped is dropped by the parent's state:
//    each await state knows which child is live there.
//
// Frame: words [state, numeric parameters..., numeric locals..., embedded children..., stored
// futures...], references [self, reference parameters..., reference locals..., embedded children,
// stored futures]. Parameters always have their slots, used or not, so every implementation of an
// interface method takes its arguments at the same places.

import ts from 'typescript';
import { lineOf, skipOuter } from './ast.ts';
import {
  DONE_MARK, FunctionLowerer, embedR, embedW, type FutureExpr, type Mode, type Result, type Var,
} from './function-lowerer.ts';
import type { AsyncDecl, DeviceFunctionInfo, LoweredFunction } from './lowering.ts';
import { deviceHalCall, isHalType } from './device-hal.ts';
import type { Primitive } from './primitives.ts';
import { RECORD_REFS, RECORD_WORDS } from '../device/layout.ts';

export const DNS = '__frugal';
const SUSPEND = '\u000B';
const PERSIST_W_OPEN = '\u000E';
const PERSIST_W_CLOSE = '\u000F';
const PERSIST_R_OPEN = '\u0010';
const PERSIST_R_CLOSE = '\u0011';

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
    const regs = this.l.registers;
    if (i + 1 > regs.numbers) regs.numbers = i + 1;
    return DNS + '.W[' + DNS + '.RN' + (i === 0 ? '' : ' + ' + i) + ']';
  }

  /** Per await state, the expression that drops its live child. */
  private readonly stateCancel = new Map<number, string>();
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
      const r = this.l.signature(fx.decl).result;
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
        this.l.registers.which = true;
        return { kind: 'tuple', texts: [DNS + '.W[' + DNS + '.WHICH]', this.num(0)] };
      case 'next': return { kind: 'tuple', texts: [this.num(0), this.num(1)] };
      default: return { kind: 'void' };
    }
  }

  protected syncPrimCall(prim: Primitive, args: string[]): string {
    if (prim.name === 'now') return DNS + '.W[' + DNS + '.NOW]';
    return DNS + '.' + prim.name + '(' + args.join(', ') + ')';
  }

  protected runtimeConstant(name: string): string {
    return DNS + '.' + name;
  }

  protected rwCall(call: ts.CallExpression): string | undefined {
    const hal = deviceHalCall(this.c, call, (a) => this.rwChild(call, a));
    if (hal !== null) {
      if (hal.refusal !== undefined) this.refuse(call, 'device-hal', hal.refusal, 'call it in setup, which runs at build time');
      return hal.text;
    }
    return super.rwCall(call);
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
    const persistent = mode === 'stored';
    if (fx.kind === 'var') {
      // Awaiting or passing on a stored future moves it out of the frame's keeping.
      this.emit(this.P(fx.v) + ' = 0;');
      return this.stored.get(fx.v)!;
    }
    if (fx.kind === 'fn') return this.openCallee(fx.decl, fx.call, persistent);
    return this.openPrimitive(fx.prim, fx.call, mode);
  }

  private openCallee(callee: AsyncDecl, call: ts.CallExpression, persistent: boolean): Child {
    const sig = this.l.signature(callee);
    if (callee === this.decl || this.l.isInProgress(callee)) {
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
      if (args.some((a) => this.l.containsAwait(a))) receiver = this.spill(receiver, 'ref');
    }
    const texts = this.exprList(args);
    const lowered = this.l.lowerFunction(callee);
    for (const d of lowered.diagnostics) if (d.file !== this.sf.fileName) this.diags.push(d);
    const info = lowered.device!;
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
    const poll = this.functionRef(callee, info.poll, receiver === null ? this.rw(call.expression) : null);
    const args4 = '($w, ' + at.w(0) + ', $r, ' + at.r(0) + ')';
    const drop = info.drop === null ? '' : this.functionRef(callee, info.drop, null) + args4;
    return { ready: poll + args4, done: '', cancel: drop, reentrant: true, result: this.resultOf({ kind: 'fn', decl: callee, call: call }) };
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
        return { ready: DNS + '.pollSleep($w, ' + at.w(0) + ')', done: '', cancel: DNS + '.dropSleep($w, ' + at.w(0) + ')', reentrant: true, result };
      }
      case 'yieldNow': {
        const at = this.allocate(1, 0, persistent);
        this.emit(w(at, 0) + ' = 0;');
        return { ready: DNS + '.pollYield($w, ' + at.w(0) + ')', done: '', cancel: '', reentrant: true, result };
      }
      case 'recv':
      case 'recvRef':
      case 'waitSignal': {
        // [source, waiter link x4]
        const at = this.allocate(5, 0, persistent);
        this.emit(w(at, 0) + ' = ' + a[0] + ';');
        this.emit(w(at, 1) + ' = 0;');
        const poll = name === 'waitSignal' ? 'pollSignal' : 'pollRecv';
        return { ready: DNS + '.' + poll + '($w, ' + at.w(0) + ')', done: '', cancel: DNS + '.unpark(' + at.w(1) + ')', reentrant: true, result };
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
        return { ready: poll, done: '', cancel: DNS + '.unpark(' + at.w(2) + ')', reentrant: true, result };
      }
      case 'waitEdge': {
        // [source, edge kind, count when the wait began, waiter link x4]
        const at = this.allocate(7, 0, persistent);
        this.emit(w(at, 0) + ' = ' + a[0] + ';');
        this.emit(w(at, 1) + ' = ' + a[1] + ';');
        this.emit(w(at, 2) + ' = ' + DNS + '.edgeCount(' + w(at, 0) + ', ' + w(at, 1) + ');');
        this.emit(w(at, 3) + ' = 0;');
        return { ready: DNS + '.pollEdge($w, ' + at.w(0) + ')', done: '', cancel: DNS + '.unpark(' + at.w(3) + ')', reentrant: true, result };
      }
      case 'readLine': {
        // [source, waiter link x4], refs [buffer]
        const at = this.allocate(5, 1, persistent);
        this.emit(w(at, 0) + ' = ' + a[0] + ';');
        this.emit('$r[' + at.r(0) + '] = ' + a[1] + ';');
        this.emit(w(at, 1) + ' = 0;');
        return { ready: DNS + '.pollReadLine($w, ' + at.w(0) + ', $r, ' + at.r(0) + ')', done: '', cancel: DNS + '.unpark(' + at.w(1) + ')', reentrant: true, result };
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
    const at = this.allocate(RECORD_WORDS + nums.length, RECORD_REFS + refs.length, mode === 'stored');
    const d = /^[\w$]+$/.test(texts[0]) ? texts[0] : this.spillLocal(texts[0]);
    const rec = '$w, ' + at.w(0) + ', $r, ' + at.r(0);
    const generic = (): void => {
      nums.forEach((t, i) => this.emit(this.num(i) + ' = ' + t + ';'));
      refs.forEach((t, i) => this.emit(DNS + '.R[' + (1 + i) + '] = ' + t + ';'));
      this.emit(DNS + '.dynOpen(' + rec + ', ' + d + ', 0, ' + (mode === 'await' ? 0 : 1) + ', ' + nums.length + ', ' + refs.length + ');');
    };
    const plan = this.l.dynPlan?.get(prim.dyn!.iface + '.' + prim.dyn!.method);
    const fast = mode === 'await' && plan !== undefined && plan.impls.length === 1 && plan.strategies.length === 1 && plan.strategies[0] === 'ScratchOrPool';
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
      result: this.resultOf({ kind: 'prim', prim: prim, call: call }),
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
    const fn = this.l.lowerFunction(impl);
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
        if (args.slice(1).some((x) => this.l.containsAwait(x))) ms = this.spill(ms, 'num');
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
      children.push({ ready: DNS + '.pollSleep($w, ' + at.w(0) + ')', done: '', cancel: DNS + '.dropSleep($w, ' + at.w(0) + ')', reentrant: true, result: { kind: 'void' } });
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
      };
    }
    // select / timeout: the first child to complete wins; every child is finished or dropped then.
    this.l.registers.which = true;
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
    };
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
    const k = this.newState();
    this.goto(k);
    this.place(k);
    this.emit('if (!(' + child.ready + ')) ' + SUSPEND);
    if (child.done !== '') this.emit(child.done + ';');
    if (child.cancel !== '') {
      this.stateCancel.set(k, child.cancel);
      // A child whose drop must not run twice: past this point the frame is in a state with no live child.
      if (!child.reentrant) this.emit('$w[$b] = ' + this.newState() + ';');
    }
    return child.result;
  }

  protected storeFuture(v: Var, fx: FutureExpr): void {
    v.result = this.resultOf(fx);
    const prev = this.stored.get(v);
    if (prev !== undefined && prev.cancel !== '') this.emit('if (' + this.P(v) + ') ' + prev.cancel + ';');
    const child = this.open(fx, 'stored');
    this.stored.set(v, child);
    this.emit(this.P(v) + ' = 1;');
  }

  // ---- the function ------------------------------------------------------------------------

  protected finish(): LoweredFunction {
    const name = this.sig.name;
    // A HAL parameter carries nothing on the device (its calls are Espruino calls): no slot.
    for (const p of this.decl.parameters) {
      const sym = this.c.getSymbolAtLocation(p.name);
      const v = sym !== undefined ? this.symVar.get(sym) : undefined;
      if (v !== undefined && isHalType(this.c.getTypeAtLocation(p))) {
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
    const cached = frameVars.filter((v) => v.kind !== 'handle' && v.states.size > 0 && !(v.states.size === 1 && v.states.has(-2)));
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
    const save = cached.map((v) => frameText(v) + ' = ' + v.jsName + ';').join(' ');
    const suspend = '{ ' + (save !== '' ? save + ' ' : '') + 'return 0; }';

    // The live child of each await state, dropped when the frame is dropped there (or a try catches).
    const cancelByState: string[] = [];
    this.stateCancel.forEach((cancel, state) => {
      cancelByState.push((cancelByState.length > 0 ? 'else ' : '') + 'if ($s === ' + state + ') ' + cancel + ';');
    });
    const cancelChild = cancelByState.length > 0 ? ['$s = $w[$b];'].concat(cancelByState) : [];

    // poll
    const pollLocals = localVars.filter((v) => v.states.size > 0 && !(v.states.size === 1 && v.states.has(-2))).map((v) => v.jsName);
    const internals = Array.from(this.internals).sort();
    if (cancelChild.length > 0 && this.hasTry) internals.push('$s');
    const body = this.deviceCaseLines();
    body.push('default:');
    body.push('  return ' + DNS + '.fail(' + DNS + '.M_POLLED_AFTER_DONE, []);');
    const pollLines: string[] = [];
    const entry = cached.map((v) => v.jsName + ' = ' + frameText(v));
    const declared = entry.concat(pollLocals, internals);
    if (declared.length > 0) pollLines.push('var ' + declared.join(', ') + ';');
    pollLines.push(...this.dispatchLines(body, cancelChild, done));
    let pollText = pollLines.join('\n  ');
    // Nothing reads a completed frame's state but its drop, and a drop with no finally block
    // does nothing there: the write is left out.
    if (this.finallyLines().length === 0) pollText = pollText.split('$w[$b] = ' + DONE_MARK + '; ').join('');
    const poll = resolve(pollText, true).split(SUSPEND).join(suspend);

    // drop
    const dropLines: string[] = cancelChild.slice();
    this.stored.forEach((child, v) => {
      if (child.cancel !== '') dropLines.push('if (' + this.P(v) + ') ' + child.cancel + ';');
    });
    const finallies = this.finallyLines();
    dropLines.push(...finallies);
    const dropLocals = localVars.filter((v) => v.states.has(-2)).map((v) => v.jsName);
    if (cancelChild.length > 0) dropLocals.push('$s');
    const pollName = this.devicePollName();
    const dropName = dropLines.length > 0 ? pollName + '$drop' : null;
    const params = refs > 0 ? '($w, $b, $r, $rb)' : '($w, $b)';
    let code = 'export function ' + pollName + params + ' {\n  ' + poll + '\n}\n';
    if (dropName !== null) {
      code += 'export function ' + dropName + params + ' {\n  ' + (dropLocals.length > 0 ? 'var ' + dropLocals.join(', ') + ';\n  ' : '') +
        resolve(dropLines.join('\n  '), false) + '\n}\n';
    }
    const info: DeviceFunctionInfo = {
      poll: pollName,
      drop: dropName,
      dropMatters: finallies.length > 0 || this.calleeDropMatters,
      paramSlots: this.vars.filter((v) => v.reg >= 0 && v !== this.self).map((v) => v.slot),
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
   * The cases in the order Espruino reads them fastest: it evaluates a switch by reading through
   * every case before the match, so the innermost loop's states (the target of the hot backward
   * jump) come first; and a state that falls through into the next case does not write the next
   * state's number unless something reads it there (a try's catch, or the drop of a live child).
   */
  private deviceCaseLines(): string[] {
    const order = this.order;
    const index = new Map<number, number>();
    order.forEach((st, i) => index.set(st.id, i));
    let loop: [number, number] | null = null;
    order.forEach((st, i) => {
      const head = st.gotoEnd >= 0 ? index.get(st.gotoEnd) : undefined;
      if (head !== undefined && head <= i && (loop === null || i - head < loop[1] - loop[0])) loop = [head, i];
    });
    const hot: [number, number] | null = loop;
    if (hot !== null && hot[0] > 0) {
      const chain = order.splice(hot[0], hot[1] - hot[0] + 1);
      order.unshift(...chain);
    }
    if (!this.hasTry) {
      order.forEach((st, i) => {
        const next = order[i + 1];
        const last = st.code.length - 1;
        if (next !== undefined && st.gotoEnd === next.id && !this.stateCancel.has(next.id) && st.code[last] === '$w[$b] = ' + next.id + ';') {
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

function nothing(): Child {
  return { ready: '1', done: '', cancel: '', reentrant: true, result: { kind: 'void' } };
}
