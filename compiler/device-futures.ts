// The device back end's futures (device-form.ts prints the function around them): what each future
// a FunctionIR opens is on the device. Every one lives in its caller's frame at an offset fixed
// here (a primitive's record, a callee's whole frame, a dyn call's record of where its adapter
// put the frame, a combinator's flags), and is polled by an expression inline in the caller: a
// callee's poll function, a runtime poll (device/), or a combinator over its children's polls. A
// callee that never suspends is called directly instead (its `$now` form). What a future needs
// from the device runtime is named `__frugal.<name>` (device/device-lowered.ts; the namespace is
// the file's runtime name, names.ts).

import { LINK_WORDS, RECORD_REFS, RECORD_WORDS } from '../device/layout.ts';
import { READY } from '../contract/poll-result.ts';
import { F_SLEEP_UNTIL, F_TIMEOUT } from '../contract/fault-codes.ts';
import type { AsyncDecl } from './ast.ts';
import { concatParts, plainText, soleVar, type Code, type DirectCall, type FunctionIR, type FutureNode, type Hole, type Placement, type Space } from './function-ir.ts';
import { singleHeld, singleScratchOrPool, singleStrategy } from './futures.ts';
import type { ProgramFacts, RegisterUse } from './program-facts.ts';
import { dcode, type DCode } from './device-code.ts';
import { openAtSite, type Place, type SiteHost } from './device-call-site.ts';
import type { Settled } from './device-settle.ts';


/** A future opened inside the frame: what opens it, how to poll it, finish it and drop it. */
export interface Child {
  /** Lines where it is opened: its parameters and record written into the frame. */
  readonly init: readonly DCode[];
  /** Expression that polls it; truthy once it completed, with its result in the registers. */
  readonly ready: string;
  /** Expression run once after it completed (returns what its placement took), or ''. */
  readonly done: string;
  /** Expression that drops it while pending (timers, waiter entries, finally blocks), or ''. */
  readonly cancel: string;
  readonly voidResult: boolean;
}

/** What each primitive's poll writes to the numeric registers (device/*.ts), beyond what the caller reads. */
const PRIMITIVE_REGISTERS: { [name: string]: number } = { recv: 1, waitSignal: 1, waitEdge: 2, readLine: 1, waitEvent: 4 };

/** Each primitive's record in the frame, as the device runtime's poll of it reads it. */
const RECORDS: { [name: string]: Space } = {
  // [deadline, timer handle] (device/timers.ts)
  sleep: { w: 2, r: 0 },
  sleepUntil: { w: 2, r: 0 },
  // [yielded] (device/device-yield.ts)
  yieldNow: { w: 1, r: 0 },
  // [source, waiter link] (device/device-channel.ts, device-signal.ts)
  recv: { w: 1 + LINK_WORDS, r: 0 },
  recvRef: { w: 1 + LINK_WORDS, r: 0 },
  waitSignal: { w: 1 + LINK_WORDS, r: 0 },
  // [channel, number, waiter link], references [value] for sendRef (device/device-channel.ts)
  send: { w: 2 + LINK_WORDS, r: 0 },
  sendRef: { w: 2 + LINK_WORDS, r: 1 },
  // [source, edge kind, count when the wait began, waiter link] (device/device-pin-edge.ts)
  waitEdge: { w: 3 + LINK_WORDS, r: 0 },
  // [source, waiter link], references [buffer] (device/device-serial-lines.ts)
  readLine: { w: 1 + LINK_WORDS, r: 1 },
  // [queue, waiter link] (device/device-events.ts)
  waitEvent: { w: 1 + LINK_WORDS, r: 0 },
  // [task handle, waiter link] (device/device-spawn.ts)
  waitTask: { w: 1 + LINK_WORDS, r: 0 },
};

/**
 * The space a future takes in its caller's frame on the device (direct calls and futures taken
 * back from a variable take none of their own).
 * - `n` was opened by a FunctionIR of the device form.
 */
export function deviceSpace(n: FutureNode): Space {
  switch (n.kind) {
    case 'primitive': {
      const rec = RECORDS[n.prim.name];
      if (rec === undefined) throw new Error('the device form has no `' + n.prim.name + '`');
      return rec;
    }
    case 'callee': return { w: n.fn!.words, r: n.fn!.refs };
    case 'dyn': {
      const nums = n.argKinds.replace(/r/g, '').length;
      return { w: RECORD_WORDS + nums, r: RECORD_REFS + n.argKinds.length - nums };
    }
    case 'combinator':
      if (n.prim.name === 'join') return { w: 2 * n.children.length, r: 0 };
      return { w: n.prim.name === 'timeout' ? 3 : 1, r: 0 };
    default: return { w: 0, r: 0 };
  }
}

/** A name or one variable: written once as it is, it can be repeated. */
function repeatable(c: Code): boolean {
  const plain = plainText(c);
  return plain !== null ? /^[\w$.]+$/.test(plain) : soleVar(c) !== null;
}

/** The device's futures of one function: built once for every future opened, in order. */
export class DeviceFutures {
  /** Generated names of other modules' lowered functions the code calls, by module file: exported name -> local name. */
  readonly imports = new Map<string, Map<string, string>>();
  /** Locals of poll the futures' code names. */
  readonly internals = new Set<string>();
  /** An embedded callee's drop runs finally blocks. */
  calleeDropMatters = false;
  /** Dyn calls whose init ends each way itself (device-settle.ts), and their states. */
  readonly settled = new Map<FutureNode, Settled>();
  /** The number of the next state device-settle.ts adds. */
  private nextState: number;
  private readonly children = new Map<FutureNode, Child>();
  private readonly directs = new Map<DirectCall, { init: DCode[]; call: Code }>();

  /** The runtime's namespace, its memory and clock, and the frame's memory and bases, as this function names them. */
  private readonly ns: string;
  private readonly W: string;
  private readonly R: string;
  private readonly NOW: string;
  private readonly w: string;
  private readonly b: string;
  private readonly r: string;
  private readonly rb: string;
  /** What a call site that places the frame itself reads of this (device-call-site.ts). */
  private readonly host: SiteHost;

  /**
   * - `resumes` are the resume states of the function's awaited dyn calls (device-settle.ts awaitResumes).
   */
  constructor(private readonly facts: ProgramFacts, private readonly ir: FunctionIR, place: Placement, embedBase: Space, storedBase: Space,
    private readonly resumes: ReadonlyMap<FutureNode, number>) {
    this.nextState = ir.states.length;
    this.ns = ir.file.runtime;
    this.W = this.ns + '.W';
    this.R = this.ns + '.R';
    this.NOW = this.W + '[' + this.ns + '.NOW]';
    ({ w: this.w, b: this.b, r: this.r, rb: this.rb } = ir.names);
    this.host = {
      facts, ir, ns: this.ns, W: this.W, R: this.R, w: this.w, r: this.r, b: this.b,
      internal: (name) => this.internal(name), functionRef: (callee, exported) => this.functionRef(callee, exported, null),
    };
    for (const o of ir.opened) {
      if ('kind' in o) {
        const at = place.at.get(o);
        const base = o.mode === 'stored' ? storedBase : embedBase;
        const off = at === undefined ? { w: 0, r: 0 } : { w: base.w + at.w, r: base.r + at.r };
        this.children.set(o, this.open(o, { w: (k) => this.b + ' + ' + (off.w + k), r: (k) => this.rb + ' + ' + (off.r + k) }));
      } else {
        this.directs.set(o, this.direct(o));
      }
    }
  }

  /**
   * What future `n` is on the device.
   * - `n` is one of the FunctionIR's opened futures.
   */
  child(n: FutureNode): Child {
    return this.children.get(n)!;
  }

  /**
   * A direct call: the lines before it (an awaited dyn call's value into a local) and the call.
   * - `c` is one of the FunctionIR's opened direct calls.
   */
  directCall(c: DirectCall): { init: readonly DCode[]; call: Code } {
    return this.directs.get(c)!;
  }

  /** Numeric result register i (W[RN + i]), counted so that the build sizes RN to what the program uses. */
  num(i: number): string {
    return deviceRegister(this.facts.registers, this.ns, i);
  }

  /**
   * How this module names another lowered function: a plain function by the name the call
   * spells (an import of the user's), anything else (a method, a drop) by its generated export,
   * imported from the callee's module when it lives elsewhere, under a name of this file's.
   */
  private functionRef(callee: AsyncDecl, exported: string, spelled: Code | null): string {
    const plain = spelled === null ? null : plainText(spelled);
    if (plain !== null && /^[\w$]+$/.test(plain)) return plain;
    const file = callee.getSourceFile().fileName;
    if (file === this.ir.sf.fileName) return exported;
    const names = this.imports.get(file) ?? new Map<string, string>();
    const local = this.ir.file.imported(file, exported);
    names.set(exported, local);
    this.imports.set(file, names);
    return local;
  }

  /** A dyn value as the code repeats it: evaluated once into `$o` unless it is a name or a variable. */
  private dynValue(d: Code, init: DCode[]): Code {
    const plain = plainText(d);
    if (plain !== null && /^[\w$]+$/.test(plain) || repeatable(d)) return d;
    init.push(dcode(this.internal(this.ir.names.once) + ' = ', d, ';'));
    return [this.internal(this.ir.names.once)];
  }

  private internal(name: string): string {
    this.internals.add(name);
    return name;
  }

  private direct(c: DirectCall): { init: DCode[]; call: Code } {
    const init: DCode[] = [];
    const dyn = c.dyn === null ? null : c.awaited ? this.dynValue(c.dyn, init) : c.dyn;
    const self = dyn !== null ? dcode(this.R + '[' + this.W + '[', dyn, ']]') : c.self;
    const params = this.facts.signature(c.callee).params;
    const info = c.fn.device!;
    const passed: Code[] = self !== null ? [self as Code] : [];
    const effects: Code[] = [];
    params.forEach((p, i) => {
      const v = i < c.args.length ? c.args[i] : [p.kind === 'num' ? '0' : 'void 0'];
      const plain = plainText(v);
      if (info.paramSlots[i] >= 0) passed.push(v);
      else if (plain === null || !/^[\w$.]+$/.test(plain)) effects.push(v);
    });
    const parts: (string | Code)[] = [this.functionRef(c.callee, info.now!, null) + '('];
    passed.forEach((v, i) => parts.push(i > 0 ? ', ' : '', v));
    parts.push(')');
    let call = concatParts<Hole>(parts) as Code;
    // A dyn call counts as one of its adapter's calls (it places no frame: it never outlives this call).
    if (dyn !== null) effects.unshift(dcode(this.W + '[' + this.W + '[', dyn, ' + ' + this.ns + '.DYN_ADAPTER] + (' + this.ns + '.AD_COUNTERS + ' + this.ns + '.A_CALLS)]++') as Code);
    if (effects.length > 0) {
      const all: (string | Code)[] = ['('];
      effects.forEach((v) => all.push(v, ', '));
      all.push(call, ')');
      call = concatParts<Hole>(all);
    }
    return { init, call };
  }

  private open(n: FutureNode, at: Place): Child {
    switch (n.kind) {
      case 'taken': {
        const from = n.from === null ? null : this.children.get(n.from);
        // Taking a stored future moves it out of the frame's keeping.
        const init = [dcode({ kind: 'var', v: n.v, write: true }, ' = 0;')];
        return from === undefined || from === null ? { init, ready: String(READY), done: '', cancel: '', voidResult: true } : { ...from, init };
      }
      case 'primitive': return this.openPrimitive(n, at);
      case 'callee': return this.openCallee(n, at);
      case 'dyn': return this.openDyn(n, at);
      case 'combinator': return this.openCombinator(n, at);
      case 'none': return { init: [], ready: String(READY), done: '', cancel: '', voidResult: true };
    }
  }

  private openCallee(n: FutureNode & { kind: 'callee' }, at: Place): Child {
    const info = n.fn!.device!;
    if (info.dropMatters) this.calleeDropMatters = true;
    const init: DCode[] = [];
    for (const z of info.zeroWords) init.push([this.w + '[' + at.w(z) + '] = 0;']);
    if (n.receiver !== null) init.push(dcode(this.r + '[' + at.r(0) + '] = ', n.receiver, ';'));
    n.sig.params.forEach((p, i) => {
      const slot = info.paramSlots[i];
      const v: Code = i < n.args.length ? n.args[i] : [p.kind === 'num' ? '0' : 'void 0'];
      if (slot < 0) {
        // An elided parameter: its argument is still evaluated, for its side effects.
        const plain = plainText(v);
        if (i < n.args.length && (plain === null || !/^[\w$.]+$/.test(plain))) init.push(dcode(v, ';'));
        return;
      }
      init.push(p.kind === 'num' ? dcode(this.w + '[' + at.w(slot) + '] = ', v, ';') : dcode(this.r + '[' + at.r(slot) + '] = ', v, ';'));
    });
    const poll = this.functionRef(n.decl, info.poll, n.receiver === null ? n.spelled : null);
    // A callee without references takes none (device-form.ts), and a caller without any has no
    // reference names to pass: an await of such a call from such a frame faulted, `$r` undefined.
    const args = '(' + this.w + ', ' + at.w(0) + (n.fn!.refs > 0 ? ', ' + this.r + ', ' + at.r(0) : '') + ')';
    const drop = info.drop === null ? '' : this.functionRef(n.decl, info.drop, null) + args;
    return { init, ready: poll + args, done: '', cancel: drop, voidResult: n.result.kind === 'void' };
  }

  private openPrimitive(n: FutureNode & { kind: 'primitive' }, at: Place): Child {
    const name = n.prim.name;
    const a = n.args;
    const w = (k: number): string => this.w + '[' + at.w(k) + ']';
    const writes = PRIMITIVE_REGISTERS[name] ?? 0;
    if (writes > 0) this.num(writes - 1);
    const v = n.result.kind === 'void';
    switch (name) {
      case 'sleep':
      case 'sleepUntil':
        return {
          // Word 1 names the call until a timer is taken (device/timers.ts): 0 sleep, -F_SLEEP_UNTIL.
          init: [dcode(w(0) + ' = ', name === 'sleep' ? dcode(this.NOW + ' + (', a[0], ')') : a[0], ';'), [w(1) + ' = ' + (name === 'sleep' ? 0 : -F_SLEEP_UNTIL) + ';']],
          ready: this.ns + '.pollSleep(' + this.w + ', ' + at.w(0) + ')', done: '', cancel: this.ns + '.dropSleep(' + this.w + ', ' + at.w(0) + ')', voidResult: v,
        };
      case 'yieldNow':
        return { init: [[w(0) + ' = 0;']], ready: this.ns + '.pollYield(' + this.w + ', ' + at.w(0) + ')', done: '', cancel: '', voidResult: v };
      case 'recv':
      case 'recvRef':
      case 'waitSignal':
      case 'waitEvent':
      case 'waitTask': {
        if (name === 'waitTask') this.facts.taskOps.add(name);
        const poll = name === 'waitSignal' ? 'pollSignal' : name === 'waitEvent' ? 'pollEvent' : name === 'waitTask' ? 'pollTaskEnd' : 'pollRecv';
        return {
          init: [dcode(w(0) + ' = ', a[0], ';'), [w(1) + ' = 0;']],
          ready: this.ns + '.' + poll + '(' + this.w + ', ' + at.w(0) + ')', done: '', cancel: this.ns + '.unpark(' + at.w(1) + ')', voidResult: v,
        };
      }
      case 'send':
      case 'sendRef': {
        const ref = name === 'sendRef';
        const poll = ref ? this.ns + '.pollSendRef(' + this.w + ', ' + at.w(0) + ', ' + this.r + ', ' + at.r(0) + ')' : this.ns + '.pollSend(' + this.w + ', ' + at.w(0) + ')';
        return {
          init: [dcode(w(0) + ' = ', a[0], ';'), ref ? dcode(this.r + '[' + at.r(0) + '] = ', a[1], ';') : dcode(w(1) + ' = ', a[1], ';'), [w(2) + ' = 0;']],
          ready: poll, done: '', cancel: this.ns + '.unpark(' + at.w(2) + ')', voidResult: v,
        };
      }
      case 'waitEdge':
        return {
          init: [dcode(w(0) + ' = ', a[0], ';'), dcode(w(1) + ' = ', a[1], ';'), [w(2) + ' = ' + this.ns + '.edgeCount(' + w(0) + ', ' + w(1) + ');'], [w(3) + ' = 0;']],
          ready: this.ns + '.pollEdge(' + this.w + ', ' + at.w(0) + ')', done: '', cancel: this.ns + '.unpark(' + at.w(3) + ')', voidResult: v,
        };
      case 'readLine':
        return {
          init: [dcode(w(0) + ' = ', a[0], ';'), dcode(this.r + '[' + at.r(0) + '] = ', a[1], ';'), [w(1) + ' = 0;']],
          ready: this.ns + '.pollReadLine(' + this.w + ', ' + at.w(0) + ', ' + this.r + ', ' + at.r(0) + ')', done: '', cancel: this.ns + '.unpark(' + at.w(1) + ')', voidResult: v,
        };
      default:
        throw new Error('the device form has no `' + name + '`');
    }
  }

  /**
   * A dyn call: the dyn object's adapter places the callee's frame at run time (device/device-dyn.ts);
   * the caller keeps a record of where, and passes the arguments in the registers. A future that
   * is stored or passed on never takes the caller's scratch.
   */
  private openDyn(n: FutureNode & { kind: 'dyn' }, at: Place): Child {
    const { plan, index, argStart } = n.target;
    const nums: Code[] = [];
    const refs: Code[] = [];
    for (let i = argStart; i < n.args.length; i++) (n.argKinds.charAt(i - argStart) === 'n' ? nums : refs).push(n.args[i]);
    const init: DCode[] = [];
    const d = this.dynValue(n.args[0], init);
    // SideStack and the cached boxes only through the start form: their place is taken when the callee suspends.
    const own = singleStrategy(plan);
    const started = plan !== undefined && plan.impls.length === 1 && this.facts.lowerFunction(plan.impls[0]).device!.start !== null;
    const resume = this.resumes.get(n);
    const site = n.mode !== 'await' || resume === undefined ? null : singleScratchOrPool(plan) ? 'scratch' : singleHeld(plan) ? 'held' : own !== null && started ? own : null;
    const rec = this.w + ', ' + at.w(0) + ', ' + this.r + ', ' + at.r(0);
    const generic = (): void => {
      nums.forEach((t, i) => init.push(dcode(this.num(i) + ' = ', t, ';')));
      refs.forEach((t, i) => init.push(dcode(this.R + '[' + (1 + i) + '] = ', t, ';')));
      init.push(dcode(this.ns + '.dynOpen(' + rec + ', ', d, ', ' + index + ', ' + (n.mode === 'await' ? 0 : 1) + ', ' + nums.length + ', ' + refs.length + ');'));
    };
    if (site === null) generic();
    else {
      const settled: Settled = { resume: resume!, after: this.nextState++, own: [] };
      this.settled.set(n, settled);
      // A resume state of the caller's polls the callee where the site placed it: a future of its own.
      const own = (ready: string, done: string, cancel: string, when: string): number => {
        const node = { ...n };
        this.children.set(node, { init: [], ready, done, cancel: '(' + when + ') && (' + cancel + ')', voidResult: n.result.kind === 'void' });
        settled.own.push({ state: this.nextState, node, when });
        return this.nextState++;
      };
      // The general path's first poll is the resume state's.
      openAtSite(this.host, site, plan!, d, nums, refs, n.args.slice(argStart), at, init, resume!,
        () => { generic(); init.push(dcode({ kind: 'jump', state: resume! }, ' continue;')); }, own);
    }
    return {
      init,
      ready: this.ns + '.dynReady(' + rec + ', ' + nums.length + ', ' + refs.length + ')',
      done: this.ns + '.dynDone(' + rec + ')',
      cancel: this.ns + '.dynCancel(' + rec + ')',
      voidResult: n.result.kind === 'void',
    };
  }

  /**
   * join, select and timeout over children opened side by side in the frame, polled inline: the
   * combinator is code in its caller, not a future of its own.
   */
  private openCombinator(n: FutureNode & { kind: 'combinator' }, at: Place): Child {
    const children: Child[] = n.children.map((c) => this.children.get(c)!);
    const init: DCode[] = [];
    let k = 0;
    if (n.prim.name === 'timeout') {
      // The sleep is opened after the future it limits, as the host's timeout does.
      init.push(dcode(this.w + '[' + at.w(0) + '] = ' + this.NOW + ' + (', n.ms!, ');'), [this.w + '[' + at.w(1) + '] = ' + -F_TIMEOUT + ';']);
      children.push({ init: [], ready: this.ns + '.pollSleep(' + this.w + ', ' + at.w(0) + ')', done: '', cancel: this.ns + '.dropSleep(' + this.w + ', ' + at.w(0) + ')', voidResult: true });
      k = 2;
    }
    const voidResult = n.result.kind === 'void';
    if (n.prim.name === 'join') {
      // Per child a done flag and its first numeric result; each child is finished as soon as it completes.
      const flag = (i: number): string => this.w + '[' + at.w(2 * i) + ']';
      const kept = (i: number): string => this.w + '[' + at.w(2 * i + 1) + ']';
      children.forEach((_, i) => init.push([flag(i) + ' = 0;']));
      // A child without a result (a sleep) counts 0: the registers hold what an earlier call left.
      const polls = children.map((c, i) => '(' + flag(i) + ' || ' + c.ready + ' && (' + kept(i) + ' = ' + (c.voidResult ? '0' : this.num(0)) + ', ' +
        (c.done !== '' ? c.done + ', ' : '') + flag(i) + ' = 1))');
      const results = children.map((_, i) => this.num(i) + ' = ' + kept(i)).join(', ');
      const cancels = children.map((c, i) => (c.cancel !== '' ? '(' + flag(i) + ' || ' + c.cancel + ')' : '')).filter((x) => x !== '').reverse();
      return { init, ready: '((' + polls.join(' & ') + ') && (' + results + ', ' + READY + '))', done: '', cancel: cancels.join(', '), voidResult };
    }
    // select / timeout: the first child to complete wins; every child is finished or dropped then.
    this.facts.registers.which = true;
    const won = this.w + '[' + at.w(k) + ']';
    let polls = '';
    children.forEach((c, i) => { polls += c.ready + ' ? (' + won + ' = ' + i + (c.voidResult ? ', ' + this.num(0) + ' = 0' : '') + ', ' + READY + ') : '; });
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
      init,
      ready: '((' + polls + ') && (' + this.W + '[' + this.ns + '.WHICH] = ' + won + ', ' + settle.concat([String(READY)]).join(', ') + '))',
      done: '',
      cancel: cancels.join(', '),
      voidResult,
    };
  }
}

/**
 * Numeric result register i on the device (W[RN + i]), noted in the registers the program uses.
 * - `regs` is the device lowering's register use; `ns` the runtime's namespace in the file.
 */
export function deviceRegister(regs: RegisterUse, ns: string, i: number): string {
  if (i + 1 > regs.numbers) regs.numbers = i + 1;
  return ns + '.W[' + ns + '.RN' + (i === 0 ? '' : ' + ' + i) + ']';
}
