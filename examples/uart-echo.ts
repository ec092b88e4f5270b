// UART echo through channels: a reader task reads Serial1 lines into one of a few preallocated
// buffers and passes the buffer's index to a writer task, which echoes it and hands the buffer back.
// Two number channels (full buffers, free buffers) carry indexes, so nothing is allocated per line.

import { defineFuture, PENDING } from '../executor/abi.ts';
import { numberChannel, recv, send, type Channel } from '../executor/channel.ts';
import type { Executor } from '../executor/executor.ts';
import { readLine, SerialLines } from '../boards/serial-lines.ts';
import type { Hal } from '../boards/hal.ts';
import type { Example } from './example.ts';

export interface EchoShared {
  hal: Hal;
  lines: SerialLines;
  buffers: Uint8Array[];
  lengths: Int32Array;
  full: Channel;
  free: Channel;
}

// frame words [state, child, buffer index], refs [shared]
export const LineReader = defineFuture({
  name: 'line reader',
  words: 3,
  refs: 1,
  init: function (ex, f, w, b, r, rb) {
    r[rb] = ex.ar[0];
  },
  poll: function (ex, f, w, b, r, rb) {
    const s = r[rb] as EchoShared;
    for (;;) {
      if (w[b + 1] !== 0 && ex.awaitAt(w, b + 1) === PENDING) return PENDING;
      if (w[b] === 0) {
        w[b + 1] = recv(ex, s.free);
        w[b] = 1;
      } else if (w[b] === 1) {
        w[b + 2] = ex.rn[0];
        w[b + 1] = readLine(ex, s.lines, s.buffers[w[b + 2]]);
        w[b] = 2;
      } else if (w[b] === 2) {
        s.lengths[w[b + 2]] = ex.rn[0];
        w[b + 1] = send(ex, s.full, w[b + 2]);
        w[b] = 3;
      } else {
        w[b] = 0;
      }
    }
  },
  drop: function (ex, f, w, b) {
    if (w[b + 1] !== 0) ex.drop(w[b + 1]);
  },
});

// frame words [state, child, buffer index], refs [shared]
export const LineWriter = defineFuture({
  name: 'line writer',
  words: 3,
  refs: 1,
  init: function (ex, f, w, b, r, rb) {
    r[rb] = ex.ar[0];
  },
  poll: function (ex, f, w, b, r, rb) {
    const s = r[rb] as EchoShared;
    for (;;) {
      if (w[b + 1] !== 0 && ex.awaitAt(w, b + 1) === PENDING) return PENDING;
      if (w[b] === 0) {
        w[b + 1] = recv(ex, s.full);
        w[b] = 1;
      } else if (w[b] === 1) {
        const i = ex.rn[0];
        s.hal.serialPrint(0, 'echo: ');
        s.hal.serialWrite(0, s.buffers[i], s.lengths[i]);
        s.hal.serialPrint(0, '\n');
        w[b + 1] = send(ex, s.free, i);
        w[b] = 2;
      } else {
        w[b] = 0;
      }
    }
  },
  drop: function (ex, f, w, b) {
    if (w[b + 1] !== 0) ex.drop(w[b + 1]);
  },
});

export function spawnEcho(ex: Executor, hal: Hal, buffers: number, lineBytes: number): void {
  const s: EchoShared = {
    hal: hal,
    lines: new SerialLines(ex, hal, 0, 128),
    buffers: [],
    lengths: new Int32Array(buffers),
    full: numberChannel(ex, buffers),
    free: numberChannel(ex, buffers),
  };
  for (let i = 0; i < buffers; i++) {
    s.buffers.push(new Uint8Array(lineBytes));
    s.free.trySend(ex, i);
  }
  ex.ar[0] = s;
  ex.spawn(LineReader, { name: 'uart reader' });
  ex.ar[0] = s;
  ex.spawn(LineWriter, { name: 'uart writer' });
}

export const uartEcho: Example = {
  name: 'uart-echo',
  description: 'Serial1 lines echoed back through two channels of buffer indexes',
  config: { maxTasks: 2, sideStackWords: 16, sideStackRefs: 4, scratchWords: 0, scratchRefs: 0, poolSlots: 0, timerCapacity: 1 },
  setup: function (ex, hal) {
    spawnEcho(ex, hal, 2, 32);
  },
  simulate: function (sim) {
    sim.serialInput(0, 100, 'hello frugal\n');
    sim.serialInput(0, 400, 'no allocation per line\n');
    sim.serialInput(0, 401, 'two lines at once\n');
  },
  runMs: 1000,
};
