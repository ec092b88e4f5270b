// Inline: the frame lives in the adapter object, sized for the implementation when the dyn object is
// built. One outstanding future (Rust's &mut self case); an overlapping call is refused.

import type { Vtable } from '../executor/abi.ts';
import type { Executor } from '../executor/executor.ts';
import { setUpAdapter, type Adapter } from './adapter.ts';
import { HeldFrame } from './held-frame.ts';
import type { Impl } from './interface.ts';

export class Inline implements Adapter {
  strategy!: string;
  label!: string;
  stats!: Uint32Array;
  registered!: Executor | null;
  frame: HeldFrame | null;

  constructor(label?: string) {
    setUpAdapter(this, 'Inline', label, 'inline');
    this.frame = null;
  }

  // setup: runs when a dyn object is made with this adapter
  bind(impl: Impl): void {
    const f = this.frame;
    if (f === null || f.w.length < impl.maxWords || f.r.length < impl.maxRefs) {
      this.frame = new HeldFrame(Math.max(impl.maxWords, f ? f.w.length : 0), Math.max(impl.maxRefs, f ? f.r.length : 0));
    }
  }

  place(ex: Executor, vt: Vtable, impl: Impl): number {
    return (this.frame as HeldFrame).lend(ex, vt, impl, this.stats, this.strategy);
  }
}
