// `frugal/testing`: a program run from a test (uvu, node:test, anything) with the pin edges and
// serial input the test scripts, returned as plain data to assert on. It is `frugal run`'s run
// (program/simulate-program.ts): the program is built for a board exactly as `frugal build` builds
// it, refused with the same message where the build refuses it, and the bundle the board would
// get runs on a model of that board's Espruino. What a test passes is what the board runs.

import { fileURLToPath } from 'node:url';
import { describeRun } from './program/describe-run.ts';
import { simulateProgram, tooLong } from './program/simulate-program.ts';
import type { DeviceReport } from './program/device-report.ts';
import type { DeviceFault, LedRecord, ScriptedEdge, ScriptedSerial } from './program/device-run.ts';
import type {
  AdvertisingRecord, BleInput, BleRecord, BoardRecords, BusRecord, I2CDeviceInput, PwmRecord, SensorInput, SpiInput, SpiRecord, StorageRecord,
} from './program/board-io.ts';

export type { DeviceReport, DeviceTaskReport } from './program/device-report.ts';
export type { DeviceFault, LedRecord, ScriptedEdge, ScriptedSerial } from './program/device-run.ts';
export type {
  AdvertisingPacket, AdvertisingRecord, BleInput, BleRecord, BoardRecords, BusRecord, I2CDeviceInput, PwmRecord, SensorInput, SpiInput, SpiRecord,
  StorageRecord,
} from './program/board-io.ts';

export interface RunOptions {
  /** The board whose bundle runs, by id (frugal boards lists them); puckjs when left out. */
  board?: string;
  /** Board time to simulate, in ms; the program's runMs when omitted. */
  ms?: number;
  edges?: ScriptedEdge[];
  serial?: ScriptedSerial[];
  /** Also give the inputs the program's own simulate() scripts (before these). Default false: only these. */
  programInputs?: boolean;
  /** Sensor readings from a board time on: { atMs, accel: {x, y, z} }, { atMs, light: 0.8 }, { atMs, battery: 40 }... */
  sensors?: SensorInput[];
  /** A BLE central: { atMs, connect: address }, { atMs, write: { service, characteristic, data } }, { atMs, disconnect: reason }. */
  ble?: BleInput[];
  /** I2C devices with their registers (from the start; with atMs, new register values then). */
  i2c?: I2CDeviceInput[];
  /** Bytes an SPI device sends back. */
  spi?: SpiInput[];
  /** Files in the board's Storage before the program starts. */
  storage?: { [name: string]: string | number[] };
}

export interface ProgramRun {
  /** The program's name, the board simulated and the board time. */
  name: string;
  board: string;
  ms: number;
  /** Everything the program wrote to serial ports and the console, fault lines aside. */
  serial: string;
  /** Each LED of the board that was written. */
  leds: { [led: string]: LedRecord };
  /** The last LED writes, oldest first, as 't=<ms> <LED>=<level>'. */
  ledLog: string[];
  /** Every task that stopped with an error, decoded from the device's fault lines. */
  faults: DeviceFault[];
  faultCount: number;
  /** Errors that escaped every task, as Espruino printed them. */
  uncaught: string[];
  /** The budget report, read out of the device memory: each task's polls and high-water marks, timers, pool, channels. */
  report: DeviceReport;
  /** Each NRF.setAdvertising() call (the last 1,024), its packets decoded: name, manufacturer data, service data. */
  advertising: AdvertisingRecord[];
  /** BLE: what a central did (connect, disconnect, write) and the notifications the program sent. */
  ble: { events: BleRecord[]; notifications: BoardRecords['notifications']; services: BoardRecords['services'] };
  /** PWM per pin: the last duty cycle analogWrite set, its frequency, how often it was written. */
  pwm: { [pin: string]: PwmRecord };
  /** I2C and SPI transactions, in order (the last 1,024 of each). */
  i2c: BusRecord[];
  spi: SpiRecord[];
  /** Storage: its files at the end (strings of bytes) and the writes and erases. */
  storage: { files: { [name: string]: string }; writes: StorageRecord[] };
  /** All of the above, with a count of each kind over the whole run. */
  records: BoardRecords;
  /** The bundle that ran: byte for byte what `frugal build` writes for the board. */
  bundleBytes: number;
  /** What `frugal run` prints for the same run. */
  text: string;
  /** What the build warned of (frugal build prints the same lines): task loops that never await and that nothing leaves. */
  warnings: string[];
}

/**
 * Runs a program (the path or file URL of a .ts module exporting one Example) as its board would:
 * its device bundle on the model of the board. A relative path is taken from the working
 * directory; a test passes `new URL('./my-app.ts', import.meta.url)` to name a file beside it. The
 * program is built once per process and board; each run gets a fresh model of the board.
 */
export async function runProgram(program: string | URL, opts?: RunOptions): Promise<ProgramRun> {
  const o = opts ?? {};
  if (o.ms !== undefined && !(o.ms > 0)) throw new Error('runProgram: ms must be a number of ms > 0, got ' + o.ms);
  const long = o.ms === undefined ? null : tooLong('runProgram: ms', o.ms);
  if (long !== null) throw new Error(long);
  const run = await simulateProgram(program instanceof URL ? fileURLToPath(program) : program, {
    board: o.board, ms: o.ms, programInputs: o.programInputs === true, edges: o.edges, serial: o.serial,
    hardware: { sensors: o.sensors, ble: o.ble, i2c: o.i2c, spi: o.spi, storage: o.storage },
  });
  const r = run.records;
  return {
    name: run.build.example.name,
    board: run.build.board.id,
    ms: run.ms,
    serial: run.output,
    leds: run.leds,
    ledLog: run.ledLog,
    faults: run.faults,
    faultCount: run.faults.length,
    uncaught: run.uncaught,
    report: run.report,
    advertising: r.advertising,
    ble: { events: r.ble, notifications: r.notifications, services: r.services },
    pwm: r.pwm,
    i2c: r.i2c,
    spi: r.spi,
    storage: { files: r.files, writes: r.storageWrites },
    records: r,
    bundleBytes: run.build.bytes,
    text: describeRun(run),
    warnings: run.build.build.warnings.slice(),
  };
}
