// The model of Espruino (espruino-model.js) as the source text an engine evaluates, and the
// prelude that tells it which board it is: every engine that runs a device bundle (V8 through
// v8-engine.ts, QuickJS and Duktape in the tests) evaluates prelude, model, bundle, in that order.

import { readFileSync } from 'node:fs';
import { findBoard, type BoardDescriptor } from '../boards/descriptors.ts';

const MODEL_PATH = new URL('./espruino-model.js', import.meta.url);

let cached: string | undefined;

/** The model's ES5 source (read once). */
export function espruinoModelSource(): string {
  if (cached === undefined) cached = readFileSync(MODEL_PATH, 'utf8');
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
