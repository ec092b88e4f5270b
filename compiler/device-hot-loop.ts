// The hot loop of a device poll: the innermost loop that suspends, whether it can go round without
// suspending (then it is a native loop: device-form.ts's loopCases), and whether it gets a poll of
// its own in front of the whole one.

import { tokens } from './espruino-tokens.ts';
import { forEachDHole, suspends } from './device-lines.ts';
import type { DCode } from './device-code.ts';
import type { FunctionIR, State } from './function-ir.ts';

/** Primitives whose first poll is pending but for a deadline already past. */
const SLEEPS = ['sleep', 'sleepUntil'];

// The cases outside a hot loop that its own poll leaves out (splitsHot): about 18,000 instructions
// a poll in the loop, against the second function object (about 13 blocks: device-cost.ts).
const HOT_SPLIT_TOKENS = 60;

/**
 * The innermost loop that suspends, as the range of its states in placement order (its head to
 * the state that jumps back to it), or null.
 */
export function hotLoop(ir: FunctionIR): [number, number] | null {
  const order = ir.order;
  const index = new Map<number, number>();
  order.forEach((st, i) => index.set(st.id, i));
  let loop: [number, number] | null = null;
  order.forEach((st, i) => {
    const head = st.gotoEnd >= 0 ? index.get(st.gotoEnd) : undefined;
    if (head !== undefined && head <= i && (loop === null || i - head < loop[1] - loop[0])) loop = [head, i];
  });
  const found: [number, number] | null = loop;
  if (found === null || !order.slice(found[0], found[1] + 1).some((st) => ir.resumeStates.has(st.id))) return null;
  return found;
}

/**
 * Whether the hot loop can go round without suspending: a cycle through its states none of
 * which suspends every time (a yield; a sleep, pending at its first poll but for a deadline
 * already past). A loop whose every round returns gains nothing from being a native loop: each
 * round enters it through the dispatch, and its guards cost more than the cases they replace.
 * - `hot` is the start of caseOrder's order: the hot loop's states; `lines` each state's lines,
 *   `dropped` the states whose last jump the case order made a fall-through.
 */
export function goesRound(hot: readonly State[], lines: ReadonlyMap<number, readonly DCode[]>, dropped: ReadonlySet<number>): boolean {
  const always = (st: State): boolean => lines.get(st.id)!.some((l) => l.length === 1 && suspends(l)) ||
    st.lines.some((l) => l.op === 'resume' && l.node.kind === 'primitive' && SLEEPS.indexOf(l.node.prim.name) >= 0);
  const ids = new Set(hot.filter((st) => !always(st)).map((st) => st.id));
  const next = new Map<number, number[]>();
  hot.forEach((st, i) => {
    const to: number[] = [];
    if (st.gotoEnd >= 0) to.push(st.gotoEnd);
    if (dropped.has(st.id) && i + 1 < hot.length) to.push(hot[i + 1].id);
    for (const l of lines.get(st.id)!) forEachDHole(l, (h) => { if (h.kind === 'jump') to.push(h.state); });
    next.set(st.id, to.filter((id) => ids.has(id)));
  });
  // Depth-first search for a back edge within the states that may not suspend.
  const mark = new Map<number, number>();
  const cyclic = (id: number): boolean => {
    mark.set(id, 1);
    for (const to of next.get(id) ?? []) {
      if (mark.get(to) === 1 || (mark.get(to) === undefined && cyclic(to))) return true;
    }
    mark.set(id, 2);
    return false;
  };
  return Array.from(ids).some((id) => mark.get(id) === undefined && cyclic(id));
}

/**
 * Whether the hot loop gets a poll of its own, in front of the whole one: Espruino reads every
 * token of a function it calls (what runs, and past a `return` the rest of the text), so a
 * poll in the loop pays for the cases outside it, at about 300 instructions a token. The hot
 * poll has the loop's cases and, for any other state, saves what the loop writes and returns
 * the whole poll's result (which runs on from that state until it suspends: never the hot poll
 * again, so a loop outside the hot one that goes round without suspending does not nest calls).
 * Split when the cases outside the loop cost more than HOT_SPLIT_TOKENS; not in a function with
 * a suspending try (its catch spans every state), nor where a poll local is used both inside
 * and outside the loop (the whole poll would start without its value).
 * - `hot` are the hot loop's states as caseOrder placed them, `rest` the other cases' text.
 */
export function splitsHot(ir: FunctionIR, hot: readonly State[], rest: readonly string[]): boolean {
  if (hot.length === 0 || ir.hasTry || tokens(rest.join(' ')) < HOT_SPLIT_TOKENS) return false;
  const ids = new Set(hot.map((st) => st.id));
  return !ir.localVars.some((v) => {
    const used = Array.from(v.states).filter((id) => id >= 0);
    const inside = used.filter((id) => ids.has(id)).length;
    return inside > 0 && inside < used.length;
  });
}
