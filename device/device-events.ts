// Queues of the board's own events on the device (boards/board-events.ts is the setup side). A
// queue is the record q of device/layout.ts EV_* in W, with its ring of EV_WIDTH-word entries
// elsewhere in W. The firmware's callbacks, registered once when the program starts, copy an
// event's numbers into the ring, wake the tasks waiting on it and run the executor: the event
// object the firmware made is all that is allocated, and it is freed at once. A full queue drops
// the event and counts it.

import { R, RN, W } from './program.ts';
import { run } from './scheduler.ts';
import { park, unpark, wakeAll } from './waiters.ts';
import {
  EV_CAP, EV_DROPPED, EV_HIGH, EV_LEN, EV_RECORD_BYTES, EV_RECORDS, EV_REFS, EV_RING, EV_SEEN, EV_STORED, EV_UNSTORED, EV_WAITERS, EV_WIDTH,
} from './layout.ts';

declare const Puck: {
  accelOn(hz: number): void;
  magOn(hz: number): void;
  on(event: string, fn: (e: { acc: { x: number; y: number; z: number }; x: number; y: number; z: number }) => void): void;
};
declare const Bangle: {
  on(event: string, fn: (e: { x: number; y: number; z: number; mag: number; heading: number; bpm: number; confidence: number }) => void): void;
  setCompassPower(on: number, app: string): void;
  setHRMPower(on: number, app: string): void;
};
declare const NRF: {
  on(event: string, fn: (e: number) => void): void;
  setServices(s: unknown, o: unknown): void;
};
declare function require(name: string): { write(name: string, data: Uint8Array, offset: number, size?: number): boolean };

/** Queues an event of four numbers in q and wakes its waiters; false when q is full (counted). */
export function pushEvent(q: number, a: number, b: number, c: number, d: number): boolean {
  W[q + EV_SEEN]++;
  var cap = W[q + EV_CAP];
  if (W[q + EV_LEN] === cap) {
    W[q + EV_DROPPED]++;
    return false;
  }
  var at = W[q + EV_RING] + EV_WIDTH * ((W[q] + W[q + EV_LEN]) % cap);
  W[at] = a;
  W[at + 1] = b;
  W[at + 2] = c;
  W[at + 3] = d;
  W[q + EV_LEN]++;
  if (W[q + EV_LEN] > W[q + EV_HIGH]) W[q + EV_HIGH] = W[q + EV_LEN];
  wakeAll(q + EV_WAITERS);
  return true;
}

/** waitEvent. Frame [queue, waiter link x4]: ready with the oldest entry in RN..RN + 3. */
export function pollEvent(w: Float64Array, o: number): number {
  var q = w[o];
  if (W[q + EV_LEN] > 0) {
    var at = W[q + EV_RING] + EV_WIDTH * W[q];
    W[RN] = W[at];
    W[RN + 1] = W[at + 1];
    W[RN + 2] = W[at + 2];
    W[RN + 3] = W[at + 3];
    W[q] = (W[q] + 1) % W[q + EV_CAP];
    W[q + EV_LEN]--;
    unpark(o + 1);
    return 1;
  }
  park(q + EV_WAITERS, o + 1);
  return 0;
}

/**
 * logEvent: appends an entry to the Storage log q, in its file (through the entry's bytes, made
 * once: nothing is built per call) and its queue. True when the queue took it.
 */
export function logEvent(q: number, a: number, b?: number, c?: number, d?: number): boolean {
  var refs = W[q + EV_REFS];
  var n = W[q + EV_STORED];
  if (n < W[q + EV_RECORDS]) {
    var f = R[refs + 2] as Float64Array;
    f[0] = a;
    f[1] = b === void 0 ? 0 : b;
    f[2] = c === void 0 ? 0 : c;
    f[3] = d === void 0 ? 0 : d;
    var s = R[refs] as { write(name: string, data: Uint8Array, offset: number, size?: number): boolean };
    // The first entry makes the file, as large as the log (a file left from an earlier run is
    // replaced); the others fill it where it is still erased.
    if (n === 0) s.write(R[refs + 1] as string, R[refs + 3] as Uint8Array, 0, W[q + EV_RECORDS] * EV_RECORD_BYTES);
    else s.write(R[refs + 1] as string, R[refs + 3] as Uint8Array, n * EV_RECORD_BYTES);
    W[q + EV_STORED]++;
  } else {
    W[q + EV_UNSTORED]++;
  }
  return pushEvent(q, a, b === void 0 ? 0 : b, c === void 0 ? 0 : c, d === void 0 ? 0 : d);
}

/** A Storage log's references: Storage, the file's name, an entry as float64s and as bytes. Once, at start. */
// setup: made once when the program starts
export function openLog(q: number, file: string): void {
  var refs = W[q + EV_REFS];
  var f = new Float64Array(EV_WIDTH);
  R[refs] = require('Storage');
  R[refs + 1] = file;
  R[refs + 2] = f;
  R[refs + 3] = new Uint8Array(f.buffer);
}

/** Puck.js's accelerometer at hz into q: [x, y, z, 0]. Once, at start. */
// setup: the firmware's callback, registered once when the program starts
export function listenPuckAccel(q: number, hz: number): void {
  Puck.on('accel', function (e): void {
    var a = e.acc;
    pushEvent(q, a.x, a.y, a.z, 0);
    run(0);
  });
  Puck.accelOn(hz);
}

/** Puck.js's magnetometer at hz into q: [x, y, z, 0]. Once, at start. */
// setup: the firmware's callback, registered once when the program starts
export function listenPuckMag(q: number, hz: number): void {
  Puck.on('mag', function (e): void {
    pushEvent(q, e.x, e.y, e.z, 0);
    run(0);
  });
  Puck.magOn(hz);
}

/** Connections into q: [1, 0, 0, 0] when a central connects, [0, reason, 0, 0] when it goes. Once, at start. */
// setup: the firmware's callbacks, registered once when the program starts
export function listenConnections(q: number): void {
  NRF.on('connect', function (): void {
    pushEvent(q, 1, 0, 0, 0);
    run(0);
  });
  NRF.on('disconnect', function (reason): void {
    pushEvent(q, 0, reason, 0, 0);
    run(0);
  });
}

/** The callback of a writable characteristic whose writes go to q: [length, first three bytes]. */
// setup: one callback per characteristic, made once when the program starts
function writesTo(q: number): (e: { data: { length: number; [i: number]: number } }) => void {
  return function (e): void {
    var d = e.data;
    var n = d.length;
    pushEvent(q, n, n > 0 ? d[0] : 0, n > 1 ? d[1] : 0, n > 2 ? d[2] : 0);
    run(0);
  };
}

/**
 * The program's GATT services: `list` is [queue, service, characteristic, ...] for every
 * characteristic whose writes a queue takes (each writable, 20 bytes long). Once, at start.
 */
// setup: builds the services once when the program starts
export function serveWrites(list: (number | string)[]): void {
  var services: { [s: string]: { [c: string]: unknown } } = {};
  for (var i = 0; i < list.length; i += 3) {
    var s = list[i + 1] as string;
    if (services[s] === void 0) services[s] = {};
    services[s][list[i + 2] as string] = { value: [0], maxLen: 20, readable: true, writable: true, onWrite: writesTo(list[i] as number) };
  }
  NRF.setServices(services, { uart: true });
}

/**
 * One of Bangle.js 2's events into q ('accel' [x, y, z, magnitude], 'mag' [x, y, z, heading],
 * 'HRM' [bpm, confidence, 0, 0], 'step' [steps, 0, 0, 0]), with its sensor turned on. Once, at start.
 */
// setup: the firmware's callback, registered once when the program starts
export function listenBangle(q: number, event: string): void {
  Bangle.on(event, function (e): void {
    if (event === 'accel') pushEvent(q, e.x, e.y, e.z, e.mag);
    else if (event === 'mag') pushEvent(q, e.x, e.y, e.z, e.heading);
    else if (event === 'HRM') pushEvent(q, e.bpm, e.confidence, 0, 0);
    else pushEvent(q, e as unknown as number, 0, 0, 0);
    run(0);
  });
  if (event === 'mag') Bangle.setCompassPower(1, 'frugal');
  if (event === 'HRM') Bangle.setHRMPower(1, 'frugal');
}
