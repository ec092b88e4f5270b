// Boxing: a fresh heap frame per call, as Rust's Box<dyn Future>. The allocating baseline; opt-in
// only, and every box is counted.

import type { Vtable } from '../executor/abi.ts';
import type { Executor } from '../executor/executor.ts';
import { A_ALLOCS } from '../contract/adapter-counters.ts';
import { setUpAdapter, type Adapter } from './adapter.ts';

export class Boxing implements Adapter {
  strategy!: string;
  label!: string;
  stats!: Uint32Array;
  registered!: Executor | null;

  constructor(label?: string) {
    setUpAdapter(this, 'Boxing', label, 'boxing');
  }

  bind(): void {}

  place(ex: Executor, vt: Vtable): number {
    const h = ex.inBox(vt);
    this.stats[A_ALLOCS]++;
    return h;
  }
}
