// Tasks parked on one primitive (a channel end, a signal, the pool). Each task appears once, so a
// capacity of maxTasks can never overflow. Waking is FIFO and allocation-free.

import type { Executor } from './executor.ts';

export class WaiterSet {
  readonly ids: Int16Array;
  /** count */
  readonly st: Int32Array;

  constructor(maxTasks: number) {
    this.ids = new Int16Array(maxTasks);
    this.st = new Int32Array(1);
  }

  add(t: number): void {
    const n = this.st[0];
    for (let i = 0; i < n; i++) if (this.ids[i] === t) return;
    this.ids[n] = t;
    this.st[0] = n + 1;
  }

  remove(t: number): void {
    const n = this.st[0];
    for (let i = 0; i < n; i++) {
      if (this.ids[i] === t) {
        for (let j = i + 1; j < n; j++) this.ids[j - 1] = this.ids[j];
        this.st[0] = n - 1;
        return;
      }
    }
  }

  get length(): number { return this.st[0]; }

  wakeAll(ex: Executor): void {
    const n = this.st[0];
    if (n === 0) return;
    this.st[0] = 0;
    for (let i = 0; i < n; i++) ex.wake(this.ids[i]);
  }

  /** Wakes the longest-waiting task only (FIFO hand-off, e.g. one freed pool slot). */
  wakeOne(ex: Executor): void {
    const n = this.st[0];
    if (n === 0) return;
    const t = this.ids[0];
    for (let j = 1; j < n; j++) this.ids[j - 1] = this.ids[j];
    this.st[0] = n - 1;
    ex.wake(t);
  }
}
