// Signals on the device. A signal is the index s of [is set, value, waiters x3] in W; setSignal
// may run in a pin or serial callback: it writes two numbers and wakes the waiters.

import { W, RN } from './program.ts';
import { park, unpark, wakeAll } from './waiters.ts';

export function setSignal(s: number, value: number): void {
  W[s] = 1;
  W[s + 1] = value;
  wakeAll(s + 2);
}

/** waitSignal. Frame [signal, waiter link x4]: ready with the value in RN, the signal reset. */
export function pollSignal(w: Float64Array, o: number): number {
  var s = w[o];
  if (W[s] === 1) {
    W[s] = 0;
    W[RN] = W[s + 1];
    unpark(o + 1);
    return 1;
  }
  park(s + 2, o + 1);
  return 0;
}
