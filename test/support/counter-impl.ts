// A test implementation of AsyncIterator: counts 0, 1, 2... up to a limit, optionally sleeping
// before each value, with a declared frame size so that tests can make it fit or not fit a budget.

import { copyArgs, defineFuture, PENDING, READY, type Vtable } from '../../executor/abi.ts';
import type { Executor } from '../../executor/executor.ts';
import type { SpawnOptions } from '../../executor/spawn-options.ts';
import { sleep } from '../../primitives/sleep.ts';
import { next, type Dyn } from '../../adapters/dyn.ts';
import { AsyncIterator, implement, type Impl } from '../../adapters/interface.ts';

export interface CounterState {
  /** [next value, limit, delay ms] */
  st: Float64Array;
}

const vtables: { [words: number]: Vtable } = {};

/** The next() future of the counter with a frame of `words` words (at least 2). */
export function counterNext(words: number): Vtable {
  if (vtables[words]) return vtables[words];
  // words [state, child, padding...], refs [self]
  vtables[words] = defineFuture({
    name: 'counter.next/' + words,
    words: words,
    refs: 1,
    init: copyArgs(0, 1),
    poll: function (ex, f, w, b, r, rb) {
      const st = (r[rb] as CounterState).st;
      if (w[b] === 0 && st[2] > 0) {
        w[b + 1] = sleep(ex, st[2]);
        w[b] = 1;
      }
      if (w[b + 1] !== 0 && ex.awaitAt(w, b + 1) === PENDING) return PENDING;
      if (st[0] >= st[1]) {
        ex.rn[0] = 0;
        ex.rn[1] = 1;
      } else {
        ex.rn[0] = st[0]++;
        ex.rn[1] = 0;
      }
      return READY;
    },
    drop: function (ex, f, w, b) {
      if (w[b + 1] !== 0) ex.drop(w[b + 1]);
    },
  });
  return vtables[words];
}

export function counter(limit: number, words: number, delayMs: number): Impl {
  const self: CounterState = { st: new Float64Array(3) };
  self.st[1] = limit;
  self.st[2] = delayMs;
  return implement(AsyncIterator, 'counter', self, { next: counterNext(words) });
}

// words [state, child, sum, count], refs [dyn]: sums the iterator's values until done
export const SumAll = defineFuture({
  name: 'sum-all',
  words: 4,
  refs: 1,
  init: copyArgs(0, 1),
  poll: function (ex, f, w, b, r, rb) {
    for (;;) {
      if (w[b + 1] !== 0) {
        if (ex.awaitAt(w, b + 1) === PENDING) return PENDING;
        if (ex.rn[1] === 1) {
          ex.rn[0] = w[b + 2];
          return READY;
        }
        w[b + 2] += ex.rn[0];
        w[b + 3]++;
      }
      w[b + 1] = next(ex, r[rb] as Dyn);
    }
  },
  drop: function (ex, f, w, b) {
    if (w[b + 1] !== 0) ex.drop(w[b + 1]);
  },
});

export function spawnSum(ex: Executor, d: Dyn, opts?: SpawnOptions): number {
  ex.ar[0] = d;
  return ex.spawn(SumAll, opts);
}
