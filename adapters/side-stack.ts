// SideStack: the frame is pushed on the calling task's side stack and popped when it is dropped.
// Overflow is the executor's error, naming the task, the future and the sizes.

import type { Vtable } from '../executor/abi.ts';
import type { Executor } from '../executor/executor.ts';
import { A_STACK } from '../contract/adapter-counters.ts';
import { setUpAdapter, type Adapter } from './adapter.ts';

export class SideStack implements Adapter {
  strategy!: string;
  label!: string;
  stats!: Uint32Array;
  registered!: Executor | null;

  constructor(label?: string) {
    setUpAdapter(this, 'SideStack', label, 'side stack');
  }

  bind(): void {}

  place(ex: Executor, vt: Vtable): number {
    const h = ex.push(vt);
    this.stats[A_STACK]++;
    return h;
  }
}
