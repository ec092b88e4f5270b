// fromPromise: the one explicit bridge from a Promise into frugal. The Promise cannot be polled, so
// the future is a box (ex.inBox, counted as an allocation) whose frame a `.then` reaction fills in
// and whose task it wakes. Dropping the future cannot cancel the Promise; it only marks the box dead
// so that a late settlement wakes nobody. Every use is listed by the allocation audit.

import { defineFuture, PENDING, READY } from '../executor/abi.ts';
import type { Executor } from '../executor/executor.ts';

/** Shared between the frame and the Promise reactions: [settled (0 pending, 1 value, 2 error), dead]. */
interface Link {
  st: Int8Array;
  value: unknown;
}

// frame: words [], refs [link]
export const FromPromise = defineFuture({
  name: 'fromPromise',
  words: 0,
  refs: 1,
  init: function (ex, f, w, b, r, rb) {
    const link: Link = { st: new Int8Array(2), value: undefined };
    const task = ex.cur;
    r[rb] = link;
    (ex.ar[0] as PromiseLike<unknown>).then(function (v) {
      if (link.st[1] === 1) return;
      link.st[0] = 1;
      link.value = v;
      ex.wake(task);
    }, function (e) {
      if (link.st[1] === 1) return;
      link.st[0] = 2;
      link.value = e;
      ex.wake(task);
    });
  },
  poll: function (ex, f, w, b, r, rb) {
    const link = r[rb] as Link;
    if (link.st[0] === 0) return PENDING;
    if (link.st[0] === 2) throw link.value;
    ex.rr = link.value;
    ex.rn[0] = typeof link.value === 'number' ? link.value : 0;
    return READY;
  },
  drop: function (ex, f, w, b, r, rb) {
    (r[rb] as Link).st[1] = 1;
  },
});

/** Opens a boxed future that is ready once p settles: the value in ex.rr (and ex.rn[0] when a number). */
export function fromPromise(ex: Executor, p: PromiseLike<unknown>): number {
  ex.ar[0] = p;
  return ex.inBox(FromPromise);
}
