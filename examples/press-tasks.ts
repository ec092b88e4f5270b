// Press tasks: each short press of BTN1 starts a blinker task in a pool of two; a third press while
// two blink is answered "busy"; a long press (held 800 ms or more) cancels the blinkers still
// running, whose finally blocks turn their LED off and say so. The pool is declared in setup: its
// two slots, each with the blinker's frame, are laid out at build time, so a spawn at run time
// takes a free slot or answers BUSY, and allocates nothing either way.

import {
  BUSY, cancel, EDGE_FALLING, EDGE_RISING, now, running, sleep, spawn, waitEdge, type PinEdges, type TaskPool,
} from '../tasks/task-api.ts';
import { spawnTask, taskPool } from '../tasks/lowered.ts';
import { PinEdges as BoardPinEdges } from '../boards/pin-edge.ts';
import type { Hal } from '../boards/hal.ts';
import type { Example } from '../program/example.ts';
import { printNumber } from '../tasks/print.ts';

/** A press held at least this long is a long press. */
const LONG_MS = 800;

/** Blinks `led` `times` times, then ends; cancelled first, it still turns the LED off. */
export async function blinker(hal: Hal, id: number, led: number, halfPeriodMs: number, times: number): Promise<void> {
  let done = 0;
  try {
    for (let i = 0; i < times; i++) {
      hal.digitalWrite(led, 1);
      await sleep(halfPeriodMs);
      hal.digitalWrite(led, 0);
      await sleep(halfPeriodMs);
    }
    done = 1;
  } finally {
    hal.digitalWrite(led, 0);
    hal.serialPrint(0, 'blinker ');
    printNumber(hal, id);
    hal.serialPrint(0, done === 1 ? ': done\n' : ': cancelled\n');
  }
}

/** Watches BTN1: a short press spawns a blinker into the pool, a long one cancels the running ones. */
export async function presses(hal: Hal, button: PinEdges, blinkers: TaskPool<typeof blinker>, led1: number, led2: number): Promise<void> {
  let first = BUSY;
  let second = BUSY;
  for (let n = 1; ;) {
    await waitEdge(button, EDGE_RISING);
    const down = now();
    await waitEdge(button, EDGE_FALLING);
    if (now() - down >= LONG_MS) {
      let stopped = 0;
      if (running(first)) {
        cancel(first);
        stopped++;
      }
      if (running(second)) {
        cancel(second);
        stopped++;
      }
      hal.serialPrint(0, 'long press: ');
      printNumber(hal, stopped);
      hal.serialPrint(0, ' cancelled\n');
      continue;
    }
    // The LED the slot's previous blinker used is free again: first blinks LED1, second LED2.
    const useFirst = !running(first);
    const h = spawn(blinkers, hal, n, useFirst ? led1 : led2, 150, 6);
    hal.serialPrint(0, 'press ');
    printNumber(hal, n);
    if (h === BUSY) {
      hal.serialPrint(0, ': busy, two blinkers running\n');
    } else {
      hal.serialPrint(0, useFirst ? ': blinker on LED1\n' : ': blinker on LED2\n');
      if (useFirst) first = h;
      else second = h;
    }
    n++;
  }
}

export const pressTasks: Example = {
  name: 'press-tasks',
  description: 'each short press of BTN1 spawns a blinker into a pool of 2 (a third is busy); a long press cancels them',
  config: { maxTasks: 3, timerCapacity: 2 },
  setup: function (ex, hal) {
    const blinkers = taskPool(ex, blinker, 2, { name: 'blinker' });
    const btn = hal.pin('BTN1');
    const led1 = hal.pin('LED1');
    const led2 = hal.pin('LED2');
    const button = new BoardPinEdges(ex, hal, btn, 20);
    spawnTask(ex, presses, [hal, button, blinkers, led1, led2], { name: 'presses' });
  },
  simulate: function (sim) {
    sim.press('BTN1', 200, 60);
    sim.press('BTN1', 500, 60);
    sim.press('BTN1', 800, 60);
    sim.press('BTN1', 1000, 900);
    sim.press('BTN1', 2600, 60);
  },
  runMs: 5000,
  board: 'puckjs',
};
