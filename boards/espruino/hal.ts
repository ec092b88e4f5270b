// The HAL on a real Espruino board, over the interpreter's globals. The generated device entry
// hands over the pin objects the example names (LED1, BTN1, A0...) and the serial objects, looked
// up once at load; afterwards every call indexes a short array, and nothing here allocates per
// call except what the firmware itself hands back (a watch event, a received string).
//
// Board time is getTime() seconds since start, in ms rounded to the microsecond: getTime() is a
// float of seconds, and without the rounding 0.3 s * 1000 comes back as 299.99999999999994 ms,
// so a timer due at 300 would look not yet due when its callback runs.

import type { BoardDescriptor } from '../descriptors.ts';
import type { ByteCallback, EdgeCallback, Hal } from '../hal.ts';
import type { BoardSensors } from '../sensor-source.ts';
import { fail, M_HAL_NO_PIN_OBJECT, M_HAL_NO_PORT, M_HAL_PIN_COUNT, M_HAL_PIN_NOT_BUILT } from '../../executor/messages.ts';

interface WatchEvent { state: boolean; time: number }
interface WatchOptions { repeat: boolean; edge: string; debounce: number }
interface Magnetometer { x: number; y: number; z: number }

/** The part of an Espruino Serial/Bluetooth object the HAL uses. */
export interface EspruinoSerial {
  setup(baud: number): void;
  on(event: string, fn: (data: string) => void): void;
  write(data: string | number): void;
}

// Espruino's globals, declared in this module only so they do not leak into Node's typings.
declare function getTime(): number;
declare function digitalWrite(pin: unknown, value: number): void;
declare function digitalRead(pin: unknown): number;
declare function analogRead(pin: unknown): number;
declare function setWatch(fn: (e: WatchEvent) => void, pin: unknown, opts: WatchOptions): number;
declare const E: { getTemperature(): number };
declare const Puck: { light(): number; mag(): Magnetometer };

/** st slots: [0] getTime() in s at board time 0 */
const T0 = 0;

export class EspruinoHal implements Hal, BoardSensors {
  readonly board: BoardDescriptor;
  /** Names the entry resolved, and the pin objects behind them (same order). */
  readonly names: string[];
  readonly pins: unknown[];
  /** Serial objects by HAL port number. */
  readonly ports: EspruinoSerial[];
  readonly baud: number;
  readonly st: Float64Array;
  /** Runs the executor; the driver sets it, the HAL calls it after each event so woken tasks run at once. */
  run: (() => void) | null;

  constructor(board: BoardDescriptor, names: string[], pins: unknown[], ports: EspruinoSerial[], baud: number) {
    if (names.length !== pins.length) {
      throw fail(M_HAL_PIN_COUNT, [names.length, pins.length]);
    }
    for (let i = 0; i < pins.length; i++) {
      if (pins[i] === undefined || pins[i] === null) {
        throw fail(M_HAL_NO_PIN_OBJECT, [board.id, names[i]]);
      }
    }
    this.board = board;
    this.names = names;
    this.pins = pins;
    this.ports = ports;
    this.baud = baud;
    this.st = new Float64Array(1);
    this.st[T0] = getTime();
    this.run = null;
  }

  now(): number {
    return Math.round((getTime() - this.st[T0]) * 1e6) / 1000;
  }

  /** Board time (ms) of a getTime()-style timestamp in seconds, such as a watch event's. */
  msAt(seconds: number): number {
    return Math.round((seconds - this.st[T0]) * 1e6) / 1000;
  }

  /** Keeps board time continuous when getTime() restarts (a board loading a saved image). */
  rebase(nowMs: number): void {
    this.st[T0] = getTime() - nowMs / 1000;
  }

  pin(name: string): number {
    const i = this.names.indexOf(name);
    if (i < 0) {
      throw fail(M_HAL_PIN_NOT_BUILT, [this.board.id, name, this.names.join(', ')]);
    }
    return i;
  }

  digitalWrite(pin: number, value: number): void {
    digitalWrite(this.pins[pin], value);
  }

  digitalRead(pin: number): number {
    return digitalRead(this.pins[pin]);
  }

  analogRead(pin: number): number {
    return analogRead(this.pins[pin]);
  }

  temperature(): number {
    return E.getTemperature();
  }

  /** Puck.light(): 0..1. Only called where the board lists the sensor. */
  light(): number {
    return Puck.light();
  }

  /** Magnitude of Puck.mag() (the firmware returns a fresh {x,y,z}; it is freed at once). */
  magnitude(): number {
    const m = Puck.mag();
    return Math.sqrt(m.x * m.x + m.y * m.y + m.z * m.z);
  }

  watch(pin: number, debounceMs: number, cb: EdgeCallback): void {
    const self = this;
    // Espruino debounces in firmware: an edge is reported once the level has held for debounceMs.
    setWatch(function (e: WatchEvent): void {
      cb(e.state ? 1 : 0, self.msAt(e.time));
      if (self.run !== null) self.run();
    }, this.pins[pin], { repeat: true, edge: 'both', debounce: debounceMs });
  }

  onSerial(port: number, cb: ByteCallback): void {
    const self = this;
    const s = this.port(port);
    s.setup(this.baud);
    s.on('data', function (data: string): void {
      for (let i = 0; i < data.length; i++) cb(data.charCodeAt(i) & 255);
      if (self.run !== null) self.run();
    });
  }

  serialWrite(port: number, bytes: Uint8Array, len: number): void {
    const s = this.port(port);
    // One byte per write: a subarray or a string of the line would be a new object per call.
    for (let i = 0; i < len; i++) s.write(bytes[i]);
  }

  serialPrint(port: number, text: string): void {
    this.port(port).write(text);
  }

  private port(port: number): EspruinoSerial {
    const s = this.ports[port];
    if (s === undefined) {
      throw fail(M_HAL_NO_PORT, [this.board.id, this.ports.length, port]);
    }
    return s;
  }
}
