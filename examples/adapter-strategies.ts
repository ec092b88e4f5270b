// One implementation, every adapter: a thermometer whose next() sleeps 100 ms and returns the
// board's temperature is wrapped in a dyn AsyncIterator once per adapter, and one reader task per
// dyn object reads five temperatures through it without knowing the implementation. The only thing
// that differs between the readers is the adapter, so the budget report's adapter lines put the
// strategies' counters side by side: where each call's frame went (scratch, the side stack, the
// adapter's own frame, the heap) and what each one allocated.

import { next, sleep, type AsyncIteratorSource, type Dyn } from '../tasks/task-api.ts';
import { spawnTask } from '../tasks/lowered.ts';
import type { Adapter } from '../adapters/adapter.ts';
import { Boxing } from '../adapters/boxing.ts';
import { CallerCachedBox } from '../adapters/caller-cached-box.ts';
import { dyn } from '../adapters/dyn.ts';
import { Inline } from '../adapters/inline.ts';
import { AsyncIterator, implement } from '../adapters/interface.ts';
import { MaxSpace } from '../adapters/max-space.ts';
import { Recycling } from '../adapters/recycling.ts';
import { ScratchOrPool } from '../adapters/scratch-or-pool.ts';
import { SideStack } from '../adapters/side-stack.ts';
import type { Hal } from '../boards/hal.ts';
import type { Example } from '../program/example.ts';
import { printNumber } from '../tasks/print.ts';

const READINGS = 5;

/** The board's temperature every `periodMs`, as an AsyncIterator that never ends. */
export class Thermometer implements AsyncIteratorSource {
  readonly hal: Hal;
  readonly periodMs: number;

  constructor(hal: Hal, periodMs: number) {
    this.hal = hal;
    this.periodMs = periodMs;
  }

  async next(): Promise<[value: number, done: number]> {
    await sleep(this.periodMs);
    return [this.hal.temperature(), 0];
  }
}

/**
 * Reads `readings.length` values through `thermometer`, then prints them on one line. They are kept
 * until the last one because the readers run side by side: printing each as it comes would
 * interleave the lines. `readings` is made once in setup, so a reading allocates nothing.
 */
export async function readFive(hal: Hal, thermometer: Dyn<AsyncIteratorSource>, label: string, readings: Float64Array): Promise<void> {
  for (let i = 0; i < readings.length; i++) {
    const [v, done] = await next(thermometer);
    if (done) return;
    readings[i] = v;
  }
  hal.serialPrint(0, label);
  hal.serialPrint(0, ': read');
  for (let i = 0; i < readings.length; i++) {
    hal.serialPrint(0, ' ');
    printNumber(hal, Math.round(readings[i]));   // whole degrees: printNumber prints a whole number
  }
  hal.serialPrint(0, '\n');
}

export const adapterStrategies: Example = {
  name: 'adapter-strategies',
  description: 'one AsyncIterator implementation behind each adapter, read five times by one task per adapter',
  // Sizes are computed from the adapters (frugal size adapter-strategies): each reader's side stack,
  // scratch only for the ScratchOrPool reader. Every reader sleeps at once inside next().
  config: { maxTasks: 7, timerCapacity: 7 },
  setup: function (ex, hal) {
    const thermometer = implement(AsyncIterator, 'thermometer', new Thermometer(hal, 100));
    const adapters: Adapter[] = [
      new ScratchOrPool(), new SideStack(), new Inline(),
      // The reserve is an upper bound the caller picks; Thermometer.next's frame (2 words, 1 ref)
      // fits, and an implementation that did not would be refused here, when the dyn object is built.
      new MaxSpace(4, 1),
      // The allocating ones: on the heap, counted in the report's allocations.
      new Recycling(), new CallerCachedBox(), new Boxing(),
    ];
    for (const adapter of adapters) {
      const readings = dyn(thermometer, adapter);
      spawnTask(ex, readFive, [hal, readings, adapter.strategy, new Float64Array(READINGS)], { name: adapter.strategy });
    }
  },
  simulate: function () {},
  runMs: 1000,
};
