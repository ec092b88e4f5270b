// Blinky: two LEDs blinking at different rates, one task each. The task is an ordinary async
// function; the build lowers it to a poll state machine whose frame holds the pin, the half period
// and the toggle count (5 words, the HAL in 1 reference slot), and `await sleep` allocates nothing.

import { sleep } from '../tasks/task-api.ts';
import { spawnTask } from '../tasks/lowered.ts';
import type { Executor } from '../executor/executor.ts';
import type { Hal } from '../boards/hal.ts';
import type { Example } from '../program/example.ts';

export async function blink(hal: Hal, pin: number, halfPeriodMs: number): Promise<void> {
  for (let toggles = 0; ; toggles++) {
    hal.digitalWrite(pin, toggles & 1 ? 0 : 1);
    await sleep(halfPeriodMs);
  }
}

// Boards with a single LED (Pixl.js: LED1 is the backlight; the ESP32 DevKit: LED1 on D2) get the
// second blink on a header pin where an LED with a resistor can be attached.
const SECOND_LED: { [board: string]: string } = { pixljs: 'D13', esp32: 'D4' };

/** LED2, or on a board with one LED the pin chosen for the second blink. */
export function secondLed(hal: Hal): string {
  const b = hal.board;
  if (b.leds.length > 1) return b.leds[1];
  const pin = SECOND_LED[b.id];
  if (pin === undefined) {
    throw new Error("board '" + b.id + "' has one LED and no pin chosen for a second one; add it to SECOND_LED in examples/blinky.ts");
  }
  return pin;
}

export function spawnBlink(ex: Executor, hal: Hal, led: string, halfPeriodMs: number): number {
  return spawnTask(ex, blink, [hal, hal.pin(led), halfPeriodMs], { name: 'blink ' + led });
}

export const blinky: Example = {
  name: 'blinky',
  description: 'two LEDs blinking at different rates, one task each (LED1 and LED2, or a header pin on one-LED boards)',
  config: { maxTasks: 2, timerCapacity: 2 },
  setup: function (ex, hal) {
    spawnBlink(ex, hal, 'LED1', 500);
    spawnBlink(ex, hal, secondLed(hal), 300);
  },
  simulate: function () {},
  runMs: 3000,
};
