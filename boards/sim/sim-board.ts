// The simulated board: a virtual clock that jumps from one event to the next (so 10 minutes of board
// time take milliseconds), pins with scripted edges, a log of LED writes (the last ones, and a count
// per LED), and serial ports fed by scripted lines. Scripts are written before a run; during a run nothing is allocated.

import { SIM_BOARD, type BoardDescriptor } from '../descriptors.ts';
import type { ByteCallback, EdgeCallback, Hal } from '../hal.ts';
import type { Executor } from '../../executor/executor.ts';
import { checkKeys, checkOptions, checkSize, describe } from '../../executor/config.ts';
import { fail, M_PIN_WATCHED, M_SIM_BAD_PORT, M_SIM_BAD_TIME, M_SIM_NO_PIN } from '../../executor/messages.ts';
import { EventScript } from './event-script.ts';
import type { BoardScript, I2CDeviceInput, SensorInput } from '../board-script.ts';
import { LevelLog } from './level-log.ts';

export interface SimOptions {
  /** Entries kept in the LED log (a ring: older entries are overwritten). */
  logCapacity?: number;
  /** Bytes kept of serial output. */
  outputCapacity?: number;
  /** Scripted pin edges and serial bytes the script can hold. */
  scriptCapacity?: number;
}

function checkTime(what: string, atMs: number): number {
  if (typeof atMs !== 'number' || !(atMs >= 0) || atMs === Infinity) {
    throw fail(M_SIM_BAD_TIME, [what, describe(atMs)]);
  }
  return atMs;
}

const EV_EDGE = 0;
const EV_BYTE = 1;

export class SimBoard implements Hal {
  readonly board: BoardDescriptor;
  readonly pinNames: string[];
  /** [now in ms] */
  readonly clock: Float64Array;
  readonly levels: Uint8Array;
  readonly isLed: Uint8Array;
  readonly debounce: Float64Array;
  readonly lastEdge: Float64Array;
  readonly watchers: (EdgeCallback | null)[];
  readonly serialRx: (ByteCallback | null)[];
  readonly rxBusyUntil: Float64Array;
  readonly ledLog: LevelLog;
  /** LED writes per pin over the whole run: the log keeps only the last logCapacity. */
  readonly ledWrites: Float64Array;
  /** Board time and level of each pin's last LED write. */
  readonly ledLastTime: Float64Array;
  readonly ledLastLevel: Uint8Array;
  readonly script: EventScript;
  /** Serial output, all ports, as a byte ring. */
  readonly out: Uint8Array;
  /** bytes written in total */
  readonly outSt: Float64Array;

  constructor(opts?: SimOptions) {
    const o = checkOptions('SimBoard', opts) as SimOptions;
    checkKeys('SimBoard', o, ['logCapacity', 'outputCapacity', 'scriptCapacity']);
    this.board = SIM_BOARD;
    this.pinNames = [];
    const b = this.board;
    for (let i = 0; i < b.leds.length; i++) this.pinNames.push(b.leds[i]);
    for (let i = 0; i < b.buttons.length; i++) this.pinNames.push(b.buttons[i]);
    for (let i = 0; i < b.pins.length; i++) this.pinNames.push(b.pins[i]);
    const n = this.pinNames.length;
    this.clock = new Float64Array(1);
    this.levels = new Uint8Array(n);
    this.isLed = new Uint8Array(n);
    for (let i = 0; i < b.leds.length; i++) this.isLed[i] = 1;
    this.debounce = new Float64Array(n);
    this.lastEdge = new Float64Array(n);
    this.watchers = [];
    for (let i = 0; i < n; i++) {
      this.watchers.push(null);
      this.lastEdge[i] = -1e9;
    }
    this.serialRx = [null, null, null];
    this.rxBusyUntil = new Float64Array(3);
    this.ledLog = new LevelLog(o.logCapacity === undefined ? 4096 : checkSize('SimBoard', 'logCapacity', o.logCapacity, 1, 1 << 20));
    this.ledWrites = new Float64Array(n);
    this.ledLastTime = new Float64Array(n);
    this.ledLastLevel = new Uint8Array(n);
    this.script = new EventScript(o.scriptCapacity === undefined ? 4096 : checkSize('SimBoard', 'scriptCapacity', o.scriptCapacity, 1, 1 << 20));
    this.out = new Uint8Array(o.outputCapacity === undefined ? 65536 : checkSize('SimBoard', 'outputCapacity', o.outputCapacity, 1, 1 << 24));
    this.outSt = new Float64Array(1);
  }

  // ---- Hal ---------------------------------------------------------------------------------

  now(): number { return this.clock[0]; }

  pin(name: string): number {
    const i = this.pinNames.indexOf(name);
    if (i < 0) {
      throw fail(M_SIM_NO_PIN, [this.board.id, name, this.pinNames.join(', ')]);
    }
    return i;
  }

  digitalWrite(pin: number, value: number): void {
    const v = value ? 1 : 0;
    if (this.isLed[pin] === 1) {
      this.ledLog.add(this.clock[0], pin, v);
      this.ledWrites[pin]++;
      this.ledLastTime[pin] = this.clock[0];
      this.ledLastLevel[pin] = v;
    }
    this.setLevel(pin, v);
  }

  digitalRead(pin: number): number { return this.levels[pin]; }

  analogRead(pin: number): number {
    // A slow deterministic wave per pin, so sensor examples have something to report.
    return 0.5 + 0.4 * Math.sin(this.clock[0] / 1000 + pin);
  }

  temperature(): number {
    return 21 + Math.floor(this.clock[0] / 60000) % 5;
  }

  watch(pin: number, debounceMs: number, cb: EdgeCallback): void {
    if (this.watchers[pin] !== null) {
      throw fail(M_PIN_WATCHED, [this.pinNames[pin]]);
    }
    this.watchers[pin] = cb;
    this.debounce[pin] = debounceMs;
  }

  onSerial(port: number, cb: ByteCallback): void {
    this.serialRx[port] = cb;
  }

  serialWrite(port: number, bytes: Uint8Array, len: number): void {
    for (let i = 0; i < len; i++) this.emit(bytes[i]);
  }

  serialPrint(port: number, text: string): void {
    for (let i = 0; i < text.length; i++) this.emit(text.charCodeAt(i) & 255);
  }

  // ---- scripting ---------------------------------------------------------------------------

  /** Scripts a level change on a pin at a board time (a button press is two edges). */
  edge(pinName: string, atMs: number, value: number): void {
    const pin = this.pin(pinName);
    this.script.add(checkTime('edge', atMs), EV_EDGE, pin, value ? 1 : 0);
  }

  /** Scripts a press of duration ms, with `bounces` extra 1 ms toggles at each end, as a real switch. */
  press(pinName: string, atMs: number, ms: number, bounces?: number): void {
    const n = bounces || 0;
    for (let i = 0; i < n; i++) {
      this.edge(pinName, atMs + i, 1);
      this.edge(pinName, atMs + i + 0.5, 0);
    }
    this.edge(pinName, atMs + n, 1);
    for (let i = 0; i < n; i++) {
      this.edge(pinName, atMs + ms + i, 0);
      this.edge(pinName, atMs + ms + i + 0.5, 1);
    }
    this.edge(pinName, atMs + ms + n, 0);
  }

  /**
   * Scripts text arriving on a serial port (0 = Serial1), one byte per 0.1 ms from atMs, or from
   * the end of earlier scripted text still arriving on that port: a wire carries one byte at a time.
   */
  serialInput(port: number, atMs: number, text: string): void {
    if (port !== (port | 0) || port < 0 || port >= this.serialRx.length) {
      throw fail(M_SIM_BAD_PORT, [this.serialRx.length, describe(port)]);
    }
    const start = Math.max(checkTime('serialInput', atMs), this.rxBusyUntil[port]);
    for (let i = 0; i < text.length; i++) this.script.add(start + i * 0.1, EV_BYTE, port, text.charCodeAt(i) & 255);
    this.rxBusyUntil[port] = start + text.length * 0.1;
  }

  // ---- the board's own hardware -------------------------------------------------------------
  // Scripted for the device bundle's run on the model of Espruino (program/board-io.ts); this
  // host board keeps the script and does nothing else with it.

  /** What simulate() scripted of the board's own hardware. */
  readonly boardScript: BoardScript = { sensors: [], ble: [], i2c: [], spi: [], storage: {} };

  /** A sensor reading from atMs on: sim.sensor({ atMs: 0, accel: { x: 0, y: 0, z: 8192 } }), { atMs, light: 0.8 }... */
  sensor(input: SensorInput): void {
    checkTime('sensor', input.atMs);
    (this.boardScript.sensors as SensorInput[]).push(input);
  }

  /** A BLE central connects at atMs (address as the board reports it). */
  bleConnect(atMs: number, address?: string): void {
    (this.boardScript.ble as NonNullable<BoardScript['ble']>[number][]).push({ atMs: checkTime('bleConnect', atMs), connect: address ?? 'aa:bb:cc:dd:ee:ff public' });
  }

  /** The central disconnects at atMs (reason 19 by default: it ended the connection). */
  bleDisconnect(atMs: number, reason?: number): void {
    (this.boardScript.ble as NonNullable<BoardScript['ble']>[number][]).push({ atMs: checkTime('bleDisconnect', atMs), disconnect: reason ?? 19 });
  }

  /** The central writes bytes to a characteristic of the program's services at atMs. */
  bleWrite(atMs: number, service: number | string, characteristic: number | string, data: number[] | string): void {
    (this.boardScript.ble as NonNullable<BoardScript['ble']>[number][]).push({ atMs: checkTime('bleWrite', atMs), write: { service, characteristic, data } });
  }

  /** An I2C device with its registers, present from the start (bus 'I2C1' unless given); with atMs, new register values then. */
  i2cDevice(device: I2CDeviceInput): void {
    if (device.atMs !== undefined) checkTime('i2cDevice', device.atMs);
    (this.boardScript.i2c as I2CDeviceInput[]).push(device);
  }

  /** A file in the board's Storage before the program starts. */
  storageFile(name: string, contents: string | number[]): void {
    (this.boardScript.storage as { [name: string]: string | number[] })[name] = contents;
  }

  // ---- running -----------------------------------------------------------------------------

  /**
   * Runs the executor for `ms` of board time: polls ready tasks, then jumps the clock to the next
   * timer deadline or scripted event, until the end time.
   */
  run(ex: Executor, ms: number): void {
    const end = this.clock[0] + ms;
    ex.advanceTo(this.clock[0]);
    for (;;) {
      ex.runUntilIdle();
      let next = ex.nextDeadline();
      const ev = this.script.nextTime();
      if (ev >= 0 && (next < 0 || ev < next)) next = ev;
      if (next < 0 || next > end) break;
      if (next > this.clock[0]) this.clock[0] = next;
      this.fireScript();
      ex.advanceTo(this.clock[0]);
    }
    this.clock[0] = end;
    ex.advanceTo(end);
    ex.runUntilIdle();
  }

  /** Runs until no timer or scripted event is left, or every task has ended; at most maxMs. */
  runUntilIdle(ex: Executor, maxMs?: number): void {
    const limit = this.clock[0] + (maxMs === undefined ? 3600000 : maxMs);
    for (;;) {
      ex.runUntilIdle();
      let next = ex.nextDeadline();
      const ev = this.script.nextTime();
      if (ev >= 0 && (next < 0 || ev < next)) next = ev;
      if (next < 0 || next > limit || ex.liveTasks() === 0) return;
      if (next > this.clock[0]) this.clock[0] = next;
      this.fireScript();
      ex.advanceTo(this.clock[0]);
    }
  }

  private fireScript(): void {
    const s = this.script;
    const now = this.clock[0];
    while (s.nextTime() >= 0 && s.nextTime() <= now) {
      const i = s.take();
      if (s.kind[i] === EV_EDGE) this.setLevel(s.a[i], s.b[i]);
      else {
        const cb = this.serialRx[s.a[i]];
        if (cb !== null) cb(s.b[i]);
      }
    }
  }

  private setLevel(pin: number, v: number): void {
    if (this.levels[pin] === v) return;
    this.levels[pin] = v;
    const cb = this.watchers[pin];
    if (cb === null) return;
    const t = this.clock[0];
    if (t - this.lastEdge[pin] < this.debounce[pin]) return;
    this.lastEdge[pin] = t;
    cb(v, t);
  }

  private emit(byte: number): void {
    this.out[this.outSt[0] % this.out.length] = byte;
    this.outSt[0]++;
  }

  // ---- inspection (allocates; for tests and the CLI) ----------------------------------------

  /** Serial output so far (the last outputCapacity bytes). */
  output(): string {
    const total = this.outSt[0];
    const cap = this.out.length;
    const start = total > cap ? total - cap : 0;
    let s = '';
    for (let i = start; i < total; i++) s += String.fromCharCode(this.out[i % cap]);
    return s;
  }

  /** The last logCapacity LED writes as lines 't=<ms> <LED>=<level>'. */
  ledLines(): string[] {
    return this.ledLog.lines(this.pinNames);
  }

  /** An LED's writes over the whole run and its last one as 't=<ms> <LED>=<level>'; null if never written. */
  ledSummary(name: string): { writes: number; last: string } | null {
    const pin = this.pin(name);
    if (this.ledWrites[pin] === 0) return null;
    return { writes: this.ledWrites[pin], last: 't=' + this.ledLastTime[pin] + ' ' + name + '=' + this.ledLastLevel[pin] };
  }
}
