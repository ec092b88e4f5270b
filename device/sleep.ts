// sleep(ms) on the device: a frame of two words inside its caller's frame, [deadline, timer
// handle]. The lowering writes the deadline when it opens the sleep; the timer is taken at the
// first poll that has to wait and freed when the sleep completes or is dropped, so a cancelled
// task leaves no timer behind.

import { W, NOW } from './program.ts';
import { addTimer, freeTimer } from './timers.ts';
import { F_SLEEP } from './codes.ts';

/** Contract: w[o] holds the deadline and w[o + 1] is 0 when the sleep is opened. */
export function pollSleep(w: Float64Array, o: number): number {
  if (W[NOW] >= w[o]) {
    if (w[o + 1] !== 0) {
      freeTimer(w[o + 1]);
      w[o + 1] = 0;
    }
    return 1;
  }
  if (w[o + 1] === 0) w[o + 1] = addTimer(w[o], F_SLEEP);
  return 0;
}

export function dropSleep(w: Float64Array, o: number): void {
  if (w[o + 1] !== 0) freeTimer(w[o + 1]);
}
