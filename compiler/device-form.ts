// The device back end: a FunctionIR printed as plain functions over the device runtime's memory
// (device/), for the whole-program device build. A function is polled as `f($w, $b, $r, $rb)`
// with its frame at word $b of $w and reference slot $rb of $r (those names, and every other the
// printed code binds, are the function's FunctionNames: names.ts keeps them apart from the user's):
//
//  - every primitive and callee frame is embedded in its caller's frame (device-futures.ts), so an
//    await is a direct call of the child's poll: no frame table, no handle, no init call;
//  - a function that can never suspend also gets a direct form, `f$now(args)`, returning its
//    result: awaiting it is a call, and a loop whose awaits are all such calls is a plain JS loop;
//  - poll's state and the variables that live across awaits are JS variables inside poll, loaded
//    from the frame on entry and written back only when the function suspends (in a function with
//    a hot loop, only what the loop uses is cached, and its suspends save only what it writes);
//  - a child that is still pending when its parent is dropped is dropped by the parent's state:
//    each await state knows which child is live there.
//
// Frame: words [state, numeric parameters..., numeric locals..., embedded children..., stored
// futures...], references [self, reference parameters..., reference locals..., embedded children,
// stored futures]. Parameters always have their slots, used or not, so every implementation of an
// interface method takes its arguments at the same places.

import ts from './typescript.ts';
import { PENDING, READY } from '../contract/poll-result.ts';
import { lineOf } from './ast.ts';
import { tokens } from './espruino-tokens.ts';
import { halCallText } from './device-hal-calls.ts';
import { deviceRegister, DeviceFutures, deviceSpace } from './device-futures.ts';
import { dcode, SUSPEND, type DCode, type Suspend } from './device-code.ts';
import { selfPoll } from './device-self-poll.ts';
import { placeFutures, plainText, spawnText, type Code, type FunctionIR, type Hole, type Line, type State, type Var } from './function-ir.ts';
import type { FunctionNames } from './names.ts';
import type { DeviceFunctionInfo, LoweredFunction, ProgramFacts } from './program-facts.ts';
import { caseLines, dispatchLines, finallyLines, regionTable } from './state-switch.ts';
import { resumeForm, startForm } from './device-start.ts';
import { forEachDHole, holdsAtOpen, jumpOf, mayThrow, opening, suspends, writes } from './device-lines.ts';
import { awaitResumes, settleAwaits } from './device-settle.ts';
import { goesRound, hotLoop, splitsHot } from './device-hot-loop.ts';

/** Where a line is printed: which variables are poll's locals, and what a jump or a suspend writes there. */
interface Context {
  /** Frame variables read through their cached locals (poll and the direct form), else through the frame. */
  readonly cached: boolean;
  /** A jump sets poll's state local (`$s`), and writes the frame where something reads it there. */
  readonly stateLocal: boolean;
  /** The state the line is in is in the hot loop (its suspends save less) or enters it (saves first). */
  readonly hot: boolean;
  readonly entersHot: boolean;
  /** The direct form: returns give the result; `touched` notes any use of the frame. */
  readonly direct: boolean;
  /**
   * The frame word holds a state with a live child here (its drop would drop that child): a jump
   * to a state without one writes the frame too, or a throw before the next suspend (a dyn call
   * refused while its frame is opened) would drop the completed child again, running its finally
   * blocks over words the next await reuses.
   */
  readonly leavesChild?: boolean;
}

/** The sync task operations the build lays memory out for when the code uses them (ProgramFacts.taskOps). */
const TASK_OPS = ['spawn', 'cancel', 'running'];

// What Espruino 2v29 spends, in tokens it reads past without running them (about 300 instructions
// each inside a block, callgrind on espruino64): a guard it runs (`if ($s === 4)`, about 1,900
// each of its 5 tokens), and a jump through the dispatch (`continue`, `for`, `switch`, the first case).
const GUARD_TOKENS = 32;
const DISPATCH_TOKENS = 63;

const POLL: Context = { cached: true, stateLocal: true, hot: false, entersHot: false, direct: false };
const DROP: Context = { cached: false, stateLocal: false, hot: false, entersHot: false, direct: false };

/**
 * The device form of a described function.
 * - `ir` is the front end's description with FrontEndForm DEVICE (lowering.ts), and `facts` its program.
 */
export function emitDevice(facts: ProgramFacts, ir: FunctionIR): LoweredFunction {
  return new DevicePrinter(facts, ir).print();
}

class DevicePrinter {
  private readonly futures: DeviceFutures;
  private readonly done: number;
  private readonly words: number;
  private readonly refs: number;
  private readonly childSpace: number;
  /** Per await state, the expression that drops its live child, in the order the awaits were described. */
  private readonly stateCancel = new Map<number, string>();
  /** States whose number the frame must hold while poll runs: a drop after a throw reads it to find the live child. */
  private readonly frameStates = new Set<number>();
  /** Each state's lines, as the device writes them. */
  private readonly lines = new Map<number, DCode[]>();
  private readonly cachedName = new Map<Var, string>();
  /** The resume states of the settled awaits, theirs and their sites' own (device-settle.ts): only the dispatch enters them. */
  private readonly settledResumes: ReadonlySet<number>;
  private hotStates: ReadonlySet<number> | null = null;
  /** While loopCases prints its native loop: the states inside it. */
  private nativeLoop: ReadonlySet<number> | null = null;
  /** Cached variables a suspend in the hot loop saves, and the ones saved when entering it. */
  private hotSaves: Var[] = [];
  private enterSaves: Var[] = [];
  private cached: Var[] = [];
  private readonly finallies: boolean;
  private touched = false;
  /** The function's generated names, its runtime namespace, and the texts of its state local and state word. */
  private readonly n: FunctionNames;
  private readonly ns: string;
  private readonly s: string;
  private readonly stateWord: string;

  private readonly ir: FunctionIR;

  constructor(private readonly facts: ProgramFacts, described: FunctionIR) {
    this.n = described.names;
    this.ns = described.file.runtime;
    this.s = this.n.state;
    this.stateWord = this.n.w + '[' + this.n.b + ']';
    const place = placeFutures(described, deviceSpace);
    const embedBase = { w: described.words, r: described.refs };
    const storedBase = { w: described.words + place.groups.w, r: described.refs + place.groups.r };
    this.words = storedBase.w + place.stored.w;
    this.refs = storedBase.r + place.stored.r;
    this.childSpace = place.groups.w + place.groups.r + place.stored.w + place.stored.r;
    this.futures = new DeviceFutures(facts, described, place, embedBase, storedBase, awaitResumes(described));
    const ir = settleAwaits(described, this.futures.settled);
    this.settledResumes = new Set(Array.from(this.futures.settled.values()).flatMap((st) => [st.resume, ...st.own.map((o) => o.state)]));
    this.ir = ir;
    this.done = ir.states.length;
    this.finallies = ir.finallies.length > 0;
    for (const st of ir.states) this.lines.set(st.id, this.guarded(st));
    this.frameStates.add(this.done);
  }

  /**
   * A state's device lines. The futures of one await are opened one after another before the
   * frame's state names the await, so a throw while opening a later one (a dyn call its adapter
   * refuses: the pool full, a held frame busy) would leave an earlier one that holds memory (a
   * dyn call's frame, a stored future taken back) out of every drop, its pool slot or held frame
   * never given back. The lines after such a future, up to the await, run in a try that drops it
   * and rethrows; the host's faulted task frees the same futures.
   */
  private guarded(st: State): DCode[] {
    const out: DCode[] = [];
    const open: string[] = [];
    const lines = st.lines;
    for (let i = 0; i < lines.length; i++) {
      const l = lines[i];
      if (!opening(l)) while (open.length > 0) out.push(['} catch (' + this.n.caught + ') { ' + open.pop() + '; throw ' + this.n.caught + '; }']);
      out.push(...this.line(l, st.id));
      if (l.op !== 'open' || !holdsAtOpen(l.node)) continue;
      const cancel = this.futures.child(l.node).cancel;
      let throws = false;
      for (let j = i + 1; j < lines.length && opening(lines[j]); j++) if (mayThrow(lines[j])) throws = true;
      if (cancel === '' || !throws) continue;
      out.push(['try {']);
      open.push(cancel);
    }
    while (open.length > 0) out.push(['} catch (' + this.n.caught + ') { ' + open.pop() + '; throw ' + this.n.caught + '; }']);
    return out;
  }

  /** The device's lines for an operation of state `state`. */
  private line(l: Line, state: number): DCode[] {
    switch (l.op) {
      case 'code': return [l.code];
      case 'open': return this.futures.child(l.node).init.slice();
      case 'await': return [];
      case 'resume': {
        const c = this.futures.child(l.node);
        if (c.cancel !== '') {
          this.stateCancel.set(state, c.cancel);
          this.frameStates.add(state);
        }
        const out: DCode[] = [dcode('if (!(' + c.ready + ')) ', SUSPEND)];
        if (c.done !== '') out.push([c.done + ';']);
        return out;
      }
      case 'store': return [dcode({ kind: 'var', v: l.v, write: true }, ' = 1;')];
      case 'direct': {
        const d = this.futures.directCall(l.call);
        return d.init.concat([l.into !== null ? dcode(l.into + ' = ', d.call, ';') : dcode(d.call, ';')]);
      }
      case 'yield': return [[this.ns + '.wake(' + this.ns + '.W[' + this.ns + '.CUR]);'], [{ kind: 'jump', state: l.resume }], [SUSPEND]];
      case 'goto': return [[{ kind: 'jump', state: l.state }]];
    }
  }

  print(): LoweredFunction {
    const ir = this.ir;
    const hot = hotLoop(ir);
    this.hotStates = hot === null ? null : new Set(ir.order.slice(hot[0], hot[1] + 1).map((st) => st.id));
    const hotStates = this.hotStates;
    this.cached = ir.frameVars.filter((v) => v.kind !== 'handle' && v.states.size > 0 && !(v.states.size === 1 && v.states.has(-2)) &&
      (hotStates === null || Array.from(hotStates).some((id) => v.states.has(id))));
    for (const v of this.cached) this.cachedName.set(v, this.n.cached(v.id, v.name));
    this.hotSaves = this.cached;
    if (hotStates !== null) {
      // A suspend inside the hot loop saves only what the loop's states write; the other cached
      // variables are saved on every jump into the loop from outside, once per loop entry, when
      // code outside the loop writes them (a parameter nobody writes is in the frame already).
      const hotLines = ir.order.filter((st) => hotStates.has(st.id)).flatMap((st) => this.lines.get(st.id)!);
      const coldLines = ir.order.filter((st) => !hotStates.has(st.id)).flatMap((st) => this.lines.get(st.id)!);
      this.hotSaves = this.cached.filter((v) => writes(hotLines, v));
      this.enterSaves = this.cached.filter((v) => this.hotSaves.indexOf(v) < 0 && writes(coldLines, v));
    }

    const cancelByState: string[] = [];
    this.stateCancel.forEach((cancel, state) => {
      cancelByState.push((cancelByState.length > 0 ? 'else ' : '') + 'if (' + this.s + ' === ' + state + ') ' + cancel + ';');
    });
    const cancelChild = cancelByState.length > 0 ? [this.s + ' = ' + this.stateWord + ';'].concat(cancelByState) : [];

    const pollLocals = ir.localVars.filter((v) => v.states.size > 0 && !(v.states.size === 1 && v.states.has(-2))).map((v) => v.jsName);
    const internals = Array.from(new Set([...ir.internals, ...this.futures.internals])).sort();
    const firstLines = ir.order.length > 0 ? this.lines.get(ir.order[0].id)! : [];
    const order = this.caseOrder(hot);
    const cases = (states: readonly State[]): string[] => caseLines(states, (i) => this.renderLines(this.stateLines(states[i]), this.stateContext(states[i].id)));
    let loopStates = 0;
    while (hotStates !== null && loopStates < order.length && hotStates.has(order[loopStates].id)) loopStates++;
    const rest = cases(order.slice(loopStates));
    const loop = loopStates > 0 && goesRound(order.slice(0, loopStates), this.lines, this.dropped) ? this.loopCases(order.slice(0, loopStates), rest) : null;
    const body = loop !== null ? loop.concat(rest) : cases(order);
    body.push('default:');
    // The fault line of device/fault.ts fail() with no arguments, as one string the build folds:
    // the default's text is read at every poll (fail() written in here was 25 tokens).
    body.push("  throw new Error('frugal!E' + " + this.ns + '.M_POLLED_AFTER_DONE);');
    const entry = this.cached.map((v) => this.cachedName.get(v) + ' = ' + this.frameText(v));
    const head = 'var ' + [this.s + ' = ' + this.stateWord].concat(entry, pollLocals, internals).join(', ') + ';';
    const spelling = { state: this.s, set: (n: number) => this.setState(n), err: this.varText(ir.err, POLL), comp: this.varText(ir.completion, POLL) };
    const whole = [head, ...dispatchLines(ir, body, cancelByState, this.done, spelling)].join('\n  ');
    const pollName = devicePollName(ir);
    const params = '(' + (this.refs > 0 ? [this.n.w, this.n.b, this.n.r, this.n.rb] : [this.n.w, this.n.b]).join(', ') + ')';
    // The hot loop's own poll (splitsHot), the whole one behind it.
    const wholeName = splitsHot(ir, order.slice(0, loopStates), rest) ? ir.file.name(pollName + '$whole') : null;
    let poll = whole;
    if (wholeName !== null) {
      const hotCases = loop ?? caseLines(order.slice(0, loopStates), (i) =>
        this.renderLines(i === loopStates - 1 ? this.lines.get(order[i].id)! : this.stateLines(order[i]), this.stateContext(order[i].id)));
      poll = [head, ...dispatchLines(ir, hotCases.concat('default:',
        '  ' + this.stateWord + ' = ' + this.s + '; ' + this.saves(this.hotSaves) + 'return ' + wholeName + params + ';'), [], this.done, spelling)].join('\n  ');
    }

    // A drop with finally blocks marks the frame completed before it runs them, so they run once:
    // a finally that throws leaves its parent still naming the await, and the parent's own drop
    // (a faulted task's release) drops this frame again, as the host's freed frame is not.
    const dropLines: string[] = this.finallies ? [this.s + ' = ' + this.stateWord + ';', this.stateWord + ' = ' + this.done + ';'].concat(cancelByState) : cancelChild.slice();
    for (const st of ir.stores) {
      const cancel = this.futures.child(st.node).cancel;
      if (cancel !== '') dropLines.push('if (' + this.varText(st.v, DROP) + ') ' + cancel + ';');
    }
    dropLines.push(...finallyLines(ir, this.s, (c) => this.render(c, DROP)));
    const dropLocals = ir.localVars.filter((v) => v.states.has(-2)).map((v) => v.jsName);
    if (cancelChild.length > 0 || this.finallies) dropLocals.push(this.s);
    const dropName = dropLines.length > 0 ? ir.file.name(pollName + '$drop') : null;
    let text = 'export function ' + pollName + params + ' {\n  ' + poll + '\n}\n';
    if (wholeName !== null) text += 'export function ' + wholeName + params + ' {\n  ' + whole + '\n}\n';
    const now = this.directForm(order.length, firstLines, pollLocals.concat(internals));
    const nowName = now !== null ? ir.file.name(pollName + '$now') : null;
    if (now !== null) text += 'export function ' + nowName + now + '\n';
    const view = { ir, lines: this.lines, cached: this.cached, cachedName: this.cachedName, stateWord: this.stateWord, held: this.heldDirect,
      context: (id: number) => this.stateContext(id), hole: (h: Hole | Suspend, cx: Context) => this.hole(h, cx), frameText: (v: Var) => this.frameText(v), saves: (vs: readonly Var[]) => this.saves(vs) };
    const start = now === null ? startForm(view, pollLocals.concat(internals)) : null;
    const startName = start !== null ? ir.file.name(pollName + '$start') : null;
    if (start !== null) text += 'export function ' + startName + start + '\n';
    // Read and written in the frame, not cached: a short form without locals is one expression,
    // which the bundle writes in wherever it is called.
    const resume = start !== null ? resumeForm({ ...view, cached: [], context: (id: number) => ({ ...this.stateContext(id), cached: false }) }, pollLocals.concat(internals)) : null;
    const resumeName = resume !== null ? ir.file.name(pollName + '$resume') : null;
    if (resume !== null) text += 'export function ' + resumeName + resume + '\n';
    if (dropName !== null) text += 'export function ' + dropName + params + ' {\n  ' + (dropLocals.length > 0 ? 'var ' + dropLocals.join(', ') + ';\n  ' : '') +
      dropLines.join('\n  ') + '\n}\n';
    const info: DeviceFunctionInfo = {
      poll: pollName,
      drop: dropName,
      dropMatters: this.finallies || this.futures.calleeDropMatters,
      paramSlots: ir.vars.filter((v) => v.reg >= 0 && v !== ir.self).map((v) => v.slot),
      now: nowName,
      start: startName,
      resume: resumeName,
      zeroWords: [0].concat(ir.frameVars.filter((v) => v.kind === 'handle').map((v) => v.slot)),
      imports: this.futures.imports,
    };
    return {
      decl: ir.decl, name: ir.sig.name, file: ir.sf.fileName, line: lineOf(ir.decl), sig: ir.sig, words: this.words, refs: this.refs,
      sites: ir.sites, persistent: ir.persistent, spec: text, prelude: regionTable(ir, this.done), diagnostics: ir.diagnostics, usesDyn: ir.usesDyn, device: info,
    };
  }

  // ---- states ------------------------------------------------------------------------------

  private stateContext(id: number): Context {
    const hot = this.hotStates !== null && this.hotStates.has(id);
    return { ...POLL, hot, entersHot: this.hotStates !== null && !hot && this.enterSaves.length > 0, leavesChild: this.stateCancel.has(id) };
  }

  /** A state's lines without the jumps the case order made fall-throughs. */
  private readonly dropped = new Set<number>();
  private stateLines(st: State): DCode[] {
    const lines = this.lines.get(st.id)!;
    return this.dropped.has(st.id) ? lines.slice(0, -1) : lines;
  }

  /**
   * The states in the order Espruino reads them fastest: it evaluates a switch by reading through
   * every case before the match, so the innermost loop's states (the target of the hot backward
   * jump) come first; and a state that falls through into the next case does not write the next
   * state's number unless something reads it there (a try's catch, or the drop of a live child).
   */
  private caseOrder(hot: [number, number] | null): State[] {
    const order = this.ir.order.slice();
    if (hot !== null) {
      const chain = order.splice(hot[0], hot[1] - hot[0] + 1);
      // Resuming is what the loop does most: its resume state goes first, the others follow in
      // loop order, so that the loop runs through by falling from case to case.
      const r = chain.findIndex((st) => this.ir.resumeStates.has(st.id));
      order.unshift(...chain.slice(r), ...chain.slice(0, r));
    }
    if (this.ir.hasTry) return order;
    // A state nothing jumps to (the end of a function that loops forever) is left out: its case
    // would cost bytes and, before the match, a comparison on every poll.
    const reached = new Set<number>([0]);
    for (const st of order) {
      if (st.gotoEnd >= 0) reached.add(st.gotoEnd);
      for (const line of this.lines.get(st.id)!) forEachDHole(line, (h) => { if (h.kind === 'jump') reached.add(h.state); });
    }
    for (let i = order.length - 1; i >= 0; i--) if (!reached.has(order[i].id)) order.splice(i, 1);
    order.forEach((st, i) => {
      const next = order[i + 1];
      const lines = this.lines.get(st.id)!;
      const last = lines[lines.length - 1];
      // A state that can suspend saves `$s` to the frame: it must hold that state's number.
      if (next !== undefined && st.gotoEnd === next.id && !this.lines.get(next.id)!.some(suspends) && jumpOf(last) === next.id &&
        !this.savesEntering(st.id, next.id) && !(this.stateCancel.has(st.id) && !this.frameStates.has(next.id))) {
        this.dropped.add(st.id);
      }
    });
    return order;
  }

  /**
   * The hot loop's cases as one native loop. Espruino reads a `continue` of the dispatch loop by
   * reading on through every case after it, and a switch by reading every case before the match,
   * so a round of the loop that jumps back to its head through the switch costs the whole
   * function's text; a native `for (;;)` reads only the loop's own. The states are cut into runs,
   * each from a state something can enter at (the dispatch: the first state, a state that
   * suspends, the target of a jump or of a try's catch) to the state before the next such one;
   * each run is guarded by the state it starts at, and the loop's last guard leaves for the
   * dispatch when the state is none of them (a jump out written inside code, with its own
   * `continue`). A state's final jump to the next run sets the state and falls into its guard, one
   * back to the loop's first state lets the loop go round, one out of the loop breaks to the dispatch.
   * Null when the guards a round reads would cost more than the cases after the loop that a
   * round through the switch reads (a small function whose loop has several awaits).
   * - `hot` is the start of caseOrder's order: the hot loop's states, its first state first;
   *   `rest` the cases after it.
   */
  private loopCases(all: readonly State[], rest: readonly string[]): string[] | null {
    // A settled await's resume state (device-settle.ts) is entered only through the dispatch,
    // after its call was pending or placed by dynOpen: its case goes in front of the loop and
    // falls into it, so that the rounds whose calls complete at once do not read its text.
    const front = all.filter((st, i) => i < all.length - 1 && this.settledResumes.has(st.id));
    const hot = all.filter((st) => front.indexOf(st) < 0);
    const ids = new Set(hot.map((st) => st.id));
    const entries = new Set<number>([0, hot[0].id]);
    for (const r of this.ir.regions) if (r.handler.kind !== 'none') entries.add(r.handler.state);
    const nextInLoop = new Map<number, number>();
    hot.forEach((st, i) => { if (i + 1 < hot.length) nextInLoop.set(st.id, hot[i + 1].id); });
    this.lines.forEach((lines, id) => {
      const last = lines.length - 1;
      lines.forEach((line, i) => {
        if (suspends(line)) entries.add(id);
        forEachDHole(line, (h) => {
          if (h.kind !== 'jump') return;
          // A state's final jump to the next case falls into it (writing the state where something reads it).
          if (i === last && (this.dropped.has(id) || (nextInLoop.has(id) && jumpOf(line) === nextInLoop.get(id)))) return;
          entries.add(h.state);
        });
      });
    });
    // A state in front of the loop enters it where its jump goes.
    for (const st of front) entries.add(st.gotoEnd);
    const guards = hot.filter((st) => entries.has(st.id)).length;
    if (tokens(rest.join(' ')) + DISPATCH_TOKENS <= guards * GUARD_TOKENS) return null;
    const out: string[] = [];
    // Each falls into the next and the last into the loop, having set the state its jump names:
    // every one after the first is guarded by its own number (a `continue` to the dispatch would
    // read every case after it on the way).
    front.forEach((st, i) => {
      out.push('case ' + st.id + ':');
      if (i > 0) out.push('  if (' + this.s + ' === ' + st.id + ') {');
      for (const l of this.renderLines(this.lines.get(st.id)!, this.stateContext(st.id))) out.push('  ' + l);
      if (i > 0) out.push('  }');
    });
    for (const st of hot) if (entries.has(st.id)) out.push('case ' + st.id + ':');
    out.push('  for (;;) {');
    this.nativeLoop = ids;
    hot.forEach((st, i) => {
      const guard = entries.has(st.id);
      if (guard) out.push('  if (' + this.s + ' === ' + st.id + ') {');
      const next = hot[i + 1];
      const lines = next === undefined || entries.has(next.id) ? this.lines.get(st.id)! : this.stateLines(st);
      const cx = this.stateContext(st.id);
      for (const l of this.renderLines(lines, cx)) out.push('    ' + l);
      const last = lines[lines.length - 1];
      if (st.gotoEnd >= 0 && jumpOf(last) === st.gotoEnd && !(next !== undefined && next.id === st.gotoEnd)) {
        if (!ids.has(st.gotoEnd)) out.push('    break;');
        else if (!(next === undefined && st.gotoEnd === hot[0].id)) out.push('    continue;');
      }
      if (next === undefined || entries.has(next.id)) out.push(next === undefined ? '  } else break;' : '  }');
    });
    this.nativeLoop = null;
    out.push('  }', '  continue;');
    return out;
  }

  /** A jump from state `from` into the hot loop at `to` saves the variables code outside the loop writes first. */
  private savesEntering(from: number, to: number): boolean {
    return this.stateContext(from).entersHot && this.hotStates!.has(to);
  }

  private setState(n: number, leavesChild = false): string {
    return (leavesChild || this.frameStates.has(n) ? this.stateWord + ' = ' + this.s + ' = ' : this.s + ' = ') + n + ';';
  }

  // ---- code ----------------------------------------------------------------------------------

  private varText(v: Var | null, cx: Context): string {
    if (v === null) return '';
    if (v.slot < 0) return v.jsName;
    const name = cx.cached ? this.cachedName.get(v) : undefined;
    if (name !== undefined) return name;
    if (cx.direct) this.touched = true;
    return this.frameText(v);
  }

  private frameText(v: Var): string {
    return v.kind === 'ref' ? this.n.r + '[' + this.n.rb + ' + ' + v.slot + ']' : this.n.w + '[' + this.n.b + ' + ' + v.slot + ']';
  }

  /** A state's lines printed, a jump line and the suspend line after it as one (render). */
  private renderLines(lines: readonly DCode[], cx: Context): string[] {
    const out: string[] = [];
    for (let i = 0; i < lines.length; i++) {
      const l = lines[i];
      const next = lines[i + 1];
      if (jumpOf(l) >= 0 && next !== undefined && next.length === 1 && suspends(next)) {
        out.push(this.render([l[0], next[0]], cx));
        i++;
      } else {
        out.push(this.render(l, cx));
      }
    }
    return out;
  }

  private render(c: DCode, cx: Context): string {
    let out = '';
    for (let i = 0; i < c.length; i++) {
      const part = c[i];
      // A jump that a suspend follows (a yield, a pending call's record): the suspend writes the
      // state word with the number, where the jump and the suspend each wrote it.
      const next = c[i + 1] === ' ' ? c[i + 2] : c[i + 1];
      if (typeof part !== 'string' && part.kind === 'jump' && cx.stateLocal && typeof next !== 'string' && next !== undefined && next.kind === 'suspend') {
        out += this.suspendText(String(part.state), cx, next.tested === true);
        i = c.indexOf(next, i);
        continue;
      }
      out += typeof part === 'string' ? part : this.hole(part, cx);
    }
    return out;
  }

  /**
   * A suspend with state `state` (a number, or poll's state local): in poll, the one task's going
   * on (device-self-poll.ts); the state word, what the state saves, PENDING.
   */
  private suspendText(state: string, cx: Context, tested = false): string {
    const target = state === this.s ? null : Number(state);
    const again = !cx.stateLocal || tested ? '' : selfPoll(this.ns, this.n.b, target === null ? '' : this.setState(target, cx.leavesChild === true) + ' ',
      this.nativeLoop !== null && target !== null && !this.nativeLoop.has(target) ? 'break' : 'continue');
    return '{ ' + again + this.stateWord + ' = ' + state + '; ' + this.saves(cx.hot ? this.hotSaves : this.cached) + 'return ' + PENDING + '; }';
  }

  private saves(vs: readonly Var[]): string {
    return vs.map((v) => this.frameText(v) + ' = ' + this.cachedName.get(v) + '; ').join('');
  }

  private hole(h: Hole | Suspend, cx: Context): string {
    switch (h.kind) {
      case 'var': return this.varText(h.v, cx);
      case 'slot':
        if (h.v.slot < 0) return h.v.jsName;
        if (cx.direct) this.touched = true;
        return this.n.b + ' + ' + h.v.slot;
      case 'register': return deviceRegister(this.facts.registers, this.ns, h.i);
      case 'refRegister': return this.ns + '.R[0]';
      case 'which': return this.ns + '.W[' + this.ns + '.WHICH]';
      case 'sync':
        if (TASK_OPS.indexOf(h.prim.name) >= 0) this.facts.taskOps.add(h.prim.name);
        if (h.kinds !== undefined) return this.spawnCall(h.args.map((a) => this.render(a, cx)), h.kinds);
        return h.prim.name === 'now' ? this.ns + '.W[' + this.ns + '.NOW]' : this.ns + '.' + h.prim.name + '(' + h.args.map((a) => this.render(a, cx)).join(', ') + ')';
      case 'board': return halCallText(this.ns, h.method, h.args.map((a) => this.render(a, cx)));
      case 'direct': return this.render(this.futures.directCall(h.call).call, cx);
      case 'jump':
        if (!cx.stateLocal) {
          if (cx.direct) this.touched = true;
          return this.stateWord + ' = ' + h.state + ';';
        }
        return (cx.entersHot && this.hotStates!.has(h.state) ? this.saves(this.enterSaves) : '') + this.setState(h.state, cx.leavesChild === true);
      case 'return': return cx.direct ? this.directReturn(h.values.map((v) => this.render(v, cx)), h.values) : this.pollReturn(h.values.map((v) => this.render(v, cx)));
      case 'registers': return this.resultRegisters(h.values.map((v) => this.render(v, cx))).join(' ');
      case 'complete':
        if (cx.direct) this.touched = true;
        // Nothing reads a completed frame's state but its drop, and a drop without finally blocks does nothing there.
        return this.finallies ? this.stateWord + ' = ' + this.done + '; ' : '';
      case 'suspend':
        if (cx.direct) this.touched = true;
        // poll runs on its state in `$s`; the frame gets it when poll suspends.
        return this.suspendText(this.s, cx, h.tested === true);
    }
  }

  /**
   * spawn(pool, ...args): the arguments into the registers (numbers at W[RN..], references at
   * R[1..], as a dyn call passes them), then the runtime's spawn, whose generated start of the
   * pool's function copies them into the new task's frame. `args[0]` is the pool.
   */
  private spawnCall(args: readonly string[], kinds: string): string {
    return spawnText(args, kinds, (i) => deviceRegister(this.facts.registers, this.ns, i), (k) => this.ns + '.R[' + (1 + k) + ']', this.ns + '.spawn(' + args[0] + ')');
  }

  private resultRegisters(values: readonly string[]): string[] {
    const r = this.ir.sig.result;
    if (r.kind === 'num') return [deviceRegister(this.facts.registers, this.ns, 0) + ' = ' + values[0] + ';'];
    if (r.kind === 'ref') return [this.ns + '.R[0] = ' + values[0] + ';'];
    if (r.kind === 'tuple') return values.map((v, i) => deviceRegister(this.facts.registers, this.ns, i) + ' = ' + v + ';');
    return [];
  }

  private pollReturn(values: readonly string[]): string {
    const parts = this.resultRegisters(values);
    if (this.finallies) parts.push(this.stateWord + ' = ' + this.done + ';');
    return '{ ' + parts.concat(['return ' + READY + ';']).join(' ') + ' }';
  }

  /** A return of the direct form: the first result is its value, the others go to the registers. */
  private directReturn(values: readonly string[], codes: readonly Code[]): string {
    if (values.length === 0) return '{ return; }';
    const rest = this.ir.sig.result.kind === 'tuple' ? values.slice(1).map((v, i) => deviceRegister(this.facts.registers, this.ns, i + 1) + ' = ' + v + ';') : [];
    if (rest.length === 0) return '{ return ' + values[0] + '; }';
    // The values are evaluated in order: the first is held while the others are written.
    if (codes.slice(1).every((c) => /^-?[\d.]+$/.test(plainText(c) ?? ''))) return '{ ' + rest.concat(['return ' + values[0] + ';']).join(' ') + ' }';
    this.heldDirect = true;
    const v = this.n.value;
    return '{ ' + v + ' = ' + values[0] + '; ' + rest.join(' ') + ' return ' + v + '; }';
  }

  private heldDirect = false;

  /**
   * The direct form of a function that never suspends (one state, no try, no child of its own in
   * the frame): its parameters and locals are JS variables, it returns its first result and
   * writes the others to the registers. Its callers call it instead of polling a frame. Returns
   * the parameter list and body, or null when the function suspends or needs its frame.
   */
  private directForm(states: number, first: readonly DCode[], locals: string[]): string | null {
    const ir = this.ir;
    if (ir.hasTry || states !== 1 || ir.stores.length > 0 || this.childSpace > 0) return null;
    this.touched = false;
    const cx: Context = { cached: true, stateLocal: false, hot: false, entersHot: false, direct: true };
    const body = first.map((l) => this.render(l, cx)).join('\n  ');
    if (this.heldDirect && locals.indexOf(this.n.value) < 0) locals = locals.concat([this.n.value]);
    if (this.touched) return null;
    const params = ir.vars.filter((v) => v.reg >= 0 && !v.elided);
    const names = params.map((v) => this.cachedName.get(v) ?? this.n.param(v.id));
    const own = this.cached.filter((v) => params.indexOf(v) < 0).map((v) => this.cachedName.get(v)!).concat(locals);
    return '(' + names.join(', ') + ') {\n  ' + (own.length > 0 ? 'var ' + own.join(', ') + ';\n  ' : '') + body + '\n}';
  }
}

/** The exported name of a function's poll: its own name, or Class$method for a method. */
function devicePollName(ir: FunctionIR): string {
  const d = ir.decl;
  const own = d.name !== undefined && ts.isIdentifier(d.name) ? d.name.text : 'anonymous';
  if (ts.isMethodDeclaration(d) && ts.isClassDeclaration(d.parent) && d.parent.name !== undefined) return ir.file.name(d.parent.name.text + '$' + own);
  return own;
}
