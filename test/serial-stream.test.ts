import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { defineFuture, PENDING, READY } from '../executor/abi.ts';
import { Executor } from '../executor/executor.ts';
import { dyn, read, write, type Dyn } from '../adapters/dyn.ts';
import { ScratchOrPool } from '../adapters/scratch-or-pool.ts';
import { Inline } from '../adapters/inline.ts';
import { serialReader, serialWriter } from '../boards/serial-stream.ts';
import { SerialLines } from '../boards/serial-lines.ts';
import { SimBoard } from '../boards/sim/sim-board.ts';
import { freeCounts } from './support/script-task.ts';
import { A_SCRATCH } from '../contract/adapter-counters.ts';

// Copies lines from any AsyncRead to any AsyncWrite until an empty line.
// words [state, child], refs [reader, writer, buffer]
const Copy = defineFuture({
  name: 'copy',
  words: 2,
  refs: 3,
  init: function (ex, f, w, b, r, rb) {
    r[rb] = ex.ar[0];
    r[rb + 1] = ex.ar[1];
    r[rb + 2] = new Uint8Array(16);
  },
  poll: function (ex, f, w, b, r, rb) {
    for (;;) {
      if (w[b + 1] !== 0 && ex.awaitAt(w, b + 1) === PENDING) return PENDING;
      if (w[b] === 1) {
        if (ex.rn[0] === 0) return READY;
        // the newline was consumed by read(); put it back after the line
        const buf = r[rb + 2] as Uint8Array;
        const n = ex.rn[0] < 16 ? ex.rn[0] : 15;
        buf[n] = 10;
        w[b + 1] = write(ex, r[rb + 1] as Dyn, buf, n + 1);
        w[b] = 2;
      } else {
        w[b + 1] = read(ex, r[rb] as Dyn, r[rb + 2] as Uint8Array);
        w[b] = 1;
      }
    }
  },
  drop: function (ex, f, w, b) {
    if (w[b + 1] !== 0) ex.drop(w[b + 1]);
  },
});

test('AsyncRead and AsyncWrite through dyn objects: a serial port copied to itself', () => {
  const ex = new Executor({ scratchWords: 2 });
  const sim = new SimBoard();
  const start = freeCounts(ex);
  const port = new SerialLines(ex, sim, 0, 64);
  const rd = new ScratchOrPool({ label: 'reader' });
  ex.ar[0] = dyn(serialReader(port), rd);
  ex.ar[1] = dyn(serialWriter(port), new Inline());
  ex.spawn(Copy);
  sim.serialInput(0, 10, 'first\nsecond line\n\n');
  sim.run(ex, 100);
  assert.is(sim.output(), 'first\nsecond line\n');
  assert.is(ex.ended, 1);
  assert.is(rd.stats[A_SCRATCH], 3, 'each read frame sat in scratch');
  assert.equal(freeCounts(ex), start);
});

test.run();
