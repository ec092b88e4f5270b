// The HAL an example's setup runs against at build time, in Node, for one real board: every pin
// name, serial port and sensor the setup asks for is checked against the board's full descriptor
// and recorded, so the build can refuse an example the board cannot run (naming what is missing
// and what the board has) and the device entry can hand over exactly those pin objects.
// Setup runs only here: the device gets the state it leaves (bundler/snapshot.ts), never the
// descriptor.

import type { BoardDescriptor } from '../descriptors.ts';
import type { BoardSensors, ByteCallback, EdgeCallback, Hal } from '../hal.ts';
import {
  fail, M_BOARD_NO_ANALOG, M_BOARD_NO_PIN, M_BOARD_NO_PORT, M_BOARD_NO_SENSOR, M_PIN_NUMBER_UNKNOWN, M_PIN_WATCHED, M_SERIAL_TAKEN,
} from '../../executor/messages.ts';
import { serialPortNames } from './serial-ports.ts';

export class CheckHal implements Hal, BoardSensors {
  readonly board: BoardDescriptor;
  readonly full: BoardDescriptor;
  /** Pin names asked for, in first-use order: the device entry resolves these. */
  readonly used: string[];
  readonly ports: string[];
  readonly watched: string[];
  /** The debounce of each watched pin, in ms (same order). */
  readonly debounce: number[];
  readonly serialUsed: number[];
  /** Ports setup listens to (onSerial). */
  readonly listening: number[];

  constructor(full: BoardDescriptor) {
    this.full = full;
    this.board = full;
    this.used = [];
    this.ports = serialPortNames(full);
    this.watched = [];
    this.debounce = [];
    this.serialUsed = [];
    this.listening = [];
  }

  now(): number { return 0; }

  pin(name: string): number {
    const b = this.full;
    const known = b.leds.indexOf(name) >= 0 || b.buttons.indexOf(name) >= 0 || b.pins.indexOf(name) >= 0;
    if (!known) {
      throw fail(M_BOARD_NO_PIN, [b.id, b.name, name, b.leds.join(', '), b.buttons.join(', '), b.pins.join(', ')]);
    }
    const i = this.used.indexOf(name);
    if (i >= 0) return i;
    this.used.push(name);
    return this.used.length - 1;
  }

  digitalWrite(pin: number, value: number): void { this.name(pin); }
  digitalRead(pin: number): number { this.name(pin); return 0; }

  analogRead(pin: number): number {
    const name = this.name(pin);
    if (this.full.analogPins.indexOf(name) < 0) {
      throw fail(M_BOARD_NO_ANALOG, [this.full.id, name, this.full.analogPins.join(', ')]);
    }
    return 0;
  }

  temperature(): number {
    this.sensor('E.getTemperature');
    return 0;
  }

  light(): number { this.sensor('Puck.light'); return 0; }
  magnitude(): number { this.sensor('Puck.mag'); return 0; }

  /** Throws unless the board lists the sensor (by its JS API name). */
  sensor(api: string): void {
    if (this.full.sensors.indexOf(api) < 0) {
      throw fail(M_BOARD_NO_SENSOR, [this.full.id, api, this.full.sensors.join(', ')]);
    }
  }

  watch(pin: number, debounceMs: number, cb: EdgeCallback): void {
    const name = this.name(pin);
    if (this.watched.indexOf(name) >= 0) {
      throw fail(M_PIN_WATCHED, [name]);
    }
    this.watched.push(name);
    this.debounce.push(debounceMs);
  }

  onSerial(port: number, cb: ByteCallback): void {
    this.port(port);
    if (this.listening.indexOf(port) >= 0) {
      throw fail(M_SERIAL_TAKEN, [port]);
    }
    this.listening.push(port);
  }
  serialWrite(port: number, bytes: Uint8Array, len: number): void { this.port(port); }
  serialPrint(port: number, text: string): void { this.port(port); }

  port(port: number): string {
    if (port < 0 || port >= this.ports.length || port !== Math.floor(port)) {
      throw fail(M_BOARD_NO_PORT, [this.full.id, this.ports.length, this.ports.join(', '), port]);
    }
    if (this.serialUsed.indexOf(port) < 0) this.serialUsed.push(port);
    return this.ports[port];
  }

  private name(pin: number): string {
    const n = this.used[pin];
    if (n === undefined) throw fail(M_PIN_NUMBER_UNKNOWN, [pin]);
    return n;
  }
}
