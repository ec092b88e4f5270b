// Received serial bytes on the device, read a line at a time into the caller's buffer. A source
// is the index l of [head, length, complete lines, bytes dropped because the ring was full, lines
// cut to fit, ring capacity, ring (its index in R: a Uint8Array), readers x3] in W. The receive
// callback only stores bytes, counts line ends and wakes readers.

import { R, W, PORTS, RN } from './program.ts';
import { run } from './scheduler.ts';
import { park, unpark, wakeAll } from './waiters.ts';
import { SL_CAPACITY, SL_COMPLETE, SL_CUT, SL_DROPPED, SL_LENGTH, SL_READERS, SL_RING } from './layout.ts';

const NEWLINE = 10;
const CR = 13;

function receive(l: number, byte: number): void {
  var cap = W[l + SL_CAPACITY];
  if (byte === CR) return;
  // A full ring keeps room for one line end, so a reader can always make progress.
  if (W[l + SL_LENGTH] >= cap - 1 && byte !== NEWLINE || W[l + SL_LENGTH] === cap) {
    W[l + SL_DROPPED]++;
    return;
  }
  (R[W[l + SL_RING]] as Uint8Array)[(W[l] + W[l + SL_LENGTH]) % cap] = byte;
  W[l + SL_LENGTH]++;
  if (byte === NEWLINE) {
    W[l + SL_COMPLETE]++;
    wakeAll(l + SL_READERS);
  }
}

/** Feeds what serial port `port` receives into source l. Once, at start. */
// setup: the firmware's data callback, registered once when the program starts
export function listenSerial(l: number, port: number, baud: number): void {
  var s = PORTS[port];
  s.setup(baud);
  s.on('data', function (data: string): void {
    for (var i = 0; i < data.length; i++) receive(l, data.charCodeAt(i) & 255);
    run(0);
  });
}

/** Moves one complete line (without its line end) into buf; its length, or -1 when there is none. */
function takeLine(l: number, buf: Uint8Array): number {
  if (W[l + SL_COMPLETE] === 0) return -1;
  var ring = R[W[l + SL_RING]] as Uint8Array;
  var cap = W[l + SL_CAPACITY];
  var n = 0;
  for (;;) {
    var c = ring[W[l]];
    W[l] = (W[l] + 1) % cap;
    W[l + SL_LENGTH]--;
    if (c === NEWLINE) break;
    if (n < buf.length) buf[n++] = c;
    else if (n === buf.length) {
      W[l + SL_CUT]++;
      n++;
    }
  }
  W[l + SL_COMPLETE]--;
  return n > buf.length ? buf.length : n;
}

/** readLine. Frame [source, waiter link x4], references [buffer]: ready with the length in RN. */
export function pollReadLine(w: Float64Array, o: number, r: unknown[], ro: number): number {
  var n = takeLine(w[o], r[ro] as Uint8Array);
  if (n >= 0) {
    W[RN] = n;
    unpark(o + 1);
    return 1;
  }
  park(w[o] + SL_READERS, o + 1);
  return 0;
}
