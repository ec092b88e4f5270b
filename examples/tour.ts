// The default example: blinky, the debounced button and the UART echo on one executor, so a first
// run shows timers, pin interrupts and channels side by side within one budget.

import type { Example } from '../program/example.ts';
import { secondLed, spawnBlink } from './blinky.ts';
import { button, spawnButton } from './button.ts';
import { spawnEcho, uartEcho } from './uart-echo.ts';

export const tour: Example = {
  name: 'tour',
  description: 'blinky + button + UART echo on one executor (the default)',
  // Each task holds its entry frame and one awaited future (frugal size tour): 16 frames leave room for twice that.
  config: { maxTasks: 4, maxFrames: 16, timerCapacity: 2 },
  setup: function (ex, hal) {
    spawnBlink(ex, hal, secondLed(hal), 250);
    spawnButton(ex, hal, 'BTN1', 'LED1', 25);
    spawnEcho(ex, hal, 2, 32);
  },
  simulate: function (sim) {
    button.simulate(sim);
    uartEcho.simulate(sim);
  },
  runMs: 2500,
};
