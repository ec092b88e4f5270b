// Recycling (seed 000's RecyclableFutureAllocator): a cache on the callee's side. Every caller of
// this dyn object shares one cached frame, reused once the previous future was dropped; it
// allocates only when calls overlap or a larger frame is needed, and counts it.

import type { Vtable } from '../executor/abi.ts';
import type { Executor } from '../executor/executor.ts';
import { setUpAdapter, type Adapter } from './adapter.ts';
import { FrameCache } from './frame-cache.ts';

export class Recycling implements Adapter {
  strategy!: string;
  label!: string;
  stats!: Uint32Array;
  registered!: Executor | null;
  readonly cache: FrameCache;

  constructor(label?: string) {
    setUpAdapter(this, 'Recycling', label, 'recycling');
    this.cache = new FrameCache();
  }

  bind(): void {}

  place(ex: Executor, vt: Vtable): number {
    return this.cache.place(ex, vt, this.stats);
  }
}
