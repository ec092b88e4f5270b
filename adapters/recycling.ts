// Recycling (seed 000's RecyclableFutureAllocator): a cache on the callee's side. Every caller of
// this dyn object shares one cached frame, reused once the previous future was dropped; it
// allocates only when calls overlap or a larger frame is needed, and counts it.

import type { Vtable } from '../executor/abi.ts';
import type { Executor } from '../executor/executor.ts';
import { newStats, type Adapter } from './adapter.ts';
import { FrameCache } from './frame-cache.ts';

export class Recycling implements Adapter {
  readonly strategy: string;
  readonly label: string;
  readonly stats: Uint32Array;
  registered: Executor | null;
  readonly cache: FrameCache;

  constructor(label?: string) {
    this.strategy = 'Recycling';
    this.label = label || 'recycling';
    this.stats = newStats();
    this.registered = null;
    this.cache = new FrameCache();
  }

  bind(): void {}

  place(ex: Executor, vt: Vtable): number {
    return this.cache.place(ex, vt, this.stats);
  }
}
