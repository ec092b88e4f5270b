// Blinky: two LEDs blinking at different rates, one task each. A task is a poll state machine on
// frugal's ABI: frame words [state, child future, pin, half period, toggles].

import { defineFuture, PENDING } from '../executor/abi.ts';
import type { Executor } from '../executor/executor.ts';
import { sleep } from '../executor/sleep.ts';
import type { Hal } from '../boards/hal.ts';
import type { Example } from './example.ts';

export const Blink = defineFuture({
  name: 'blink',
  words: 5,
  refs: 1,
  init: function (ex, f, w, b, r, rb) {
    w[b + 2] = ex.an[0];
    w[b + 3] = ex.an[1];
    r[rb] = ex.ar[0];
  },
  poll: function (ex, f, w, b, r, rb) {
    for (;;) {
      if (w[b + 1] !== 0 && ex.awaitAt(w, b + 1) === PENDING) return PENDING;
      const level = w[b + 4] & 1 ? 0 : 1;
      (r[rb] as Hal).digitalWrite(w[b + 2], level);
      w[b + 4]++;
      w[b + 1] = sleep(ex, w[b + 3]);
    }
  },
  drop: function (ex, f, w, b) {
    if (w[b + 1] !== 0) ex.drop(w[b + 1]);
  },
});

export function spawnBlink(ex: Executor, hal: Hal, led: string, halfPeriodMs: number): number {
  ex.an[0] = hal.pin(led);
  ex.an[1] = halfPeriodMs;
  ex.ar[0] = hal;
  return ex.spawn(Blink, { name: 'blink ' + led });
}

export const blinky: Example = {
  name: 'blinky',
  description: 'two LEDs blinking at different rates, one task each',
  config: { maxTasks: 2, sideStackWords: 16, sideStackRefs: 2, scratchWords: 0, scratchRefs: 0, poolSlots: 0, timerCapacity: 2 },
  setup: function (ex, hal) {
    spawnBlink(ex, hal, 'LED1', 500);
    spawnBlink(ex, hal, 'LED2', 300);
  },
  simulate: function () {},
  runMs: 3000,
};
