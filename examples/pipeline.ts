// Producer/consumer pipeline with a frame too big for scratch. The producer reads an analog pin
// every 50 ms through a dyn AsyncIterator (the board's sensor source: a 2-word frame, it fits the
// task's scratch) and sends each reading, in thousandths, into a bounded channel. The consumer
// takes the median of every 8 readings through a second dyn AsyncIterator, Median, whose lowered
// next() keeps its loop counters and the reading in its frame: larger than the consumer's 2-word
// scratch, so ScratchOrPool opens it in a pool slot, every call. The budget report shows both:
// scratch hits for the producer, pool fallbacks and the slot's high-water mark for the consumer,
// and the scratch need above the scratch size flagged (`frugal size pipeline`).

import { next, now, recv, send, type AsyncIteratorSource, type Dyn, type NumberChannel } from '../tasks/task-api.ts';
import { spawnTask } from '../tasks/lowered.ts';
import { dyn } from '../adapters/dyn.ts';
import { numberChannel } from '../primitives/channel.ts';
import type { Executor } from '../executor/executor.ts';
import { AsyncIterator, implement } from '../adapters/interface.ts';
import { ScratchOrPool } from '../adapters/scratch-or-pool.ts';
import type { Hal } from '../boards/hal.ts';
import { SENSOR_ANALOG, SensorSource } from '../tasks/sensor-source.ts';
import type { Example } from '../program/example.ts';
import { printFixed, printNumber } from '../tasks/print.ts';

const WINDOW = 8;

/** Medians of successive windows of WINDOW readings from a channel, as an AsyncIterator. */
export class Median implements AsyncIteratorSource {
  readonly samples: NumberChannel;
  /** The current window, kept sorted by insertion; made once. */
  readonly sorted: Float64Array;

  constructor(samples: NumberChannel) {
    this.samples = samples;
    this.sorted = new Float64Array(WINDOW);
  }

  async next(): Promise<[value: number, done: number]> {
    for (let count = 0; count < WINDOW; count++) {
      const v = await recv(this.samples);
      const w = this.sorted;
      let i = count;
      while (i > 0 && w[i - 1] > v) {
        w[i] = w[i - 1];
        i--;
      }
      w[i] = v;
    }
    return [(this.sorted[WINDOW / 2 - 1] + this.sorted[WINDOW / 2]) / 2, 0];
  }
}

export async function produce(source: Dyn<AsyncIteratorSource>, samples: NumberChannel): Promise<void> {
  for (;;) {
    const [v, done] = await next(source);
    if (done) return;
    await send(samples, Math.round(v * 1000));
  }
}

export async function consume(hal: Hal, medians: Dyn<AsyncIteratorSource>, led: number): Promise<void> {
  for (let windows = 1; ; windows++) {
    const [m, done] = await next(medians);
    if (done) return;
    hal.digitalWrite(led, windows & 1);
    hal.serialPrint(0, 'window ');
    printNumber(hal, windows);
    hal.serialPrint(0, ' t=');
    printNumber(hal, Math.round(now()));
    hal.serialPrint(0, ' median ');
    printFixed(hal, m / 1000, 3);
    hal.serialPrint(0, '\n');
  }
}

export function spawnPipeline(ex: Executor, hal: Hal, analogPin: string, led: string, periodMs: number): void {
  const samples = numberChannel(ex, 4);
  const source = dyn(implement(AsyncIterator, 'analog ' + analogPin, new SensorSource(ex, hal, SENSOR_ANALOG, analogPin, periodMs, 0)),
    new ScratchOrPool({ label: 'producer source' }));
  spawnTask(ex, produce, [source, samples], { name: 'producer' });
  const ledPin = hal.pin(led);
  const medians = dyn(implement(AsyncIterator, 'median of ' + WINDOW, new Median(samples)), new ScratchOrPool({ label: 'consumer median' }));
  spawnTask(ex, consume, [hal, medians, ledPin], { name: 'consumer' });
}

export const pipeline: Example = {
  name: 'pipeline',
  description: 'producer/consumer through a channel; the median stage falls back to the pool',
  // Side stacks are computed; scratch and the pool are given on purpose: 2 words of scratch is below
  // Median.next's 3-word frame, so the consumer's calls take the one pool slot instead (what this
  // example shows). frugal size lists the pool slot as that task's need.
  config: {
    maxTasks: 2, scratchWords: 2, scratchRefs: 1,
    poolSlots: 1, poolSlotWords: 3, poolSlotRefs: 1, maxFrames: 6, timerCapacity: 1,
  },
  setup: function (ex, hal) {
    spawnPipeline(ex, hal, hal.board.analogPins[0], hal.board.leds[0], 50);
  },
  simulate: function () {},
  runMs: 2000,
};
