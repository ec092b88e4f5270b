// Blinky: two LEDs blinking at different rates, one task each. The task is an ordinary async
// function; the build lowers it to a poll state machine whose frame holds the pin, the half period
// and the toggle count (5 words, the HAL in 1 reference slot), and `await sleep` allocates nothing.

import { sleep } from '../compiler/runtime.ts';
import { spawnTask } from '../compiler/lowered.ts';
import type { Executor } from '../executor/executor.ts';
import type { Hal } from '../boards/hal.ts';
import type { Example } from './example.ts';

export async function blink(hal: Hal, pin: number, halfPeriodMs: number): Promise<void> {
  for (let toggles = 0; ; toggles++) {
    hal.digitalWrite(pin, toggles & 1 ? 0 : 1);
    await sleep(halfPeriodMs);
  }
}

export function spawnBlink(ex: Executor, hal: Hal, led: string, halfPeriodMs: number): number {
  return spawnTask(ex, blink, [hal, hal.pin(led), halfPeriodMs], { name: 'blink ' + led });
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
