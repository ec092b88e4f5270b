// A task's side stack: its entry frame at the bottom, the futures it opens while running pushed on
// top. Each frame is followed by one header word (contract/side-stack-header.ts), so the stack
// can be walked down from its top without the frame table. Frames leave in any order: one dropped
// below the top only has its header negated (marked dead), and is popped once everything above it
// is gone, so memory comes back as soon as the frames above it leave too.

import type { FrugalError } from './errors.ts';
import { fail, M_SIDE_STACK_OVERFLOW, taskArg, type Named } from './messages.ts';
import type { TaskTable } from './task-table.ts';
import { STACK_REF_SHIFT } from '../contract/side-stack-header.ts';


/** True when a frame of `words` words and `refs` references fits on top of task t's side stack. */
export function stackHasRoom(ts: TaskTable, t: number, words: number, refs: number): boolean {
  return ts.stackTop[t] + words + 1 <= ts.wordBase[t] + ts.stackWords[t] &&
    ts.stackRTop[t] + refs <= ts.refBase[t] + ts.stackRefs[t];
}

/** The error for a future (its vtable) whose frame does not fit: what it needs, what is left and the stack's size. */
export function stackOverflow(ts: TaskTable, t: number, vt: Named & { readonly words: number; readonly refs: number }): FrugalError {
  return fail(M_SIDE_STACK_OVERFLOW, [taskArg({ tasks: ts }, t), vt, vt.words, vt.refs,
    ts.wordBase[t] + ts.stackWords[t] - ts.stackTop[t], ts.stackWords[t],
    ts.refBase[t] + ts.stackRefs[t] - ts.stackRTop[t], ts.stackRefs[t]]);
}

/**
 * Moves task t's stack top past a frame just opened at the old top, writing its header.
 *
 * Contract: stackHasRoom(ts, t, words, refs) held, and the frame starts at ts.stackTop[t] /
 * ts.stackRTop[t]; the frame is given back with stackPop and these same sizes.
 */
export function stackPush(ts: TaskTable, w: Float64Array, t: number, words: number, refs: number): void {
  const top = ts.stackTop[t];
  w[top + words] = words + 1 + refs * STACK_REF_SHIFT;
  ts.stackTop[t] = top + words + 1;
  ts.stackRTop[t] += refs;
  const used = top + words + 1 - ts.wordBase[t];
  if (used > ts.stackHigh[t]) ts.stackHigh[t] = used;
}

/**
 * Gives back the frame of `words` words at `base` / `rbase` on task t's side stack: below the top it
 * is marked dead, at the top it is popped together with every dead frame under it.
 *
 * Contract: the frame was pushed with stackPush and these sizes, and is given back once.
 */
export function stackPop(ts: TaskTable, w: Float64Array, t: number, base: number, rbase: number, words: number): void {
  if (base + words + 1 !== ts.stackTop[t]) {
    w[base + words] = -w[base + words];
    return;
  }
  let top = base;
  let rtop = rbase;
  const bottom = ts.wordBase[t];
  while (top > bottom && w[top - 1] < 0) {
    const hdr = -w[top - 1];
    const below = (hdr % STACK_REF_SHIFT) - 1;
    top -= below + 1;
    rtop -= (hdr - below - 1) / STACK_REF_SHIFT;
  }
  ts.stackTop[t] = top;
  ts.stackRTop[t] = rtop;
}
