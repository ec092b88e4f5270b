// One Recycling adapter for two dyn objects whose methods have frames of different sizes: the first
// call (dynOpen) makes the cached box for the smaller frame; the larger method's call site must not
// take that box (bundler/dyn-layout.ts boxFloor: the size check folds only where no frame the
// adapter boxes is smaller). test/call-site-counters.test.ts reads what it prints.

import { next, read, sleep, type AsyncReadSource, type Dyn, type AsyncIteratorSource } from '../../tasks/task-api.ts';
import { spawnTask } from '../../tasks/lowered.ts';
import { dyn } from '../../adapters/dyn.ts';
import { AsyncIterator, AsyncRead, implement } from '../../adapters/interface.ts';
import { Recycling } from '../../adapters/recycling.ts';
import type { Hal } from '../../boards/hal.ts';
import { printNumber } from '../../tasks/print.ts';
import type { Example } from '../../program/example.ts';
import { Ticks } from './pool-reader.ts';

/** A read whose four locals live across its sleep: a frame larger than Ticks.next's. */
export class Wide implements AsyncReadSource {
  /** [reads so far] */
  readonly st: Float64Array;

  constructor() {
    this.st = new Float64Array(1);
  }

  async read(buf: Uint8Array): Promise<number> {
    const a = ++this.st[0] + buf[0];
    const b = a * 2;
    const c = b + 3;
    const d = c * 5;
    await sleep(10);
    return a + b + c + d;
  }
}

export async function readBoth(hal: Hal, ticks: Dyn<AsyncIteratorSource>, wide: Dyn<AsyncReadSource>, buf: Uint8Array): Promise<void> {
  let sum = 0;
  for (let i = 0; i < 5; i++) {
    const [v] = await next(ticks);
    sum += v + await read(wide, buf);
  }
  printNumber(hal, sum);
  hal.serialPrint(0, '\n');
}

export const recycledTwoSizes: Example = {
  name: 'recycled-two-sizes',
  description: 'a small and a wide frame through one Recycling adapter',
  config: { maxTasks: 1 },
  setup: function (ex, hal) {
    const shared = new Recycling('shared');
    const ticks = dyn(implement(AsyncIterator, 'ticks', new Ticks()), shared);
    const wide = dyn(implement(AsyncRead, 'wide', new Wide()), shared);
    spawnTask(ex, readBoth, [hal, ticks, wide, new Uint8Array(1)], { name: 'reader' });
  },
  simulate: function () {},
  runMs: 500,
};
