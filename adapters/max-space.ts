// MaxSpace (stackfuture-like): the caller reserves a maximum frame size up front. Any
// implementation whose futures fit can be called without allocation; a larger one is refused when
// the dyn object is built, never at call time.

import type { Vtable } from '../executor/abi.ts';
import { checkSize } from '../executor/config.ts';
import type { Executor } from '../executor/executor.ts';
import { fail, M_MAXSPACE_SMALL } from '../executor/messages.ts';
import { setUpAdapter, type Adapter } from './adapter.ts';
import { HeldFrame } from './held-frame.ts';
import type { Impl } from './interface.ts';

export class MaxSpace implements Adapter {
  strategy!: string;
  label!: string;
  stats!: Uint32Array;
  registered!: Executor | null;
  readonly frame: HeldFrame;

  constructor(words: number, refs: number, label?: string) {
    setUpAdapter(this, 'MaxSpace', label, 'max space');
    this.frame = new HeldFrame(checkSize('MaxSpace', 'words', words, 0, 1 << 20), checkSize('MaxSpace', 'refs', refs, 0, 1 << 16));
  }

  bind(impl: Impl): void {
    const w = this.frame.w.length;
    const r = this.frame.r.length;
    if (impl.maxWords > w || impl.maxRefs > r) {
      throw fail(M_MAXSPACE_SMALL, [w, r, impl.iface.name, impl.name, impl.maxWords, impl.maxRefs]);
    }
  }

  place(ex: Executor, vt: Vtable, impl: Impl): number {
    return this.frame.lend(ex, vt, impl, this.stats, this.strategy);
  }
}
