// Received serial bytes in a fixed ring, read a line at a time into the caller's preallocated
// buffer. The receive callback only stores a byte, counts line ends and wakes readers.

import { copyArgs, defineFuture, PENDING, READY } from '../executor/abi.ts';
import { checkSize } from '../executor/config.ts';
import type { Executor } from '../executor/executor.ts';
import { WaiterSet } from '../executor/waiter-set.ts';
import type { Hal } from './hal.ts';

const NEWLINE = 10;
const CR = 13;

// Slots of SerialLines.st.
export const LINES_HEAD = 0;
export const LINES_LENGTH = 1;
export const LINES_COMPLETE = 2;
export const LINES_DROPPED = 3;
export const LINES_CUT = 4;

export class SerialLines {
  /** Type-only: what task code's SerialLines handle stands for (tasks/task-api.ts). */
  declare readonly __frugal: 'serial-lines';
  readonly hal: Hal;
  readonly port: number;
  readonly ring: Uint8Array;
  /** head, length, complete lines in the ring, bytes dropped because the ring was full, lines cut to fit */
  readonly st: Int32Array;
  readonly readers: WaiterSet;

  constructor(ex: Executor, hal: Hal, port: number, capacity: number) {
    const self = this;
    this.hal = hal;
    this.port = port;
    this.ring = new Uint8Array(checkSize('serial', 'capacity', capacity, 2, 65535));
    this.st = new Int32Array(5);
    this.readers = new WaiterSet(ex);
    hal.onSerial(port, function (byte: number): void {
      self.receive(ex, byte);
    });
  }

  receive(ex: Executor, byte: number): void {
    const st = this.st;
    const cap = this.ring.length;
    if (byte === CR) return;
    // A full ring keeps room for one line end, so a reader can always make progress.
    if (st[LINES_LENGTH] >= cap - 1 && byte !== NEWLINE) { st[LINES_DROPPED]++; return; }
    if (st[LINES_LENGTH] === cap) { st[LINES_DROPPED]++; return; }
    this.ring[(st[LINES_HEAD] + st[LINES_LENGTH]) % cap] = byte;
    st[LINES_LENGTH]++;
    if (byte === NEWLINE) {
      st[LINES_COMPLETE]++;
      this.readers.wakeAll(ex);
    }
  }

  /** Moves one complete line (without its line end) into buf; returns its length, or -1 if none. */
  takeLine(buf: Uint8Array): number {
    const st = this.st;
    if (st[LINES_COMPLETE] === 0) return -1;
    const cap = this.ring.length;
    let n = 0;
    for (;;) {
      const c = this.ring[st[LINES_HEAD]];
      st[LINES_HEAD] = (st[LINES_HEAD] + 1) % cap;
      st[LINES_LENGTH]--;
      if (c === NEWLINE) break;
      if (n < buf.length) buf[n++] = c;
      else if (n === buf.length) { st[LINES_CUT]++; n++; }
    }
    st[LINES_COMPLETE]--;
    return n > buf.length ? buf.length : n;
  }
}

// frame: refs [lines, buffer]
export const ReadLine = defineFuture({
  name: 'serial.readLine',
  words: 0,
  refs: 2,
  init: copyArgs(0, 2),
  poll: function (ex, f, w, b, r, rb) {
    const src = r[rb] as SerialLines;
    const n = src.takeLine(r[rb + 1] as Uint8Array);
    if (n >= 0) {
      ex.rn[0] = n;
      return READY;
    }
    src.readers.add(ex, f);
    return PENDING;
  },
});

/** Opens a read of the next line into buf; READY with its length in ex.rn[0]. */
export function readLine(ex: Executor, src: SerialLines, buf: Uint8Array): number {
  ex.ar[0] = src;
  ex.ar[1] = buf;
  return ex.push(ReadLine);
}
