// Producer/consumer pipeline with a frame too big for scratch. The producer reads an analog pin
// every 50 ms through a dyn AsyncIterator (a 2-word frame: it fits the task's scratch) and sends
// each reading, in thousandths, into a bounded channel. The consumer takes the median of every 8
// readings through a second dyn AsyncIterator whose next() keeps the window in its frame
// (9 words): that does not fit the consumer's 2-word scratch, so ScratchOrPool opens it in a
// pool slot (ex.inPool), every call. The budget report shows both: scratch hits for the producer,
// pool fallbacks and the slot's high-water mark for the consumer, and the scratch need (9) above
// the scratch size (2) flagged.

import { defineFuture, PENDING, READY } from '../executor/abi.ts';
import { numberChannel, send, type Channel } from '../executor/channel.ts';
import type { Executor } from '../executor/executor.ts';
import { dyn, next, type Dyn } from '../adapters/dyn.ts';
import { AsyncIterator, implement } from '../adapters/interface.ts';
import { ScratchOrPool } from '../adapters/scratch-or-pool.ts';
import type { Hal } from '../boards/hal.ts';
import { SENSOR_ANALOG, SensorSource, sensorIterator } from '../boards/sensor-source.ts';
import { printFixed, printNumber } from './sensor-stream.ts';
import type { Example } from './example.ts';

const WINDOW = 8;

// words [count, sorted window x8], refs [channel]. Reads the channel directly (tryRecv plus
// the channel's waiter set, as channel.recv does) so that the window lives in this one frame.
export const MedianNext = defineFuture({
  name: 'median.next',
  words: 1 + WINDOW,
  refs: 1,
  init: function (ex, f, w, b, r, rb) {
    r[rb] = ex.ar[0];
  },
  poll: function (ex, f, w, b, r, rb) {
    const ch = r[rb] as Channel;
    while (w[b] < WINDOW) {
      if (!ch.tryRecv(ex)) {
        ch.receivers.add(ex.cur);
        return PENDING;
      }
      // Insertion into the sorted window, in place.
      let i = w[b];
      const v = ex.rn[0];
      while (i > 0 && w[b + i] > v) {
        w[b + 1 + i] = w[b + i];
        i--;
      }
      w[b + 1 + i] = v;
      w[b]++;
    }
    ex.rn[0] = (w[b + WINDOW / 2] + w[b + WINDOW / 2 + 1]) / 2;
    ex.rn[1] = 0;
    return READY;
  },
  drop: function (ex, f, w, b, r, rb) {
    (r[rb] as Channel).receivers.remove(ex.frames.task[f]);
  },
});

// words [state, child], refs [dyn source, channel]
export const Producer = defineFuture({
  name: 'producer',
  words: 2,
  refs: 2,
  init: function (ex, f, w, b, r, rb) {
    r[rb] = ex.ar[0];
    r[rb + 1] = ex.ar[1];
  },
  poll: function (ex, f, w, b, r, rb) {
    for (;;) {
      if (w[b + 1] !== 0 && ex.awaitAt(w, b + 1) === PENDING) return PENDING;
      if (w[b] === 1) {
        w[b] = 0;
        w[b + 1] = send(ex, r[rb + 1] as Channel, Math.round(ex.rn[0] * 1000));
      } else {
        w[b] = 1;
        w[b + 1] = next(ex, r[rb] as Dyn);
      }
    }
  },
  drop: function (ex, f, w, b) {
    if (w[b + 1] !== 0) ex.drop(w[b + 1]);
  },
});

// words [child, windows, led pin], refs [hal, dyn median]
export const Consumer = defineFuture({
  name: 'consumer',
  words: 3,
  refs: 2,
  init: function (ex, f, w, b, r, rb) {
    w[b + 2] = ex.an[0];
    r[rb] = ex.ar[0];
    r[rb + 1] = ex.ar[1];
  },
  poll: function (ex, f, w, b, r, rb) {
    const hal = r[rb] as Hal;
    for (;;) {
      if (w[b] !== 0) {
        if (ex.awaitAt(w, b) === PENDING) return PENDING;
        w[b + 1]++;
        hal.digitalWrite(w[b + 2], w[b + 1] & 1);
        hal.serialPrint(0, 'window ');
        printNumber(hal, w[b + 1]);
        hal.serialPrint(0, ' t=');
        printNumber(hal, Math.round(ex.now));
        hal.serialPrint(0, ' median ');
        printFixed(hal, ex.rn[0] / 1000, 3);
        hal.serialPrint(0, '\n');
      }
      w[b] = next(ex, r[rb + 1] as Dyn);
    }
  },
  drop: function (ex, f, w, b) {
    if (w[b] !== 0) ex.drop(w[b]);
  },
});

export function spawnPipeline(ex: Executor, hal: Hal, analogPin: string, led: string, periodMs: number): void {
  const samples = numberChannel(ex, 4);
  ex.ar[0] = dyn(sensorIterator('analog ' + analogPin, new SensorSource(ex, hal, SENSOR_ANALOG, analogPin, periodMs, 0)),
    new ScratchOrPool({ label: 'producer source' }));
  ex.ar[1] = samples;
  ex.spawn(Producer, { name: 'producer' });
  ex.an[0] = hal.pin(led);
  ex.ar[0] = hal;
  ex.ar[1] = dyn(implement(AsyncIterator, 'median of ' + WINDOW, samples, { next: MedianNext }),
    new ScratchOrPool({ label: 'consumer median' }));
  ex.spawn(Consumer, { name: 'consumer' });
}

export const pipeline: Example = {
  name: 'pipeline',
  description: 'producer/consumer through a channel; the median stage falls back to the pool',
  config: {
    maxTasks: 2, sideStackWords: 6, sideStackRefs: 4, scratchWords: 2, scratchRefs: 1,
    poolSlots: 1, poolSlotWords: 1 + WINDOW, poolSlotRefs: 1, maxFrames: 4, timerCapacity: 1,
  },
  setup: function (ex, hal) {
    spawnPipeline(ex, hal, hal.board.analogPins[0], hal.board.leds[0], 50);
  },
  simulate: function () {},
  runMs: 2000,
};
