// A serial port as AsyncRead and AsyncWrite implementations: read() delivers the next received line
// (without its line end) into the caller's buffer, write() sends bytes at once. Callers reach them
// through dyn objects, so a task can copy from any AsyncRead to any AsyncWrite. Both take the
// port's SerialLines as `self`, so read() is the ReadLine future itself.

import { copyArgs, defineFuture, READY } from '../executor/abi.ts';
import { AsyncRead, AsyncWrite, implement, type Impl } from '../adapters/interface.ts';
import { ReadLine, type SerialLines } from './serial-lines.ts';

// frame words [length], refs [lines, buffer]
export const SerialWrite = defineFuture({
  name: 'serial.write',
  words: 1,
  refs: 2,
  init: copyArgs(1, 2),
  poll: function (ex, f, w, b, r, rb) {
    const port = r[rb] as SerialLines;
    port.hal.serialWrite(port.port, r[rb + 1] as Uint8Array, w[b]);
    ex.rn[0] = w[b];
    return READY;
  },
});

// setup: a serial stream's dyn object, made once at set-up
export function serialReader(lines: SerialLines): Impl {
  return implement(AsyncRead, 'serial' + (lines.port + 1) + ' lines', lines, { read: ReadLine });
}

// setup: a serial stream's dyn object, made once at set-up
export function serialWriter(lines: SerialLines): Impl {
  return implement(AsyncWrite, 'serial' + (lines.port + 1), lines, { write: SerialWrite });
}
