// The program: one Example that frugal builds for a board (npm run build), and runs and tests as the
// board runs it: its bundle on a model of the board's Espruino (npm start, npm test). Task code is
// async functions awaiting frugal's primitives; frugal lowers each to a state machine of known size,
// so an await allocates nothing.

import {
  BoardPinEdges, EDGE_RISING, numberChannel, printNumber, recv, send, sleep, spawnTask, waitEdge,
  type Example, type Hal, type NumberChannel, type PinEdges,
} from 'frugal';

/** Toggles an LED every halfPeriodMs. */
export async function blink(hal: Hal, led: number, halfPeriodMs: number): Promise<void> {
  for (let on = 1; ; on ^= 1) {
    hal.digitalWrite(led, on);
    await sleep(halfPeriodMs);
  }
}

/** Counts presses of a button and sends each count on. */
export async function countPresses(button: PinEdges, counts: NumberChannel): Promise<void> {
  for (let n = 1; ; n++) {
    await waitEdge(button, EDGE_RISING);
    await send(counts, n);
  }
}

/** Prints each count it receives on serial port 0. */
export async function printCounts(hal: Hal, counts: NumberChannel): Promise<void> {
  for (;;) {
    const n = await recv(counts);
    hal.serialPrint(0, 'presses: ');
    printNumber(hal, n);
    hal.serialPrint(0, '\n');
  }
}

export const app: Example = {
  name: 'app',
  description: 'LED1 blinks; presses of BTN1 are counted and printed',
  // The executor's whole budget; the side stacks and scratch each task needs are computed.
  config: { maxTasks: 3, timerCapacity: 1 },
  // Runs once, at start: makes the channel and the button's edge source, spawns the tasks.
  setup(ex, hal) {
    const counts = numberChannel(ex, 2);
    spawnTask(ex, blink, [hal, hal.pin('LED1'), 250], { name: 'blink' });
    spawnTask(ex, countPresses, [new BoardPinEdges(ex, hal, hal.pin('BTN1'), 20), counts], { name: 'count' });
    spawnTask(ex, printCounts, [hal, counts], { name: 'print' });
  },
  // What npm start's run presses.
  simulate(sim) {
    sim.press('BTN1', 200, 50);
    sim.press('BTN1', 600, 50);
  },
};
