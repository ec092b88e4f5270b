// The device back end's dyn call sites that place the callee's frame themselves (device-futures.ts
// openDyn): a dyn call whose method has one implementation, placed by ScratchOrPool, Inline,
// MaxSpace, SideStack, Recycling or CallerCachedBox. The call site takes the place, runs the
// callee's start form (or its poll) there, and goes on past the await's resume state when the
// callee completes at once (device-settle.ts); anything else takes dynOpen, the general path.

import { dcode, SUSPEND, SUSPEND_TESTED, type DCode, type DPart } from './device-code.ts';
import type { AsyncDecl } from './ast.ts';
import type { Code, FunctionIR } from './function-ir.ts';
import type { DynPlan, ProgramFacts } from './program-facts.ts';
import { A_POOL, A_REUSES, A_SCRATCH, A_STACK } from '../contract/adapter-counters.ts';
import { polledAgain, selfWoken } from './device-self-poll.ts';

/** Which place a call site takes (device-futures.ts openDyn). */
export type SiteKind = 'scratch' | 'held' | 'SideStack' | 'Recycling' | 'CallerCachedBox';

/** Index texts of a future's space in its caller's frame: word k, reference k. */
export interface Place {
  w(k: number): string;
  r(k: number): string;
}

/**
 * A state of the caller's own where a call its site placed resumes once it was pending
 * (device-settle.ts): given the callee's poll at the place, what gives the place back, what
 * drops the call there, and when the site can place it there at all (a condition the build
 * folds: a program without a pool keeps no pool slot's state); its number.
 */
export type SiteResume = (ready: string, done: string, cancel: string, when: string) => number;

/** What a call site reads of the device futures of the function it is in (device-futures.ts). */
export interface SiteHost {
  readonly facts: ProgramFacts;
  readonly ir: FunctionIR;
  /** The runtime's namespace, its memory, and the frame's memories, as the function names them. */
  readonly ns: string;
  readonly W: string;
  readonly R: string;
  readonly w: string;
  /** The frame's base, as the function names it. */
  readonly b: string;
  readonly r: string;
  /** A local of poll that the code names (its name noted). */
  internal(name: string): string;
  /** How the function names another lowered function's export. */
  functionRef(callee: AsyncDecl, exported: string): string;
}

/**
 * The fast path of a dyn call whose method has one implementation in the program: when the place
 * its adapter gives is free and large enough (the task's scratch, else a free pool slot, for
 * ScratchOrPool; the held frame, for Inline and MaxSpace; the side stack's top; the cached box),
 * the call site opens the frame there itself and runs the implementation's start form (or its
 * poll) directly, with no placement call and no dispatch; a callee that completes at once leaves
 * nothing taken and the caller goes on past the resume state (device-settle.ts), one that is
 * pending takes the place, is recorded as device/device-dyn.ts records it, and the caller
 * suspends in the resume state. Otherwise the call takes the general path (an exhausted pool, the
 * adapter's policy, a busy held frame refused).
 * - `plan` has one implementation; SideStack, Recycling and CallerCachedBox only with a start form.
 * - `resume` is the await's resume state (device-settle.ts awaitResumes); `generic` writes the
 *   general path and its jump there; `own` makes a resume state of the caller's for a place the
 *   site knows again there (the scratch and a pool slot, through the start form): a pending call
 *   then writes no record, and its resume reads none (on Espruino 2v29 the record written, read
 *   back by the poll and the release cost 165,000 of the 751,000 instructions a scratch `next()`
 *   that suspends cost; callgrind, espruino64).
 */
export function openAtSite(h: SiteHost, site: SiteKind, plan: DynPlan, d: Code, nums: Code[], refs: Code[],
  ordered: readonly Code[], at: Place, init: DCode[], resume: number, generic: () => void, own: SiteResume): void {
  const { index, hostWords, hostRefs } = plan;
  const impl = plan.impls[0];
  const fn = h.facts.lowerFunction(impl);
  const info = fn.device!;
  const poll = h.functionRef(impl, info.poll);
  const ns = h.ns;
  const W = h.W;
  const t = h.internal(h.ir.names.task);
  const b = h.internal(h.ir.names.scratchBase);
  const rb = h.internal(h.ir.names.scratchRefBase);
  // The calling task's index into its columns, a number in a program of one task (device/ready-queue.ts col).
  const tc = ns + '.col(' + t + ')';
  const caught = h.ir.names.caught;
  const rec = (k: number): string => h.w + '[' + at.w(k) + ']';
  const line = (...parts: (DPart | DCode)[]): void => { init.push(dcode(...parts)); };
  const inW = { w: W, b, r: h.R, rb };
  // Pending: the record, then the caller suspends in the resume state. Only the words device/
  // device-dyn.ts reads for this place (device/layout.ts REC_*): a box's frame is at 0 of the box,
  // the frame's size pops a side stack, and the dyn object is read only for a parked call.
  const record = (where: string, owner: string, at0: typeof inW): DCode => dcode(rec(0) + ' = ' + where + '; ' +
    (where === ns + '.AT_BOX' ? '' : rec(1) + ' = ' + at0.b + '; ' + rec(2) + ' = ' + at0.rb + '; ') + rec(3) + ' = ' + owner + '; ' +
    (where === ns + '.AT_STACK' ? rec(4) + ' = ' + fn.words + '; ' : '') + rec(6) + ' = ', d,
    ' + ' + ns + '.DYN_METHODS' + (index === 0 ? '' : ' + ' + ns + '.DYN_METHOD_WORDS * ' + index) + '; ', { kind: 'jump', state: resume }, ' ', SUSPEND);
  // The place found again in a resume state of the caller's (`own`): the frame there, the text
  // that gives it back, and what a pending call writes for it first. `late` takes the place only
  // once the call stays pending: the callee, which has a start form, opens no frame that could
  // take the place while it is polled again, and the place is not taken and given back at each
  // round (three of the scratch's words, the pool's free list twice); `note` counts the place
  // as held before that poll (a pool slot's high-water mark: the place held the frame).
  const ownResume = (again: typeof inW, back: string, kept: string, when: string, late: string, note: string): DCode => {
    const drop = info.drop === null ? '' : h.functionRef(impl, info.drop) + '(' + again.w + ', ' + again.b + ', ' + again.r + ', ' + again.rb + '), ';
    // The callee suspended: its resume form where it has one.
    const ready = (info.resume !== null ? h.functionRef(impl, info.resume) : poll) + '(' + again.w + ', ' + again.b + ', ' + again.r + ', ' + again.rb + ')';
    const state = own(ready, back, drop + back, when);
    // The task's own frame polls a callee that woke it again at once (device-self-poll.ts), here
    // rather than in the resume state: the dispatch's way there and back cost 150,000 instructions.
    // Only without a try: the frame's state word is not moved to the resume state for this poll
    // (26,000 instructions), and a try's catch reads it to find its handler and the live child. A
    // throw here faults the program's one task then, and nothing runs after it: its drop finds no
    // live call, and the place is not taken; its timers and waiter entries go back by the
    // release's backstop, as for any fault.
    if (h.ir.hasTry) return dcode(kept, late, { kind: 'jump', state }, ' ', SUSPEND);
    // The suspend after the test has none of its own (9,000 instructions a round).
    const suspend = dcode(late, { kind: 'jump', state }, ' ', SUSPEND_TESTED);
    const test = selfWoken(ns, h.b) + ' && (' + polledAgain(ns) + ', ' + note + ready + ')';
    return dcode(kept, 'if (!(' + test + ')) { ', suspend, ' }');
  };
  // The frame at b / rb of W / R, or at 0 of a box (`frame`). `hold` marks a place taken (the
  // scratch, the held frame, the side stack's top, a cached box), `release` gives it back; a
  // pool slot is taken before (`taken`), and given back when the callee is ready at once or
  // throws (the record does not name the place yet, so no drop would). `pending`, where given,
  // is what a pending call does instead of taking the place and writing the record (ownResume).
  const open = (hold: string, release: string, where: string, owner: string, taken: boolean, frame = inW, pending: DCode | null = null): void => {
    if (info.start !== null) {
      // The start form runs on values and writes the frame only when it suspends: a place not
      // yet taken is taken only then, with nothing to give back when it completes or throws.
      const call: (string | Code)[] = [h.functionRef(impl, info.start) + '(' + frame.w + ', ' + frame.b + ', ' + frame.r + ', ' + frame.rb + ', ' +
        h.R + '[' + W + '[', d, ']]'];
      for (const v of ordered) call.push(', ', v);
      const ready = taken ? ['if (', ...call, ')) { ' + release + ' } else { ', record(where, owner, frame), ' }'] :
        ['if (!', ...call, ')) { ', pending ?? dcode(hold + ' ', record(where, owner, frame)), ' }'];
      if (taken) line('try { ', ...ready, ' } catch (' + caught + ') { ' + release + ' throw ' + caught + '; }');
      else line(...ready);
      return;
    }
    // poll runs on the frame, held while it is polled once (a dyn call of the callee's own must
    // not take the same place).
    if (hold !== '') line(hold);
    for (const z of info.zeroWords) line(W + '[' + b + (z === 0 ? '' : ' + ' + z) + '] = 0;');
    line(h.R + '[' + rb + '] = ' + h.R + '[' + W + '[', d, ']];');
    nums.forEach((v, i) => line(W + '[' + b + ' + ' + (1 + i) + '] = ', v, ';'));
    refs.forEach((v, i) => line(h.R + '[' + rb + ' + ' + (1 + i) + '] = ', v, ';'));
    line('try { if (' + poll + '(' + W + ', ' + b + ', ' + h.R + ', ' + rb + ')) { ' + release + ' }');
    line('else { ', record(where, owner, inW), ' }');
    line('} catch (' + caught + ') { ' + release + ' throw ' + caught + '; }');
  };
  const a = h.internal(h.ir.names.adapter);
  const counter = (k: string): string => W + '[' + a + ' + (' + ns + '.AD_COUNTERS + ' + ns + '.' + k + ')]';
  // A call counted as dynOpen counts one, so that the budget report reads the same figures
  // whichever path placed it: when one adapter is all the call can meet, in the site's own words
  // (one increment: program-facts.ts SiteCount), else in the adapter's counters (`k`) and the
  // task's (`task`, for a scratch hit).
  const counted = (k: 'A_SCRATCH' | 'A_POOL' | 'A_STACK' | 'A_REUSES' | '', task: string): void => {
    if (plan.adapter === null) {
      line(counter('A_CALLS') + '++; if (' + counter('A_HIGH_WORDS') + ' < ' + hostWords + ') ' + counter('A_HIGH_WORDS') + ' = ' + hostWords + ';' +
        (k === '' ? '' : ' ' + counter(k) + '++;') + task);
      return;
    }
    const sites = h.facts.sites;
    let ones = 0;
    let columns = 0;
    for (const x of sites) if (x.perTask) columns++; else ones++;
    const perTask = k === 'A_SCRATCH' || k === 'A_POOL';
    sites.push({ adapter: plan.adapter, counter: k === '' ? -1 : { A_SCRATCH, A_POOL, A_STACK, A_REUSES }[k], hostWords, perTask, ones, columns });
    line(W + '[(' + ns + '.SITE_COUNTS + ' + ones + ' + ' + columns + ' * ' + ns + '.TASKS)' + (perTask ? ' + ' + tc : '') + ']++;');
  };
  // The adapter: a number of the memory map when one adapter is all the call can meet
  // (ProgramFacts.siteAdapters), else read from the dyn object.
  let known = -1;
  if (plan.adapter !== null) {
    known = h.facts.siteAdapters.indexOf(plan.adapter);
    if (known < 0) known = h.facts.siteAdapters.push(plan.adapter) - 1;
  }
  const ad = known >= 0 ? ns + '.ADAPTER_' + known : a;
  if (known < 0) line(a + ' = ' + W + '[', d, ' + ' + ns + '.DYN_ADAPTER];');
  if (site === 'SideStack') {
    // As dynOpen pushes a frame (device/device-dyn.ts), once the callee suspends.
    const sizes = ', ' + fn.words + ', ' + fn.refs + ')';
    line('if (' + ns + '.TASKS > 1) ' + t + ' = ' + W + '[' + ns + '.CUR]; ' + b + ' = ' + W + '[' + ns + '.STACK_TOP + ' + tc + ']; ' + rb + ' = ' + W + '[' + ns + '.STACK_RTOP + ' + tc + '];');
    line('if (' + ns + '.stackFits(' + tc + ', ' + b + ', ' + rb + sizes + ') {');
    counted('A_STACK', '');
    // Pushed once pending: a call that completes at its first poll is not in the high-water mark.
    open(ns + '.stackHigh(' + tc + ', ' + b + ' + ' + (fn.words + 1) + '); ' + ns + '.pushStack(' + tc + ', ' + b + ', ' + rb + sizes + ';', '', ns + '.AT_STACK', tc, false);
    line('} else {');
    generic();
    line('}');
    return;
  }
  if (site === 'Recycling' || site === 'CallerCachedBox') {
    // The adapter's cached box (one per calling task for CallerCachedBox), free and large enough:
    // a call overlapping the one that holds it, or the first call, takes dynOpen's one-off or new box.
    const stats = ns + '.AD_COUNTERS + ' + ns + '.ADAPTER_STATS + ';
    const per = site === 'CallerCachedBox';
    if (per) line('if (' + ns + '.TASKS > 1) ' + t + ' = ' + W + '[' + ns + '.CUR];');
    // Where the box and its busy flag are: numbers of the memory map for an adapter the build
    // names (in a program of one task, for CallerCachedBox), else read into `b` and `t`.
    const place = (k: string, step: string): string => '(' + ad + '_' + k + (per ? ' + ' + step + tc : '') + ')';
    const boxAt = known >= 0 ? place('CACHES', '2 * ') : b;
    const busyAt = known >= 0 ? place('CACHE_BUSY', '') : t;
    if (known < 0) {
      line(b + ' = ' + W + '[' + a + ' + (' + stats + ns + '.AD_CACHES)]' + (per ? ' + 2 * ' + tc : '') + '; ' + t + ' = ' + W + '[' + a + ' + (' + stats +
        ns + '.AD_CACHE_BUSY)]' + (per ? ' + ' + tc : '') + ';');
    }
    const box = h.R + '[' + boxAt + ']';
    const refBox = h.R + '[' + boxAt + ' + 1]';
    // A box of an adapter the build names is large enough when no frame it can hold is smaller
    // than the callee's (bundler/dyn-layout.ts boxFloor): the build folds the lengths away.
    const lengths = box + '.length >= ' + fn.words + ' && ' + refBox + '.length >= ' + fn.refs;
    const large = known >= 0 ? '(' + ad + '_BOX_WORDS >= ' + fn.words + ' && ' + ad + '_BOX_REFS >= ' + fn.refs + ' || ' + lengths + ')' : lengths;
    line('if (' + W + '[' + busyAt + '] === 0 && ' + box + ' !== undefined && ' + large + ') {');
    counted('A_REUSES', '');
    open(W + '[' + busyAt + '] = 1; ' + h.r + '[' + at.r(0) + '] = ' + box + '; ' + h.r + '[' + at.r(1) + '] = ' + refBox + ';', '', ns + '.AT_BOX', busyAt, false,
      { w: box, b: '0', r: refBox, rb: '0' });
    line('} else {');
    generic();
    line('}');
    return;
  }
  if (site === 'held') {
    const busy = W + '[' + ad + ' + ' + ns + '.AD_HELD_BUSY]';
    line('if (' + busy + ' === 0) {');
    const held = known >= 0 ? { w: W, b: ad + '_HELD_W', r: h.R, rb: ad + '_HELD_R' } : inW;
    if (known < 0 || info.start === null) line(b + ' = ' + (known >= 0 ? held.b : W + '[' + a + ' + ' + ns + '.AD_HELD_W]') + '; ' + rb + ' = ' +
      (known >= 0 ? held.rb : W + '[' + a + ' + ' + ns + '.AD_HELD_R]') + ';');
    counted('A_REUSES', '');
    open(busy + ' = 1;', busy + ' = 0;', ns + '.AT_HELD', ad, false, info.start !== null ? held : inW);
    line('} else {');
    generic();
    line('}');
    return;
  }
  line('if (' + ns + '.TASKS > 1) ' + t + ' = ' + W + '[' + ns + '.CUR];');
  // The fit is contract/fit.ts's rule, the one the placement in device/device-dyn.ts applies.
  // A scratch size every task has is a number: the fit is decided in the build, and comes
  // first, so that a fit refused there takes the busy flag's read away with it.
  line('if ((' + ns + '.SCR_SAME_WORDS >= 0 ? ' +
    ns + '.fitsIn(' + hostWords + ', ' + hostRefs + ', ' + ns + '.SCR_SAME_WORDS, ' + ns + '.SCR_SAME_REFS) : ' +
    ns + '.fitsIn(' + hostWords + ', ' + hostRefs + ', ' + W + '[' + ns + '.SCR_WORDS + ' + tc + '], ' + W + '[' + ns + '.SCR_REFS + ' + tc + '])) && ' +
    W + '[' + ns + '.SCR_BUSY + ' + tc + '] === 0) {');
  // The start form gets the scratch's place as numbers in a program of one task; the resume state
  // finds it again through the task being polled.
  const one = (k: string, col: string): string => '(' + ns + '.SCR_ONE_' + k + ' >= 0 ? ' + ns + '.SCR_ONE_' + k + ' : ' + W + '[' + ns + '.SCR_' + k + ' + ' + col + '])';
  const scratchAt = (col: string): typeof inW => ({ w: W, b: one('BASE', col), r: h.R, rb: one('RBASE', col) });
  const scratch = info.start !== null ? scratchAt(tc) : inW;
  if (info.start === null) line(b + ' = ' + W + '[' + ns + '.SCR_BASE + ' + tc + ']; ' + rb + ' = ' + W + '[' + ns + '.SCR_RBASE + ' + tc + '];');
  counted('A_SCRATCH', ' ' + W + '[' + ns + '.SCR_HITS + ' + tc + ']++; if (' + W + '[' + ns + '.SCR_HIGH + ' + tc + '] < ' + hostWords + ') ' +
    W + '[' + ns + '.SCR_HIGH + ' + tc + '] = ' + hostWords + ';');
  const busy = (col: string): string => W + '[' + ns + '.SCR_BUSY + ' + col + ']';
  const polled = ns + '.col(' + W + '[' + ns + '.CUR])';
  open(busy(tc) + ' = 1;', busy(tc) + ' = 0;', ns + '.AT_SCRATCH', tc, false, scratch, info.start !== null ? ownResume(scratchAt(polled), busy(polled) + ' = 0', '',
    '(' + ns + '.SCR_SAME_WORDS < 0 || ' + ns + '.fitsIn(' + hostWords + ', ' + hostRefs + ', ' + ns + '.SCR_SAME_WORDS, ' + ns + '.SCR_SAME_REFS))', busy(tc) + ' = 1; ', '') : null);
  // The slot index goes in `t`: the task is not needed once the scratch is out.
  const slotFits = ns + '.POOL_SLOTS > 0 && ' + ns + '.fitsIn(' + hostWords + ', ' + hostRefs + ', ' + ns + '.POOL_SLOT_WORDS, ' + ns + '.POOL_SLOT_REFS)';
  const slotAt = b + ' = ' + ns + '.POOL_W + ' + t + ' * ' + ns + '.POOL_SLOT_DW; ' + rb + ' = ' + ns + '.POOL_R + ' + t + ' * ' + ns + '.POOL_SLOT_DR;';
  if (info.start !== null && plan.adapter !== null) {
    // The start form runs in the slot a take would take (the last free one: it opens no frame,
    // so nothing takes a slot before it returns), taken only once the call is pending. Its
    // call counts as a pool fallback of the task in the site's own word.
    // A pool of one slot has it at a place the build knows.
    line('} else if (' + slotFits + ' && ' + W + '[' + ns + '.POOL_NFREE] > 0) {');
    counted('A_POOL', '');
    const last = W + '[' + ns + '.POOL_FREE + ' + W + '[' + ns + '.POOL_NFREE] - 1]';
    line('if (' + ns + '.POOL_SLOTS > 1) { ' + t + ' = ' + last + '; ' + slotAt + ' }');
    const many = (local: string, one: string): string => '(' + ns + '.POOL_SLOTS > 1 ? ' + local + ' : ' + one + ')';
    // The slot, for the resume state: its number kept in the record's owner word when there are several.
    const slot = many(rec(3), '0');
    const again = { w: W, b: ns + '.POOL_W + ' + slot + ' * ' + ns + '.POOL_SLOT_DW', r: h.R, rb: ns + '.POOL_R + ' + slot + ' * ' + ns + '.POOL_SLOT_DR' };
    open(ns + '.poolHold();', '', ns + '.AT_POOL', many(t, '0'), false, { w: W, b: many(b, ns + '.POOL_W'), r: h.R, rb: many(rb, ns + '.POOL_R') },
      ownResume(again, ns + '.giveSlot(' + slot + ')', 'if (' + ns + '.POOL_SLOTS > 1) ' + rec(3) + ' = ' + t + '; ', slotFits, ns + '.poolHold(); ', ns + '.poolNote(), '));
  } else {
    line('} else if (' + slotFits + ' && (' + t + ' = ' + ns + '.poolTake(' + ad + ')) >= 0) {');
    counted('', '');
    line(slotAt);
    open('', ns + '.giveSlot(' + t + ');', ns + '.AT_POOL', t, true);
  }
  line('} else {');
  generic();
  line('}');
}
