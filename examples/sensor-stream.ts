// Sensor stream: one task per sensor reads a periodic source through a dyn AsyncIterator (the
// task knows only the interface, not the frame size of the source's next()) placed by
// ScratchOrPool: next()'s frame fits the task's scratch, so no call touches the pool or the heap.
// Each reading is printed as `t=<ms> <label> <value>` on serial port 0, digit by digit.
//
// Which sensors: the board's first analog pin everywhere, plus the temperature where the board
// lists E.getTemperature and the light sensor where it has Puck.light, so the same example builds
// for every board. The sources are the board's own (tasks/sensor-source.ts), whose next() is a
// hand-written future: a dyn call does not care whether the implementation was lowered.

import { next, now, type AsyncIteratorSource, type Dyn } from '../tasks/task-api.ts';
import { spawnTask } from '../tasks/lowered.ts';
import type { Executor } from '../executor/executor.ts';
import { AsyncIterator, implement } from '../adapters/interface.ts';
import { ScratchOrPool } from '../adapters/scratch-or-pool.ts';
import { dyn } from '../adapters/dyn.ts';
import type { Hal } from '../boards/hal.ts';
import {
  SENSOR_ANALOG, SENSOR_LIGHT, SENSOR_TEMPERATURE, SensorSource,
} from '../tasks/sensor-source.ts';
import type { Example } from '../program/example.ts';
import { printFixed, printNumber } from '../tasks/print.ts';

export async function printReadings(hal: Hal, readings: Dyn<AsyncIteratorSource>, label: string, decimals: number): Promise<void> {
  for (;;) {
    const [v, done] = await next(readings);
    if (done) return;
    hal.serialPrint(0, 't=');
    printNumber(hal, Math.round(now()));
    hal.serialPrint(0, ' ');
    hal.serialPrint(0, label);
    hal.serialPrint(0, ' ');
    printFixed(hal, v, decimals);
    hal.serialPrint(0, '\n');
  }
}

/** Spawns a task printing every reading of `src` with `decimals` decimals, read through a dyn AsyncIterator. */
export function spawnReadings(ex: Executor, hal: Hal, label: string, src: SensorSource, decimals: number): number {
  const readings = dyn(implement(AsyncIterator, label, src), new ScratchOrPool({ label: label }));
  return spawnTask(ex, printReadings, [hal, readings, label, decimals], { name: label });
}

export const sensorStream: Example = {
  name: 'sensor-stream',
  description: 'periodic sensors read through a dyn AsyncIterator placed by ScratchOrPool',
  config: {
    maxTasks: 3, poolSlots: 0,
    maxFrames: 9, timerCapacity: 3,
  },
  setup: function (ex, hal) {
    const b = hal.board;
    const pin = b.analogPins[0];
    spawnReadings(ex, hal, 'analog ' + pin, new SensorSource(ex, hal, SENSOR_ANALOG, pin, 250, 0), 3);
    if (b.sensors.indexOf('E.getTemperature') >= 0) {
      spawnReadings(ex, hal, 'temperature', new SensorSource(ex, hal, SENSOR_TEMPERATURE, '', 1000, 0), 2);
    }
    if (b.sensors.indexOf('Puck.light') >= 0) {
      spawnReadings(ex, hal, 'light', new SensorSource(ex, hal, SENSOR_LIGHT, '', 500, 0), 3);
    }
  },
  simulate: function () {},
  runMs: 2000,
};
