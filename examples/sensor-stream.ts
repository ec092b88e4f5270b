// Sensor stream: one task per sensor reads a periodic source through a dyn AsyncIterator (the
// caller knows only the interface, not the frame size of the source's next()) placed by
// ScratchOrPool: next()'s frame fits the task's scratch, so no call touches the pool or the heap.
// Each reading is printed as `t=<ms> <label> <value>` on serial port 0, digit by digit.
//
// Which sensors: the board's first analog pin everywhere, plus the temperature where the board
// lists E.getTemperature and the light sensor where it has Puck.light, so the same example builds
// for every board.

import { defineFuture, PENDING, READY } from '../executor/abi.ts';
import type { Executor } from '../executor/executor.ts';
import { dyn, next, type Dyn } from '../adapters/dyn.ts';
import { ScratchOrPool } from '../adapters/scratch-or-pool.ts';
import type { Hal } from '../boards/hal.ts';
import {
  SENSOR_ANALOG, SENSOR_LIGHT, SENSOR_TEMPERATURE, SensorSource, sensorIterator,
} from '../boards/sensor-source.ts';
import type { Example } from './example.ts';

const DIGITS = '0123456789';

/** Prints a non-negative integer digit by digit, building no string. */
export function printNumber(hal: Hal, n: number): void {
  let div = 1;
  while (div * 10 <= n) div *= 10;
  for (; div >= 1; div = (div / 10) | 0) hal.serialPrint(0, DIGITS.charAt(((n / div) | 0) % 10));
}

/** Prints v with a fixed number of decimals, building no string (rounds half away from zero). */
export function printFixed(hal: Hal, v: number, decimals: number): void {
  let scale = 1;
  for (let i = 0; i < decimals; i++) scale *= 10;
  let n = Math.round(Math.abs(v) * scale);
  if (v < 0 && n > 0) hal.serialPrint(0, '-');
  printNumber(hal, Math.floor(n / scale));
  if (decimals === 0) return;
  hal.serialPrint(0, '.');
  n = n % scale;
  for (let div = scale / 10; div >= 1; div = div / 10) hal.serialPrint(0, DIGITS.charAt(Math.floor(n / div) % 10));
}

// words [child, decimals], refs [hal, dyn iterator, label]
// Marked pure so that a bundle importing only the printers (pipeline) leaves the vtable out.
export const PrintReadings = /* @__PURE__ */ defineFuture({
  name: 'print readings',
  words: 2,
  refs: 3,
  init: function (ex, f, w, b, r, rb) {
    w[b + 1] = ex.an[0];
    r[rb] = ex.ar[0];
    r[rb + 1] = ex.ar[1];
    r[rb + 2] = ex.ar[2];
  },
  poll: function (ex, f, w, b, r, rb) {
    const hal = r[rb] as Hal;
    for (;;) {
      if (w[b] !== 0) {
        if (ex.awaitAt(w, b) === PENDING) return PENDING;
        if (ex.rn[1] === 1) return READY;
        const v = ex.rn[0];
        hal.serialPrint(0, 't=');
        printNumber(hal, Math.round(ex.now));
        hal.serialPrint(0, ' ');
        hal.serialPrint(0, r[rb + 2] as string);
        hal.serialPrint(0, ' ');
        printFixed(hal, v, w[b + 1]);
        hal.serialPrint(0, '\n');
      }
      w[b] = next(ex, r[rb + 1] as Dyn);
    }
  },
  drop: function (ex, f, w, b) {
    if (w[b] !== 0) ex.drop(w[b]);
  },
});

/** Spawns a task printing every reading of `src` with `decimals` decimals, read through a dyn AsyncIterator. */
export function spawnReadings(ex: Executor, hal: Hal, label: string, src: SensorSource, decimals: number): number {
  ex.an[0] = decimals;
  ex.ar[0] = hal;
  ex.ar[1] = dyn(sensorIterator(label, src), new ScratchOrPool({ label: label }));
  ex.ar[2] = label;
  return ex.spawn(PrintReadings, { name: label });
}

export const sensorStream: Example = {
  name: 'sensor-stream',
  description: 'periodic sensors read through a dyn AsyncIterator placed by ScratchOrPool',
  config: {
    maxTasks: 3, sideStackWords: 4, sideStackRefs: 3, scratchWords: 2, scratchRefs: 1, poolSlots: 0,
    maxFrames: 6, timerCapacity: 3,
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
