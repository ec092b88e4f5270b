// The hardware surface frugal's HAL futures use. The simulated board implements it over virtual
// time; the Espruino boards map it onto Espruino's globals. Pins are small integers resolved once
// from names (hal.pin('LED1')), so hot paths never handle strings or pin objects.

import type { BoardDescriptor } from './descriptors.ts';

/** Called on every debounced edge of a watched pin; value is the new level, timeMs the board time. */
export type EdgeCallback = (value: number, timeMs: number) => void;

/** Called for each byte received on a serial port. */
export type ByteCallback = (byte: number) => void;

export interface Hal {
  readonly board: BoardDescriptor;
  /** Board time in milliseconds since start. */
  now(): number;
  /** Pin number for a name of this board (LED1, BTN1, D3...); throws listing the valid names. */
  pin(name: string): number;
  digitalWrite(pin: number, value: number): void;
  digitalRead(pin: number): number;
  /** 0..1, as Espruino's analogRead. */
  analogRead(pin: number): number;
  /** Board temperature in degrees C (E.getTemperature on a device). */
  temperature(): number;
  /** Registers the edge callback of a pin, once, at setup. */
  watch(pin: number, debounceMs: number, cb: EdgeCallback): void;
  /** Registers the receive callback of a serial port, once, at setup. */
  onSerial(port: number, cb: ByteCallback): void;
  serialWrite(port: number, bytes: Uint8Array, len: number): void;
  /** Writes a constant string (no formatting, so nothing is built per call). */
  serialPrint(port: number, text: string): void;
}

/** Board sensors beyond the Hal interface; EspruinoHal has them (read only where the board lists them). */
export interface BoardSensors {
  light(): number;
  magnitude(): number;
}
