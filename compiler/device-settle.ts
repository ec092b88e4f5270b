// The device back end's settled awaits: a dyn call placed by its call site goes on past its resume
// state when the callee completes on its first poll.
//
// Why: the call site polls the callee once where it opens the frame (device-call-site.ts
// openAtSite). When that poll completes, the caller used to write a record saying so, jump to the
// await's resume state, read the record there and clear it; Espruino read all of it on every ready
// await (104,000 of the 416,000 instructions a ready scratch `next()` cost, callgrind on
// espruino64, a hand-edited bundle). Here the resume state k of such an await is cut in two:
//
//   A:  ...; open(n); await(n); goto(k)       A:  ...; open(n) settled; await(n); goto(k2)
//   k:  resume(n); <rest>               ->    k:  resume(n); goto(k2)
//                                             k2: <rest>
//
// and the call site's code (its `settled` init) ends each way itself: completed, it falls to A's
// goto(k2) with the result in the registers; pending, it writes the record, jumps to k and
// suspends there (k's poll comes after a wake, so a pending callee is not polled twice); placed
// by the runtime instead (dynOpen), it jumps to k, whose poll is the first. Nothing else jumps to
// k. Where the site knows the place again after a suspend (the scratch, a pool slot), its pending
// call writes no record and jumps to a state of its own instead, ks: resume'(n); goto(k2), whose
// future polls the callee at that place and gives it back (device-call-site.ts ownResume). k2 and
// the ks states are new states after the others, numbered by device-futures.ts as it opens the
// calls (the completed frame's number moves up by one for each).

import type { FunctionIR, FutureNode, Line, State } from './function-ir.ts';

/**
 * A settled await's states: its resume state (k), the state after it (k2), and the resume states
 * of its own places (ks), each with the future its poll line names.
 */
export interface Settled {
  readonly resume: number;
  readonly after: number;
  readonly own: { readonly state: number; readonly node: FutureNode; readonly when: string }[];
}

/**
 * Each awaited dyn call's resume state: the state whose first line polls it, right after the
 * state that opens it and jumps there.
 * - `ir` is a FunctionIR of the device form.
 */
export function awaitResumes(ir: FunctionIR): Map<FutureNode, number> {
  const out = new Map<FutureNode, number>();
  for (const st of ir.states) {
    const n = st.lines.length;
    if (n < 3) continue;
    const open = st.lines[n - 3];
    const wait = st.lines[n - 2];
    const to = st.lines[n - 1];
    if (open.op !== 'open' || open.node.kind !== 'dyn' || open.node.mode !== 'await' || wait.op !== 'await' || wait.node !== open.node || to.op !== 'goto') continue;
    const first = ir.states[to.state].lines[0];
    if (first !== undefined && first.op === 'resume' && first.node === open.node) out.set(open.node, to.state);
  }
  return out;
}

/**
 * The function with each settled await's resume state cut in two and its own resume states added
 * (above); the IR given is left as it was, but for its variables, which are noted as used in the
 * new states too.
 * - `settled` holds each dyn call whose init ends each way itself, its resume state
 *   (awaitResumes), and new states numbered from the IR's state count up, in the map's order.
 */
export function settleAwaits(ir: FunctionIR, settled: ReadonlyMap<FutureNode, Settled>): FunctionIR {
  if (settled.size === 0) return ir;
  const states = ir.states.slice();
  const order = ir.order.slice();
  const add = (st: State): State => {
    if (st.id !== states.length) throw new Error('device-settle: state ' + st.id + ' added as number ' + states.length);
    states.push(st);
    return st;
  };
  settled.forEach(({ resume: k, after, own }, node) => {
    const from = states.findIndex((st) => st.lines.some((l) => l.op === 'open' && l.node === node));
    const resume = states[k];
    const rest = resume.lines.slice(1);
    const reads = resultReads(rest);
    const k2 = add({ id: after, region: resume.region, lines: rest.slice(reads.length), gotoEnd: resume.gotoEnd });
    const opener = states[from];
    const goto = (state: number): Line => ({ op: 'goto', state });
    // Each in a branch the build takes away where the site cannot place the call there: the case
    // left empty is never entered.
    const ks = own.map((o) => add({ id: o.state, region: resume.region, gotoEnd: k2.id,
      lines: [{ op: 'code', code: ['if (' + o.when + ') {'] }, { op: 'resume', node: o.node }, ...reads, goto(k2.id), { op: 'code', code: ['}'] }] }));
    states[from] = { ...opener, lines: opener.lines.slice(0, -1).concat(reads, [goto(k2.id)]), gotoEnd: k2.id };
    states[k] = { ...resume, lines: [resume.lines[0], ...reads, goto(k2.id)], gotoEnd: k2.id };
    order[order.indexOf(opener)] = states[from];
    // The site's first place last: the last state in front of a loop falls into it (device-form.ts loopCases).
    order.splice(order.indexOf(resume), 1, states[k], ...ks.slice().reverse(), k2);
    for (const v of ir.vars) if (v.states.has(k)) for (const st of [k2, ...ks]) v.states.add(st.id);
    for (const l of reads) if (l.op === 'code') for (const p of l.code) if (typeof p !== 'string' && p.kind === 'var') p.v.states.add(from);
  });
  return { ...ir, states, order };
}

/**
 * The lines a resume state starts with that copy the result registers to variables
 * (`v = register(i);`), none when they are all it has: they go where each way into the state after
 * it jumps from, so that the call site's completed call is followed by them at once, where the
 * build can have the callee's written-in return write the variables instead of the registers
 * (bundler/forward-results.ts: four of a round's words of W, 42,000 of the 355,000 instructions a
 * scratch `next()` that suspends cost on Espruino 2v29, callgrind on a hand-edited bundle).
 */
function resultReads(lines: readonly Line[]): Line[] {
  let n = 0;
  while (n < lines.length && registerRead(lines[n])) n++;
  return n === lines.length ? [] : lines.slice(0, n);
}

function registerRead(l: Line): boolean {
  if (l.op !== 'code' || l.code.length !== 4) return false;
  const [v, eq, r, end] = l.code;
  return typeof v !== 'string' && v.kind === 'var' && v.write && eq === ' = ' && typeof r !== 'string' && r.kind === 'register' && end === ';';
}
