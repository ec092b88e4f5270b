// One frame's worth of memory held by an adapter and lent to one future at a time (Inline and
// MaxSpace). A second call while that future is live would overwrite it, so it is refused.

import type { Vtable } from '../executor/abi.ts';
import type { Executor } from '../executor/executor.ts';
import { fail, M_HELD_BUSY } from '../executor/messages.ts';
import { A_REUSES } from '../contract/adapter-counters.ts';
import { callArgs, refSlots } from './adapter.ts';
import type { Impl } from './interface.ts';

export class HeldFrame {
  w: Float64Array;
  r: unknown[];
  /** Handle of the future using the memory, 0 when none has yet. */
  h: number;

  constructor(words: number, refs: number) {
    this.w = new Float64Array(words);
    this.r = refSlots(refs);
    this.h = 0;
  }

  lend(ex: Executor, vt: Vtable, impl: Impl, stats: Uint32Array, strategy: string): number {
    if (this.h !== 0 && ex.isLive(this.h)) {
      throw fail(M_HELD_BUSY, callArgs(impl, vt).concat([strategy, this.h]));
    }
    this.h = ex.inHeld(vt, this.w, this.r);
    stats[A_REUSES]++;
    return this.h;
  }
}
