// A user's first program, as test/package-install.test.ts installs it: everything from 'frugal'.
// One task blinks LED1; one counts presses of BTN1 and sends each count over a channel to a third,
// which prints it.

import {
  BoardPinEdges, EDGE_RISING, numberChannel, printNumber, recv, send, sleep, spawnTask, waitEdge,
  type Example, type Hal, type NumberChannel, type PinEdges,
} from 'frugal';

export async function blink(hal: Hal, led: number, halfPeriodMs: number): Promise<void> {
  for (let on = 1; ; on ^= 1) {
    hal.digitalWrite(led, on);
    await sleep(halfPeriodMs);
  }
}

export async function countPresses(button: PinEdges, counts: NumberChannel): Promise<void> {
  for (let n = 1; ; n++) {
    await waitEdge(button, EDGE_RISING);
    await send(counts, n);
  }
}

export async function printCounts(hal: Hal, counts: NumberChannel): Promise<void> {
  for (;;) {
    const n = await recv(counts);
    hal.serialPrint(0, 'presses: ');
    printNumber(hal, n);
    hal.serialPrint(0, '\n');
  }
}

export const app: Example = {
  name: 'my-app',
  description: 'LED1 blinks; presses of BTN1 are counted over a channel',
  config: { maxTasks: 3, timerCapacity: 1 },   // sizes left out: computed from the lowering
  setup(ex, hal) {
    const counts = numberChannel(ex, 2);
    spawnTask(ex, blink, [hal, hal.pin('LED1'), 250], { name: 'blink' });
    spawnTask(ex, countPresses, [new BoardPinEdges(ex, hal, hal.pin('BTN1'), 20), counts], { name: 'count' });
    spawnTask(ex, printCounts, [hal, counts], { name: 'print' });
  },
  simulate(sim) {
    sim.press('BTN1', 200, 50);
    sim.press('BTN1', 600, 50);
  },
  runMs: 1000,
};
