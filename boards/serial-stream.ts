// A serial port as AsyncRead and AsyncWrite implementations: read() delivers the next received line
// (without its line end) into the caller's buffer, write() sends bytes at once. Callers reach them
// through dyn objects, so a task can copy from any AsyncRead to any AsyncWrite.

import { defineFuture, PENDING, READY } from '../executor/abi.ts';
import type { Executor } from '../executor/executor.ts';
import { AsyncRead, AsyncWrite, implement, type Impl } from '../adapters/interface.ts';
import type { Hal } from './hal.ts';
import { SerialLines } from './serial-lines.ts';

export interface SerialPort {
  hal: Hal;
  port: number;
  lines: SerialLines;
}

// frame refs [port, buffer]
export const SerialRead = defineFuture({
  name: 'serial.read',
  words: 0,
  refs: 2,
  init: function (ex, f, w, b, r, rb) {
    r[rb] = ex.ar[0];
    r[rb + 1] = ex.ar[1];
  },
  poll: function (ex, f, w, b, r, rb) {
    const lines = (r[rb] as SerialPort).lines;
    const n = lines.takeLine(r[rb + 1] as Uint8Array);
    if (n >= 0) {
      ex.rn[0] = n;
      return READY;
    }
    lines.readers.add(ex.cur);
    return PENDING;
  },
  drop: function (ex, f, w, b, r, rb) {
    (r[rb] as SerialPort).lines.readers.remove(ex.frames.task[f]);
  },
});

// frame words [length], refs [port, buffer]
export const SerialWrite = defineFuture({
  name: 'serial.write',
  words: 1,
  refs: 2,
  init: function (ex, f, w, b, r, rb) {
    w[b] = ex.an[0];
    r[rb] = ex.ar[0];
    r[rb + 1] = ex.ar[1];
  },
  poll: function (ex, f, w, b, r, rb) {
    const p = r[rb] as SerialPort;
    p.hal.serialWrite(p.port, r[rb + 1] as Uint8Array, w[b]);
    ex.rn[0] = w[b];
    return READY;
  },
});

export function serialPort(ex: Executor, hal: Hal, port: number, ringBytes: number): SerialPort {
  return { hal: hal, port: port, lines: new SerialLines(ex, hal, port, ringBytes) };
}

export function serialReader(p: SerialPort): Impl {
  return implement(AsyncRead, 'serial' + (p.port + 1) + ' lines', p, { read: SerialRead });
}

export function serialWriter(p: SerialPort): Impl {
  return implement(AsyncWrite, 'serial' + (p.port + 1), p, { write: SerialWrite });
}
