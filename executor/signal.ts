// Signal: the latest value set, taken by a waiter. set() may be called from an interrupt-style
// callback: it writes two numbers and wakes the waiters, allocating nothing.

import { copyArgs, defineFuture, PENDING, READY } from './abi.ts';
import type { Executor } from './executor.ts';
import { WaiterSet } from './waiter-set.ts';

export class Signal {
  /** Type-only: what task code's Signal handle stands for (tasks/task-api.ts). */
  declare readonly __frugal: 'signal';
  /** [is set, value] */
  readonly st: Float64Array;
  readonly waiters: WaiterSet;

  constructor(ex: Executor) {
    this.st = new Float64Array(2);
    this.waiters = new WaiterSet(ex);
  }

  set(ex: Executor, value: number): void {
    this.st[0] = 1;
    this.st[1] = value;
    this.waiters.wakeAll(ex);
  }

  get isSet(): boolean { return this.st[0] === 1; }
}

// frame refs: [signal]
export const SignalWait = defineFuture({
  name: 'signal.wait',
  words: 0,
  refs: 1,
  init: copyArgs(0, 1),
  poll: function (ex, f, w, b, r, rb) {
    const s = r[rb] as Signal;
    if (s.st[0] === 1) {
      s.st[0] = 0;
      ex.rn[0] = s.st[1];
      return READY;
    }
    s.waiters.add(ex, f);
    return PENDING;
  },
});

/** Opens a wait for the signal; READY with the value in ex.rn[0], and the signal reset. */
export function waitSignal(ex: Executor, s: Signal): number {
  ex.ar[0] = s;
  return ex.push(SignalWait);
}
