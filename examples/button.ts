// Button: a task waits for debounced presses of BTN1 and toggles LED1 on each, printing the count.
// frame words [state, child, presses, led pin], refs [hal, button edges]

import { defineFuture, PENDING } from '../executor/abi.ts';
import type { Executor } from '../executor/executor.ts';
import { EDGE_RISING, PinEdges, waitEdge } from '../boards/pin-edge.ts';
import type { Hal } from '../boards/hal.ts';
import type { Example } from './example.ts';

const DIGITS = '0123456789';

/** Prints a non-negative integer digit by digit, building no string. */
export function printNumber(hal: Hal, n: number): void {
  let div = 1;
  while (div * 10 <= n) div *= 10;
  for (; div >= 1; div = (div / 10) | 0) hal.serialPrint(0, DIGITS.charAt(((n / div) | 0) % 10));
}

export const ButtonToggle = defineFuture({
  name: 'button',
  words: 4,
  refs: 2,
  init: function (ex, f, w, b, r, rb) {
    w[b + 3] = ex.an[0];
    r[rb] = ex.ar[0];
    r[rb + 1] = ex.ar[1];
  },
  poll: function (ex, f, w, b, r, rb) {
    const hal = r[rb] as Hal;
    for (;;) {
      if (w[b + 1] !== 0) {
        if (ex.awaitAt(w, b + 1) === PENDING) return PENDING;
        w[b + 2]++;
        hal.digitalWrite(w[b + 3], w[b + 2] & 1);
        hal.serialPrint(0, 'button: press ');
        printNumber(hal, w[b + 2]);
        hal.serialPrint(0, '\n');
      }
      w[b + 1] = waitEdge(ex, r[rb + 1] as PinEdges, EDGE_RISING);
    }
  },
  drop: function (ex, f, w, b) {
    if (w[b + 1] !== 0) ex.drop(w[b + 1]);
  },
});

export function spawnButton(ex: Executor, hal: Hal, button: string, led: string, debounceMs: number): number {
  ex.an[0] = hal.pin(led);
  ex.ar[0] = hal;
  ex.ar[1] = new PinEdges(ex, hal, hal.pin(button), debounceMs);
  return ex.spawn(ButtonToggle, { name: 'button ' + button });
}

export const button: Example = {
  name: 'button',
  description: 'debounced presses of BTN1 toggle LED1',
  config: { maxTasks: 1, sideStackWords: 16, sideStackRefs: 4, scratchWords: 0, scratchRefs: 0, poolSlots: 0, timerCapacity: 1 },
  setup: function (ex, hal) {
    spawnButton(ex, hal, 'BTN1', 'LED1', 25);
  },
  simulate: function (sim) {
    // Three presses, each with switch bounce at both ends.
    sim.press('BTN1', 200, 120, 3);
    sim.press('BTN1', 900, 80, 2);
    sim.press('BTN1', 1500, 300, 4);
  },
  runMs: 2500,
};
