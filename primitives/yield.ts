// yieldNow(): pending once, with the task re-queued behind every other ready task.

import { defineFuture, PENDING, READY } from '../executor/abi.ts';
import type { Executor } from '../executor/executor.ts';

export const Yield = defineFuture({
  name: 'yield',
  words: 1,
  refs: 0,
  poll: function (ex, f, w, b) {
    if (w[b] !== 0) return READY;
    w[b] = 1;
    ex.wake(ex.cur);
    return PENDING;
  },
});

/**
 * Opens a yield on the current task's side stack: PENDING once, READY at the next poll.
 *
 * Contract: called while a task is polled (ex.cur), like ex.push; the caller owns the handle and
 * drops it (or awaits it with ex.awaitAt, which drops it).
 */
export function yieldNow(ex: Executor): number {
  return ex.push(Yield);
}
