// CallerCachedBox: a cache on the caller's side. Each calling task keeps its own boxed frame between
// calls and the callee's future reuses it; the first call of each task allocates the box.

import type { Vtable } from '../executor/abi.ts';
import type { Executor } from '../executor/executor.ts';
import { setUpAdapter, type Adapter } from './adapter.ts';
import { FrameCache } from './frame-cache.ts';

export class CallerCachedBox implements Adapter {
  strategy!: string;
  label!: string;
  stats!: Uint32Array;
  registered!: Executor | null;
  /** One cache per task slot, made on the first call of the executor. */
  caches: FrameCache[];

  constructor(label?: string) {
    setUpAdapter(this, 'CallerCachedBox', label, 'caller cached box');
    this.caches = [];
  }

  bind(): void {}

  place(ex: Executor, vt: Vtable): number {
    if (this.caches.length < ex.config.maxTasks) {
      for (let i = this.caches.length; i < ex.config.maxTasks; i++) this.caches.push(new FrameCache());
    }
    return this.caches[ex.cur < 0 ? 0 : ex.cur].place(ex, vt, this.stats);
  }
}
