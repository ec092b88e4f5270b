// Signal: the latest value set, taken by a waiter. set() may be called from an interrupt-style
// callback: it writes two numbers and wakes the waiters, allocating nothing.

import { copyArgs, defineFuture, PENDING, READY } from '../executor/abi.ts';
import type { Executor } from '../executor/executor.ts';
import { WaiterSet } from '../executor/waiter-set.ts';

// Slots of Signal.st: 1 while a value waits to be taken, the value.
export const SIGNAL_SET = 0;
export const SIGNAL_VALUE = 1;

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

  /** Contract: safe from an interrupt-style callback (writes two numbers, wakes, allocates nothing). */
  set(ex: Executor, value: number): void {
    this.st[SIGNAL_SET] = 1;
    this.st[SIGNAL_VALUE] = value;
    this.waiters.wakeAll(ex);
  }

  get isSet(): boolean { return this.st[SIGNAL_SET] === 1; }
}

// frame refs: [signal]
export const SignalWait = defineFuture({
  name: 'signal.wait',
  words: 0,
  refs: 1,
  init: copyArgs(0, 1),
  poll: function (ex, f, w, b, r, rb) {
    const s = r[rb] as Signal;
    if (s.st[SIGNAL_SET] === 1) {
      s.st[SIGNAL_SET] = 0;
      ex.rn[0] = s.st[SIGNAL_VALUE];
      return READY;
    }
    s.waiters.add(ex, f);
    return PENDING;
  },
});

/**
 * Opens a wait for the signal; READY with the value in ex.rn[0], and the signal reset.
 *
 * Contract: called while a task is polled (ex.cur), like ex.push; the caller owns the handle and
 * drops it (or awaits it with ex.awaitAt, which drops it). Read ex.rn[0] before opening or polling anything else.
 */
export function waitSignal(ex: Executor, s: Signal): number {
  ex.ar[0] = s;
  return ex.push(SignalWait);
}
