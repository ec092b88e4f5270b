// Futures parked on one primitive (a channel end, a signal, a pin, the pool), as an intrusive FIFO
// list threaded through the frame table: each waiting future is one frame, linked by index, so a
// set costs three integers however many futures wait, and two futures of one task waiting on the
// same set are woken and removed independently. A frame waits in at most one set; freeing the frame
// unlinks it, so a drop never needs to.

import type { FrameTable } from './frame-table.ts';

/**
 * What a waiter set needs of the executor (which has all of it): the frame table its links live in,
 * every set by id, and the wake. Named here, not imported, because the executor makes waiter sets.
 */
export interface WaitHost {
  readonly frames: FrameTable;
  readonly waitSets: WaiterSet[];
  wake(t: number): void;
}

// Slots of WaiterSet.st: first and last parked frame (-1 when empty), how many are parked.
export const WAIT_HEAD = 0;
export const WAIT_TAIL = 1;
export const WAIT_COUNT = 2;

export class WaiterSet {
  /** Index in ex.waitSets, stored in each linked frame. */
  readonly id: number;
  /** head frame, tail frame (-1 when empty), count */
  readonly st: Int32Array;

  constructor(ex: WaitHost) {
    this.id = ex.waitSets.length;
    ex.waitSets.push(this);
    this.st = new Int32Array(3);
    this.st[WAIT_HEAD] = -1;
    this.st[WAIT_TAIL] = -1;
  }

  get length(): number { return this.st[WAIT_COUNT]; }

  /** Parks frame f (the future being polled) until the next wake; idempotent. */
  add(ex: WaitHost, f: number): void {
    const fr = ex.frames;
    const cur = fr.waitSet[f];
    if (cur === this.id) return;
    if (cur >= 0) ex.waitSets[cur].remove(ex, f);
    const st = this.st;
    fr.waitSet[f] = this.id;
    fr.waitPrev[f] = st[WAIT_TAIL];
    fr.waitNext[f] = -1;
    if (st[WAIT_TAIL] >= 0) fr.waitNext[st[WAIT_TAIL]] = f;
    else st[WAIT_HEAD] = f;
    st[WAIT_TAIL] = f;
    st[WAIT_COUNT]++;
  }

  remove(ex: WaitHost, f: number): void {
    const fr = ex.frames;
    if (fr.waitSet[f] !== this.id) return;
    const st = this.st;
    const p = fr.waitPrev[f];
    const n = fr.waitNext[f];
    if (p >= 0) fr.waitNext[p] = n;
    else st[WAIT_HEAD] = n;
    if (n >= 0) fr.waitPrev[n] = p;
    else st[WAIT_TAIL] = p;
    fr.waitSet[f] = -1;
    st[WAIT_COUNT]--;
  }

  /** Wakes the task of every parked future and empties the set. */
  wakeAll(ex: WaitHost): void {
    const st = this.st;
    let f = st[WAIT_HEAD];
    if (f < 0) return;
    const fr = ex.frames;
    st[WAIT_HEAD] = -1;
    st[WAIT_TAIL] = -1;
    st[WAIT_COUNT] = 0;
    while (f >= 0) {
      const n = fr.waitNext[f];
      fr.waitSet[f] = -1;
      ex.wake(fr.task[f]);
      f = n;
    }
  }
}
