// The board's own events as queues a task awaits: a BLE central connecting or writing a
// characteristic, the accelerometer or magnetometer streaming samples, Bangle.js 2's sensors, and a
// log kept in Storage. Each queue is a fixed ring of entries of four numbers, made at setup; the
// firmware's callback (on the device: device/device-events.ts) copies an event's numbers into the
// ring and wakes the waiting tasks, so nothing is allocated per event by frugal. A full ring drops
// the newest event and counts it, and the budget report shows each queue like a channel.
//
// Task code awaits `const [a, b, c, d] = await waitEvent(q)` (tasks/task-api.ts); what the four
// numbers are depends on the source (EVENT_SOURCES). A Storage log is filled by task code itself
// (logEvent), which also appends each entry to a file of the board's Storage.

import { defineFuture, PENDING, READY } from '../executor/abi.ts';
import { checkSize } from '../executor/config.ts';
import type { Executor } from '../executor/executor.ts';
import { fail, M_EVENTS_BOARD, M_EVENTS_OPTION, M_EVENTS_SOURCE } from '../executor/messages.ts';
import { WaiterSet } from '../executor/waiter-set.ts';
import { boardHas, boardList, boardsWith } from './board-api.ts';
import type { Hal } from './hal.ts';

/** Numbers in one entry of a queue: what waitEvent's result holds. */
export const EVENT_WIDTH = 4;

/** Bytes one entry takes in a Storage log's file: four float64s. */
export const LOG_RECORD_BYTES = 8 * EVENT_WIDTH;

export interface EventSource {
  /** The board API it needs (boards/board-api.ts key). */
  readonly api: string;
  /** What the four numbers of an entry are. */
  readonly values: string;
  /** For a sensor stream: its rate when none is given, and the rates the firmware accepts. */
  readonly hz?: number;
  readonly rates?: readonly number[];
}

/** Every source a queue can have, what it needs, and what its entries hold. */
export const EVENT_SOURCES: { readonly [name: string]: EventSource } = {
  'NRF.connection': { api: 'NRF', values: '[1 on connect | 0 on disconnect, the disconnect reason, 0, 0]' },
  'NRF.write': { api: 'NRF', values: '[bytes written, first byte, second byte, third byte]' },
  'Puck.accel': { api: 'Puck.accel', values: '[x, y, z, 0], raw (8192 is 1 g)', hz: 12.5, rates: [1660, 833, 416, 208, 104, 52, 26, 12.5, 1.6] },
  'Puck.mag': { api: 'Puck.mag', values: '[x, y, z, 0] in 0.1 uT', hz: 0.63, rates: [80, 40, 20, 10, 5, 2.5, 1.25, 0.63, 0.31, 0.16, 0.08] },
  'Bangle.accel': { api: 'Bangle.getAccel', values: '[x, y, z, magnitude] in g' },
  'Bangle.mag': { api: 'Bangle.getCompass', values: '[x, y, z, heading]' },
  'Bangle.HRM': { api: 'Bangle.setHRMPower', values: '[bpm, confidence, 0, 0]' },
  'Bangle.step': { api: 'Bangle.getStepCount', values: '[steps, 0, 0, 0]' },
  'Storage.log': { api: 'Storage', values: 'the four numbers logEvent gave' },
};

export interface BoardEventsOptions {
  /** Puck.accel, Puck.mag: samples per second (one of the rates the firmware accepts). */
  hz?: number;
  /** NRF.write: the characteristic a central writes, and its service (16-bit numbers, or UUID strings). */
  service?: number | string;
  characteristic?: number | string;
  /** Storage.log: the file (at most 27 characters) and how many entries it keeps. */
  file?: string;
  records?: number;
}

// Slots of BoardEvents.st.
export const EVENTS_HEAD = 0;
export const EVENTS_LENGTH = 1;
export const EVENTS_HIGH = 2;
/** Events dropped because the queue was full. */
export const EVENTS_DROPPED = 3;
/** Events that arrived, queued or dropped. */
export const EVENTS_SEEN = 4;
/** Storage.log: entries written to the file, and entries the full file could not take. */
export const EVENTS_STORED = 5;
export const EVENTS_UNSTORED = 6;

/** A UUID as its lower-case hex digits (a 16-bit number, or a UUID string without dashes). */
// setup: checks a queue's options when setup makes it
export function uuidHex(source: string, what: string, u: unknown): string {
  if (typeof u === 'number' && u === (u | 0) && u >= 0 && u <= 0xFFFF) return ('000' + u.toString(16)).slice(-4);
  if (typeof u === 'string') {
    const h = u.replace(/^0x/i, '').replace(/-/g, '').toLowerCase();
    if (/^[0-9a-f]{4}$/.test(h) || /^[0-9a-f]{32}$/.test(h)) return h;
  }
  throw fail(M_EVENTS_OPTION, [source, what + ' must be a 16-bit number or a UUID string (ABCD or 32 hex digits), got ' + String(u)]);
}

export class BoardEvents {
  /** Type-only: what task code's BoardEvents handle stands for (tasks/task-api.ts). */
  declare readonly __frugal: 'board-events';
  readonly source: string;
  readonly capacity: number;
  /** Puck.accel, Puck.mag: the rate. */
  readonly hz: number;
  /** NRF.write: service and characteristic UUIDs (hex). */
  readonly service: string;
  readonly characteristic: string;
  /** Storage.log: the file and the entries it keeps. */
  readonly file: string;
  readonly records: number;
  /** head, length, high-water mark, dropped, seen, stored, unstored */
  readonly st: Float64Array;
  /** capacity entries of EVENT_WIDTH numbers */
  readonly ring: Float64Array;
  readonly waiters: WaiterSet;

  /**
   * A queue of `capacity` entries of the board's `source` events (EVENT_SOURCES). Refused, naming
   * the boards that have it, when the board lacks the source, and naming the option when one is wrong.
   */
  constructor(ex: Executor, hal: Hal, source: string, capacity: number, options?: BoardEventsOptions) {
    const s = EVENT_SOURCES[source];
    if (typeof source !== 'string' || s === undefined || !Object.prototype.hasOwnProperty.call(EVENT_SOURCES, source)) {
      throw fail(M_EVENTS_SOURCE, [String(source), Object.keys(EVENT_SOURCES).join(', ')]);
    }
    const b = hal.board;
    if (!boardHas(b, s.api)) throw fail(M_EVENTS_BOARD, [b.id, source, s.api, boardList(boardsWith(s.api))]);
    const o = options ?? {};
    this.source = source;
    this.capacity = checkSize('events ' + source, 'capacity', capacity, 1, 1024);
    this.hz = 0;
    if (s.rates !== undefined) {
      const hz = o.hz ?? s.hz!;
      if (s.rates.indexOf(hz) < 0) throw fail(M_EVENTS_OPTION, [source, 'hz ' + String(hz) + ' is not a rate the firmware takes; use one of ' + s.rates.join(', ')]);
      this.hz = hz;
    }
    this.service = '';
    this.characteristic = '';
    if (source === 'NRF.write') {
      this.service = uuidHex(source, 'service', o.service);
      this.characteristic = uuidHex(source, 'characteristic', o.characteristic);
    }
    this.file = '';
    this.records = 0;
    if (source === 'Storage.log') {
      if (typeof o.file !== 'string' || o.file.length === 0 || o.file.length > 27) {
        throw fail(M_EVENTS_OPTION, [source, 'file must be a name of 1 to 27 characters, got ' + String(o.file)]);
      }
      this.file = o.file;
      const most = b.storage !== undefined ? Math.floor(b.storage.bytes / LOG_RECORD_BYTES) - 2 : 1 << 20;
      this.records = checkSize('events ' + source, 'records', o.records ?? 0, 1, Math.max(1, most));
    }
    this.st = new Float64Array(7);
    this.ring = new Float64Array(this.capacity * EVENT_WIDTH);
    this.waiters = new WaiterSet(ex);
  }

  get length(): number { return this.st[EVENTS_LENGTH]; }

  /**
   * Queues an event's numbers and wakes the waiting tasks; false (and counted) when the queue is full.
   *
   * Contract: never parks and allocates nothing, so a board callback may call it.
   */
  push(ex: Executor, a: number, b: number, c: number, d: number): boolean {
    const st = this.st;
    st[EVENTS_SEEN]++;
    if (st[EVENTS_LENGTH] === this.capacity) {
      st[EVENTS_DROPPED]++;
      return false;
    }
    const at = EVENT_WIDTH * ((st[EVENTS_HEAD] + st[EVENTS_LENGTH]) % this.capacity);
    this.ring[at] = a;
    this.ring[at + 1] = b;
    this.ring[at + 2] = c;
    this.ring[at + 3] = d;
    st[EVENTS_LENGTH]++;
    if (st[EVENTS_LENGTH] > st[EVENTS_HIGH]) st[EVENTS_HIGH] = st[EVENTS_LENGTH];
    this.waiters.wakeAll(ex);
    return true;
  }

  /** Takes the oldest entry into ex.rn[0..3]; false when the queue is empty. */
  take(ex: Executor): boolean {
    const st = this.st;
    if (st[EVENTS_LENGTH] === 0) return false;
    const at = EVENT_WIDTH * st[EVENTS_HEAD];
    ex.rn[0] = this.ring[at];
    ex.rn[1] = this.ring[at + 1];
    ex.rn[2] = this.ring[at + 2];
    ex.rn[3] = this.ring[at + 3];
    st[EVENTS_HEAD] = (st[EVENTS_HEAD] + 1) % this.capacity;
    st[EVENTS_LENGTH]--;
    return true;
  }
}

/** A queue of the board's `source` events (BoardEvents), made at setup. */
// setup: only setup makes queues
export function boardEvents(ex: Executor, hal: Hal, source: string, capacity: number, options?: BoardEventsOptions): BoardEvents {
  return new BoardEvents(ex, hal, source, capacity, options);
}

/**
 * A log in the board's Storage: task code appends entries of four numbers (logEvent), each kept in
 * `file` (up to `records` entries, 32 bytes each) and queued for the tasks that await it
 * (waitEvent), up to `capacity` at a time.
 */
// setup: only setup makes queues
export function storageLog(ex: Executor, hal: Hal, file: string, records: number, capacity: number): BoardEvents {
  return new BoardEvents(ex, hal, 'Storage.log', capacity, { file, records });
}

// frame: refs [queue]
export const WaitEvent = defineFuture({
  name: 'events.wait',
  words: 0,
  refs: 1,
  init: function (ex, f, w, b, r, rb) {
    r[rb] = ex.ar[0];
  },
  poll: function (ex, f, w, b, r, rb) {
    const q = r[rb] as BoardEvents;
    if (q.take(ex)) return READY;
    q.waiters.add(ex, f);
    return PENDING;
  },
});

/** Opens a wait for the queue's next entry; READY with its four numbers in ex.rn[0..3]. */
export function waitEvent(ex: Executor, q: BoardEvents): number {
  ex.ar[0] = q;
  return ex.push(WaitEvent);
}

/**
 * Appends an entry to a Storage log (and to its queue): true when the queue took it. The host keeps
 * no file: it counts what the device would store.
 */
export function logEvent(ex: Executor, q: BoardEvents, a: number, b?: number, c?: number, d?: number): boolean {
  if (q.source !== 'Storage.log') throw fail(M_EVENTS_OPTION, [q.source, 'logEvent appends to a Storage log (storageLog); this queue is filled by the board']);
  if (q.st[EVENTS_STORED] < q.records) q.st[EVENTS_STORED]++;
  else q.st[EVENTS_UNSTORED]++;
  return q.push(ex, a, b ?? 0, c ?? 0, d ?? 0);
}
