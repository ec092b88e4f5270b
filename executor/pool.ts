// The bounded pool: a fixed number of equal slots shared by all tasks, the fallback when a dyn
// call's frame does not fit the caller's scratch. A stack of free slot numbers in a typed array.

import { fitsIn } from '../contract/fit.ts';
import type { WaiterSet } from './waiter-set.ts';

// Slots of Pool.st.
export const POOL_FREE = 0;
export const POOL_HIGH = 1;
export const POOL_EXHAUSTED = 2;

export class Pool {
  readonly slots: number;
  readonly slotWords: number;
  readonly slotRefs: number;
  /** First word / reference slot of the pool inside the executor's memory. */
  readonly base: number;
  readonly rbase: number;
  readonly freeSlots: Int32Array;
  /** free count, high-water mark of slots in use, exhaustion count (a request found no free slot) */
  readonly st: Int32Array;
  /** Futures parked by the 'wait' policy; a freed slot is handed to the longest-waiting one. */
  readonly waiters: WaiterSet;

  constructor(slots: number, slotWords: number, slotRefs: number, base: number, rbase: number, waiters: WaiterSet) {
    this.slots = slots;
    this.slotWords = slotWords;
    this.slotRefs = slotRefs;
    this.base = base;
    this.rbase = rbase;
    this.freeSlots = new Int32Array(slots);
    for (let i = 0; i < slots; i++) this.freeSlots[i] = slots - 1 - i;
    this.st = new Int32Array(3);
    this.st[POOL_FREE] = slots;
    this.waiters = waiters;
  }

  get free(): number { return this.st[POOL_FREE]; }
  get highWater(): number { return this.st[POOL_HIGH]; }
  get exhausted(): number { return this.st[POOL_EXHAUSTED]; }

  fits(words: number, refs: number): boolean {
    return this.slots > 0 && fitsIn(words, refs, this.slotWords, this.slotRefs);
  }

  /** A free slot number, or -1 (counted as an exhaustion). */
  take(): number {
    const st = this.st;
    if (st[POOL_FREE] === 0) { st[POOL_EXHAUSTED]++; return -1; }
    const s = this.freeSlots[--st[POOL_FREE]];
    const used = this.slots - st[POOL_FREE];
    if (used > st[POOL_HIGH]) st[POOL_HIGH] = used;
    return s;
  }

  give(s: number): void {
    this.freeSlots[this.st[POOL_FREE]++] = s;
  }
}
