// Puck.js BLE beacon: advertises its temperature, light level, battery, the button presses and
// whether it lies face up, so that a phone or a gateway sees them without connecting; the red LED
// flashes at each press, the green one is lit while a central is connected, and a central can
// write a brightness (0..255) for the blue LED to a characteristic of its own service.
//
// The advertising data and options are objects made once in setup and updated in place, so
// NRF.setAdvertising() builds nothing per call (docs/board-api.md); the accelerometer streams into
// a queue the motion task awaits (no object per sample), and so do the connections and the writes.
// `frugal audit puck-beacon` finds no allocation in its task code.

import { EDGE_RISING, sleep, waitEdge, waitEvent, type BoardEvents, type PinEdges } from '../tasks/task-api.ts';
import { spawnTask } from '../tasks/lowered.ts';
import { PinEdges as BoardPinEdges } from '../boards/pin-edge.ts';
import { boardEvents } from '../boards/board-events.ts';
import type { Hal } from '../boards/hal.ts';
import type { Example } from '../program/example.ts';
import { printNumber } from '../tasks/print.ts';

/** What the beacon advertises, made once in setup: the arrays are updated in place by the tasks. */
export interface Beacon {
  /** Service data: 0x1809 (temperature, whole degrees C) and 0x180F (battery, %). */
  data: { 0x1809: Uint8Array; 0x180F: Uint8Array };
  options: { showName: boolean; manufacturer: number; manufacturerData: Uint8Array; interval: number };
}

// The bytes of Espruino's manufacturer data (0x0590) the beacon sends.
const LIGHT = 0;
const PRESSES = 1;
const FACE_UP = 2;

/** Every `periodMs`: reads the sensors into the advertising data and advertises it. */
export async function advertise(hal: Hal, beacon: Beacon, periodMs: number): Promise<void> {
  for (;;) {
    const t = Puck.getTemperature();
    const light = Puck.light();
    beacon.data[0x1809][0] = Math.round(t);
    beacon.data[0x180F][0] = E.getBattery();
    beacon.options.manufacturerData[LIGHT] = Math.round(light * 255);
    NRF.setAdvertising(beacon.data, beacon.options);
    hal.serialPrint(0, 'advertising: ');
    printNumber(hal, Math.round(t));
    hal.serialPrint(0, ' C, light ');
    printNumber(hal, Math.round(light * 100));
    hal.serialPrint(0, '%, battery ');
    printNumber(hal, beacon.data[0x180F][0]);
    hal.serialPrint(0, '%\n');
    await sleep(periodMs);
  }
}

/** Each press of the button: counted in the advertising data (sent at once) and shown on the red LED. */
export async function countPresses(hal: Hal, beacon: Beacon, button: PinEdges, led: number): Promise<void> {
  for (let n = 1; ; n++) {
    await waitEdge(button, EDGE_RISING);
    beacon.options.manufacturerData[PRESSES] = n & 255;
    NRF.setAdvertising(beacon.data, beacon.options);
    hal.serialPrint(0, 'button: press ');
    printNumber(hal, n);
    hal.serialPrint(0, '\n');
    hal.digitalWrite(led, 1);
    await sleep(100);
    hal.digitalWrite(led, 0);
  }
}

/** Accelerometer samples from a queue: whether the Puck lies face up, advertised when it changes. */
export async function watchMotion(hal: Hal, beacon: Beacon, samples: BoardEvents): Promise<void> {
  for (;;) {
    const [, , z] = await waitEvent(samples);
    const up = z > 0 ? 1 : 0;
    if (up !== beacon.options.manufacturerData[FACE_UP]) {
      beacon.options.manufacturerData[FACE_UP] = up;
      NRF.setAdvertising(beacon.data, beacon.options);
      hal.serialPrint(0, up ? 'motion: face up\n' : 'motion: face down\n');
    }
  }
}

/** The green LED while a central is connected; the blue LED's brightness as the central writes it. */
export async function watchCentral(hal: Hal, connections: BoardEvents, led: number): Promise<void> {
  for (;;) {
    const [connected, reason] = await waitEvent(connections);
    hal.digitalWrite(led, connected);
    hal.serialPrint(0, connected ? 'central: connected\n' : 'central: disconnected, reason ');
    if (!connected) {
      printNumber(hal, reason);
      hal.serialPrint(0, '\n');
    }
  }
}

export async function takeWrites(hal: Hal, writes: BoardEvents): Promise<void> {
  for (;;) {
    const [length, level] = await waitEvent(writes);
    if (length < 1) continue;
    analogWrite(LED3, level / 255);
    hal.serialPrint(0, 'central: blue LED ');
    printNumber(hal, level);
    hal.serialPrint(0, '/255\n');
  }
}

export const puckBeacon: Example = {
  name: 'puck-beacon',
  description: 'Puck.js BLE beacon: temperature, light, battery, button presses and orientation advertised; LEDs for presses and connections',
  config: { maxTasks: 5 },
  setup: function (ex, hal) {
    const beacon: Beacon = {
      data: { 0x1809: new Uint8Array(1), 0x180F: new Uint8Array(1) },
      options: { showName: false, manufacturer: 0x0590, manufacturerData: new Uint8Array(3), interval: 500 },
    };
    beacon.options.manufacturerData[FACE_UP] = 1;
    const button = new BoardPinEdges(ex, hal, hal.pin('BTN1'), 25);
    const red = hal.pin('LED1');
    const green = hal.pin('LED2');
    const samples = boardEvents(ex, hal, 'Puck.accel', 4, { hz: 1.6 });
    const connections = boardEvents(ex, hal, 'NRF.connection', 2);
    const writes = boardEvents(ex, hal, 'NRF.write', 2, { service: 0xBCDE, characteristic: 0xABCD });
    spawnTask(ex, advertise, [hal, beacon, 2000], { name: 'advertise' });
    spawnTask(ex, countPresses, [hal, beacon, button, red], { name: 'button' });
    spawnTask(ex, watchMotion, [hal, beacon, samples], { name: 'motion' });
    spawnTask(ex, watchCentral, [hal, connections, green], { name: 'central' });
    spawnTask(ex, takeWrites, [hal, writes], { name: 'writes' });
  },
  simulate: function (sim) {
    sim.sensor({ atMs: 0, temperature: 21.4 });
    sim.sensor({ atMs: 0, light: 0.35 });
    sim.sensor({ atMs: 0, battery: 87 });
    sim.sensor({ atMs: 0, accel: { x: 120, y: -40, z: 8100 } });
    sim.press('BTN1', 1000, 80, 2);
    // Turned over at 2.5 s, back at 4.5 s; the room gets darker and warmer meanwhile.
    sim.sensor({ atMs: 2500, accel: { x: 90, y: 30, z: -8150 } });
    sim.sensor({ atMs: 3000, light: 0.1 });
    sim.sensor({ atMs: 3000, temperature: 23.6 });
    sim.press('BTN1', 3500, 60, 1);
    sim.sensor({ atMs: 4500, accel: { x: 100, y: -20, z: 8120 } });
    sim.bleConnect(5000, 'e4:5f:01:aa:bb:cc public');
    sim.bleWrite(5300, 0xBCDE, 0xABCD, [64]);
    sim.bleDisconnect(5800);
  },
  runMs: 6000,
  board: 'puckjs',
};
