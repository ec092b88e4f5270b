// Button: a task waits for debounced presses of BTN1 and toggles LED1 on each, printing the count.

import { EDGE_RISING, waitEdge, type PinEdges } from '../tasks/task-api.ts';
import { spawnTask } from '../tasks/lowered.ts';
import type { Executor } from '../executor/executor.ts';
import { PinEdges as BoardPinEdges } from '../boards/pin-edge.ts';
import type { Hal } from '../boards/hal.ts';
import type { Example } from '../program/example.ts';
import { printNumber } from '../tasks/print.ts';

export async function toggleOnPress(hal: Hal, presses: PinEdges, led: number): Promise<void> {
  for (let n = 1; ; n++) {
    await waitEdge(presses, EDGE_RISING);
    hal.digitalWrite(led, n & 1);
    hal.serialPrint(0, 'button: press ');
    printNumber(hal, n);
    hal.serialPrint(0, '\n');
  }
}

export function spawnButton(ex: Executor, hal: Hal, button: string, led: string, debounceMs: number): number {
  const ledPin = hal.pin(led);
  const edges = new BoardPinEdges(ex, hal, hal.pin(button), debounceMs);
  return spawnTask(ex, toggleOnPress, [hal, edges, ledPin], { name: 'button ' + button });
}

export const button: Example = {
  name: 'button',
  description: 'debounced presses of BTN1 toggle LED1',
  config: { maxTasks: 1, timerCapacity: 1 },
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
