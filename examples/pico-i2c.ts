// An I2C sensor on an Espruino Pico: an ADXL345 accelerometer on I2C1 (SCL B6, SDA B7, the Pico's
// first hardware I2C port), read twice a second. The task sets the bus up, checks the chip's ID,
// switches it to measuring, then prints each reading in mg and lights LED1 while the board is
// tilted more than about 30 degrees. The simulated run gives the bus a model of the chip: its
// registers (the ID, the six data bytes) and the tilt it sees over time.
//
// On any other board the same task runs on the pins setup names for it (pinsFor); a reading is the
// one thing it allocates, the Uint8Array I2C readFrom returns (frugal audit pico-i2c lists it).

import { sleep } from '../tasks/task-api.ts';
import { spawnTask } from '../tasks/lowered.ts';
import type { Hal } from '../boards/hal.ts';
import type { Example } from '../program/example.ts';
import { printFixed, printNumber } from '../tasks/print.ts';

/** The ADXL345's 7-bit address with its ALT ADDRESS pin low, and the registers used. */
export const ADXL345 = 0x53;
const DEVID = 0x00;
const POWER_CTL = 0x2D;
const DATAX0 = 0x32;
/** What DEVID reads on an ADXL345. */
const ADXL345_ID = 0xE5;
/** Measure mode (POWER_CTL). */
const MEASURE = 0x08;

/** A signed 16-bit value from its two bytes, low byte first (the ADXL345's data order). */
export function int16(lo: number, hi: number): number {
  const v = lo | (hi << 8);
  return v > 32767 ? v - 65536 : v;
}

/** Prints ' <label>=<value>' with the value in mg (3.9 mg per count in the default +-2 g range). */
function printAxis(hal: Hal, label: string, counts: number): void {
  hal.serialPrint(0, label);
  printFixed(hal, counts * 3.9, 0);
}

export async function readAccelerometer(hal: Hal, scl: string, sda: string, led: number, periodMs: number): Promise<void> {
  I2C1.setup({ scl: scl, sda: sda, bitrate: 100000 });
  I2C1.writeTo(ADXL345, DEVID);
  const id = I2C1.readFrom(ADXL345, 1)[0];
  if (id !== ADXL345_ID) {
    hal.serialPrint(0, 'no ADXL345 on I2C1: DEVID reads ');
    printNumber(hal, id);
    hal.serialPrint(0, '\n');
    return;
  }
  I2C1.writeTo(ADXL345, POWER_CTL, MEASURE);
  hal.serialPrint(0, 'ADXL345 found, measuring\n');
  for (;;) {
    I2C1.writeTo(ADXL345, DATAX0);
    const d = I2C1.readFrom(ADXL345, 6);
    const x = int16(d[0], d[1]);
    const y = int16(d[2], d[3]);
    const z = int16(d[4], d[5]);
    hal.serialPrint(0, 'accel mg:');
    printAxis(hal, ' x=', x);
    printAxis(hal, ' y=', y);
    printAxis(hal, ' z=', z);
    hal.serialPrint(0, '\n');
    // Tilted when gravity's component along z falls below cos(30 degrees) of its length.
    const tilted = z * z < 0.75 * (x * x + y * y + z * z) ? 1 : 0;
    hal.digitalWrite(led, tilted);
    await sleep(periodMs);
  }
}

/** I2C1's pins: the Pico's B6/B7; elsewhere the board's first two pins (any pin can carry I2C on an nRF52 or ESP32). */
export function pinsFor(boardId: string, pins: readonly string[]): [string, string] {
  return boardId === 'pico' || boardId === 'wifi' ? ['B6', 'B7'] : boardId === 'original' ? ['B6', 'B7'] : [pins[0], pins[1]];
}

/** The ADXL345's six data bytes for an acceleration in counts (256 a g). */
export function adxlData(x: number, y: number, z: number): { [register: number]: number } {
  const regs: { [register: number]: number } = {};
  [x, y, z].forEach((v, i) => {
    const u = v < 0 ? v + 65536 : v;
    regs[DATAX0 + 2 * i] = u & 255;
    regs[DATAX0 + 2 * i + 1] = u >> 8;
  });
  return regs;
}

export const picoI2c: Example = {
  name: 'pico-i2c',
  description: 'an ADXL345 accelerometer on I2C1 of an Espruino Pico, read twice a second; LED1 while tilted',
  config: { maxTasks: 1 },
  setup: function (ex, hal) {
    const [scl, sda] = pinsFor(hal.board.id, hal.board.pins);
    spawnTask(ex, readAccelerometer, [hal, scl, sda, hal.pin('LED1'), 500], { name: 'accelerometer' });
  },
  simulate: function (sim) {
    // Lying flat; tipped about 45 degrees at 1.2 s; upright again at 2.2 s.
    sim.i2cDevice({ bus: 'I2C1', address: ADXL345, registers: { [DEVID]: ADXL345_ID, ...adxlData(4, -3, 256) } });
    sim.i2cDevice({ atMs: 1200, bus: 'I2C1', address: ADXL345, registers: adxlData(181, -2, 181) });
    sim.i2cDevice({ atMs: 2200, bus: 'I2C1', address: ADXL345, registers: adxlData(-6, 5, 255) });
  },
  runMs: 3000,
  board: 'pico',
};
