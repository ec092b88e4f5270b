// The 'wait' policy of ScratchOrPool: a small future on the caller's side stack that keeps the call's
// arguments and parks in the pool's FIFO waiter set; a freed slot is handed to the longest-waiting
// frame directly, which opens the real future there and forwards every poll to it.

import { defineFuture, PENDING, VTABLES, type Vtable } from '../executor/abi.ts';
import type { Executor } from '../executor/executor.ts';
import { A_POOL } from '../contract/adapter-counters.ts';
import type { Adapter } from './adapter.ts';

const SAVED_NUMBERS = 4;
const SAVED_REFS = 3;

// words [child, vtable id, an0..an3], refs [adapter, ar0..ar2]
export const PoolWait = defineFuture({
  name: 'pool.wait',
  words: 2 + SAVED_NUMBERS,
  refs: 1 + SAVED_REFS,
  init: function (ex, f, w, b, r, rb) {
    w[b + 1] = ex.an[7];
    for (let i = 0; i < SAVED_NUMBERS; i++) w[b + 2 + i] = ex.an[i];
    r[rb] = ex.ar[3];
    for (let i = 0; i < SAVED_REFS; i++) r[rb + 1 + i] = ex.ar[i];
  },
  poll: function (ex, f, w, b, r, rb) {
    if (w[b] === 0) {
      for (let i = 0; i < SAVED_NUMBERS; i++) ex.an[i] = w[b + 2 + i];
      for (let i = 0; i < SAVED_REFS; i++) ex.ar[i] = r[rb + 1 + i];
      const vt = VTABLES[w[b + 1]];
      const handed = ex.frames.slot[f];
      let h = 0;
      if (handed >= 0) {
        ex.frames.slot[f] = -1;
        h = ex.inSlot(vt, handed);
      } else {
        // The placement that parked this call counted the pool's exhaustion once; asking the pool
        // again would count it again on every poll. A slot is free only while nobody waits (a freed
        // slot goes to the longest waiter), and then it is this call's.
        if (ex.pool.free > 0) h = ex.inPool(vt);
        if (h === 0) {
          ex.pool.waiters.add(ex, f);
          return PENDING;
        }
      }
      w[b] = h;
      (r[rb] as Adapter).stats[A_POOL]++;
    }
    return ex.poll(w[b]);
  },
  // A slot handed to this frame but never used goes to the next in line when the frame is freed.
  drop: function (ex, f, w, b) {
    if (w[b] !== 0) ex.drop(w[b]);
  },
});

export function waitForPool(ex: Executor, vt: Vtable, adapter: Adapter): number {
  // The call's own registers must reach init untouched: the vtable and adapter travel in spare ones.
  ex.an[7] = vt.id;
  ex.ar[3] = adapter;
  return ex.push(PoolWait);
}
