// A heap frame kept between calls and reused once the future using it was dropped (the seeds'
// cached box). It allocates only when there is no cached frame yet, when a larger frame is needed,
// or when a call overlaps the one holding the cache (that future gets a one-off box).

import type { Vtable } from '../executor/abi.ts';
import type { Executor } from '../executor/executor.ts';
import { A_ALLOCS, A_REUSES } from '../contract/adapter-counters.ts';
import { refSlots } from './adapter.ts';

export class FrameCache {
  w: Float64Array | null;
  r: unknown[];
  h: number;

  constructor() {
    this.w = null;
    this.r = [];
    this.h = 0;
  }

  place(ex: Executor, vt: Vtable, stats: Uint32Array): number {
    if (this.h !== 0 && ex.isLive(this.h)) {
      const boxed = ex.inBox(vt);
      stats[A_ALLOCS]++;
      return boxed;
    }
    const grow = this.w === null || this.w.length < vt.words || this.r.length < vt.refs;
    if (grow) {
      this.w = new Float64Array(Math.max(vt.words, this.w ? this.w.length : 0));
      this.r = refSlots(Math.max(vt.refs, this.r.length));
    }
    this.h = ex.inHeld(vt, this.w as Float64Array, this.r);
    stats[grow ? A_ALLOCS : A_REUSES]++;
    return this.h;
  }
}
