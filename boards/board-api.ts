// Which board has which part of Espruino's API: the names task code may call directly (declared
// for the type checker and the IDE in boards/espruino-api.ts) and the boards that have each one,
// from the board descriptors (boards/descriptors.ts: `sensors`, `apis`, and the LEDs, buttons and
// pins). A device build refuses a bundle that reaches a name its board lacks (bundler/board-api-check.ts);
// a board's own events become queues a task awaits (boards/board-events.ts) only where it has them.

import { BOARDS, type BoardDescriptor } from './descriptors.ts';

/** A pin global: an LED, a button or a pin name (LED1, BTN, D5, A0, H3...). */
const PIN_NAME = /^(?:LED\d*|BTN\d*|[A-H]\d+)$/;

/** Whether `name` is the name of a pin, LED or button global of some board. */
export function isPinName(name: string): boolean {
  return PIN_NAME.test(name);
}

/**
 * Whether the board has the API named `key`: a global ('NRF', 'analogWrite', 'I2C1', 'Storage'
 * for require('Storage')), a member ('Puck.accel') or a pin global ('LED3', 'BTN', 'D5').
 */
export function boardHas(b: BoardDescriptor, key: string): boolean {
  if (isPinName(key)) {
    if (key === 'LED') return b.ledPins.length > 0 && b.ledPins[0] !== '' && b.leds[0] === 'LED1';
    if (key === 'BTN') return b.buttons[0] === 'BTN1';
    return b.leds.indexOf(key) >= 0 || b.buttons.indexOf(key) >= 0 || b.pins.indexOf(key) >= 0 || b.ledPins.indexOf(key) >= 0 ||
      b.buttonPins.indexOf(key) >= 0;
  }
  if (API_OBJECTS.indexOf(key) >= 0) {
    const all = b.sensors.concat(b.apis);
    for (let i = 0; i < all.length; i++) if (all[i].indexOf(key + '.') === 0) return true;
    return false;
  }
  return EVERYWHERE.indexOf(key) >= 0 || b.sensors.indexOf(key) >= 0 || b.apis.indexOf(key) >= 0;
}

/** The real boards (not the host's `sim`) that have `key`. */
export function boardsWith(key: string): BoardDescriptor[] {
  return BOARDS.filter((b) => b.id !== 'sim' && boardHas(b, key));
}

/** Sensors every board's firmware has as a function, whether or not it reads anything (ESP32's E.getTemperature is NaN). */
const EVERYWHERE = ['E.getTemperature'];

/** The objects whose members are checked one by one; the object itself exists where any member does. */
export const API_OBJECTS = ['Puck', 'Bangle'];

let known: { [key: string]: boolean } | null = null;

/**
 * Whether frugal knows which boards have `key`: a pin global, or an API some board lists. Other
 * names (a global of the program's own, E.getTime...) are not checked.
 */
export function isBoardApi(key: string): boolean {
  if (isPinName(key)) return true;
  if (known === null) {
    const keys: { [key: string]: boolean } = {};
    for (let i = 0; i < BOARDS.length; i++) {
      const all = BOARDS[i].sensors.concat(BOARDS[i].apis);
      for (let j = 0; j < all.length; j++) keys[all[j]] = true;
    }
    for (let i = 0; i < API_OBJECTS.length; i++) keys[API_OBJECTS[i]] = true;
    for (let i = 0; i < EVERYWHERE.length; i++) delete keys[EVERYWHERE[i]];
    known = keys;
  }
  return Object.prototype.hasOwnProperty.call(known, key);
}

/** "Puck.js (puckjs), Bangle.js 2 (banglejs2)", or "no board frugal knows". */
export function boardList(boards: readonly BoardDescriptor[]): string {
  return boards.length === 0 ? 'no board frugal knows' : boards.map((b) => b.name + ' (' + b.id + ')').join(', ');
}
