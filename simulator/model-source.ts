// The model of Espruino as the source text an engine evaluates, and the prelude that tells it which
// board it is: every engine that runs a device bundle (V8 through v8-engine.ts, QuickJS and Duktape
// in the tests) evaluates prelude, model, bundle, in that order.
// The model is one ES5 function (its globals share one closure), kept in espruino-model/ as the
// parts of that function, by what they model, joined here in this order; a part alone is not a
// program (lint leaves them to the tests that evaluate the whole).

import { readFileSync } from 'node:fs';
import { findBoard, type BoardDescriptor } from '../boards/descriptors.ts';

const MODEL_PARTS = [
  'core.js', 'timers-and-events.js', 'espruino-promise.js', 'pins-and-serial.js', 'event-loop-and-sensors.js',
  'bluetooth-pwm-buses.js', 'espruino-storage.js', 'memory-and-host.js',
];

let cached: string | undefined;

/** The model's ES5 source (read once). */
export function espruinoModelSource(): string {
  if (cached === undefined) cached = MODEL_PARTS.map((f) => readFileSync(new URL('./espruino-model/' + f, import.meta.url), 'utf8')).join('');
  return cached;
}

export interface ModelOptions {
  /** Pin writes kept for __host.log() when the host keeps no transcript itself (default 4096). */
  logCapacity?: number;
}

/** A board id ('sim', 'puckjs'...) or a descriptor, as a descriptor. */
export function boardOf(board: BoardDescriptor | string): BoardDescriptor {
  return typeof board === 'string' ? findBoard(board) : board;
}

/** ES5 that defines __board (and __modelOptions) for the model: run it before the model. */
export function modelPrelude(board: BoardDescriptor | string, options?: ModelOptions): string {
  const b = boardOf(board);
  const fields = {
    id: b.id, espruinoBoard: b.espruinoBoard, variables: b.variables, bytesPerVariable: b.bytesPerVariable,
    leds: b.leds, ledPins: b.ledPins, buttons: b.buttons, buttonPins: b.buttonPins, pins: b.pins,
    analogPins: b.analogPins, serial: b.serial, sensors: b.sensors, apis: b.apis, storage: b.storage, name: b.name,
  };
  return 'var __board = ' + JSON.stringify(fields) + ';\nvar __modelOptions = ' + JSON.stringify(options ?? {}) + ';\n';
}
