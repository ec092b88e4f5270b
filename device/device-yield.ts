// yieldNow() on the device: pending once, with the task queued behind every other ready task.
// Frame [yielded].

import { W, CUR } from './program.ts';
import { wake } from './ready-queue.ts';

export function pollYield(w: Float64Array, o: number): number {
  if (w[o] !== 0) return 1;
  w[o] = 1;
  wake(W[CUR]);
  return 0;
}
