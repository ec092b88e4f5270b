// The sensor-average program of issue 21, the one its hand-written twin (bench/twins/sensor-average.js)
// is measured against: the board temperature every 100 ms through a dyn AsyncIterator placed by
// ScratchOrPool, averaged over 8 readings and printed as `t=<ms> avg <value>`; LED1 toggled every
// 250 ms by a second task. `npx frugal run ./bench/programs/sensor-average.ts` runs it.

import { next, now, type AsyncIteratorSource, type Dyn } from '../../tasks/task-api.ts';
import { spawnTask } from '../../tasks/lowered.ts';
import { dyn } from '../../adapters/dyn.ts';
import { AsyncIterator, implement } from '../../adapters/interface.ts';
import { ScratchOrPool } from '../../adapters/scratch-or-pool.ts';
import type { Hal } from '../../boards/hal.ts';
import { SENSOR_TEMPERATURE, SensorSource } from '../../tasks/sensor-source.ts';
import { printFixed, printNumber } from '../../tasks/print.ts';
import { spawnBlink } from '../../examples/blinky.ts';
import type { Example } from '../../program/example.ts';

/** Prints the average of every `n` readings of `temps`. */
export async function average(hal: Hal, temps: Dyn<AsyncIteratorSource>, n: number): Promise<void> {
  for (;;) {
    let sum = 0;
    for (let i = 0; i < n; i++) {
      const [v, done] = await next(temps);
      if (done) return;
      sum += v;
    }
    hal.serialPrint(0, 't=');
    printNumber(hal, Math.round(now()));
    hal.serialPrint(0, ' avg ');
    printFixed(hal, sum / n, 2);
    hal.serialPrint(0, '\n');
  }
}

export const sensorAverage: Example = {
  name: 'sensor-average',
  description: 'the temperature every 100 ms through a dyn AsyncIterator, averaged over 8 and printed; LED1 toggled every 250 ms',
  config: { maxTasks: 2 },
  setup: function (ex, hal) {
    const temps = dyn(implement(AsyncIterator, 'temperature', new SensorSource(ex, hal, SENSOR_TEMPERATURE, '', 100, 0)), new ScratchOrPool({ label: 'temperature' }));
    spawnTask(ex, average, [hal, temps, 8], { name: 'average' });
    spawnBlink(ex, hal, 'LED1', 250);
  },
  simulate: function () {},
  runMs: 2000,
};
