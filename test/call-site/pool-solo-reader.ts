// One reader of a dyn AsyncIterator placed by ScratchOrPool with no scratch and one pool slot, in
// a program of one task: odd values yield first, so the call is pending at its first poll, woke
// the task itself, and completes when the call site polls it again at once (compiler/
// device-call-site.ts ownResume): the slot held the frame and is free again without being taken.
// test/call-site-counters.test.ts reads the budget report it leaves.

import { yieldNow, type AsyncIteratorSource } from '../../tasks/task-api.ts';
import { ScratchOrPool } from '../../adapters/scratch-or-pool.ts';
import { twoReaders } from './pool-reader.ts';

export class YieldingTicks implements AsyncIteratorSource {
  /** [next value] */
  readonly st: Float64Array;

  constructor() {
    this.st = new Float64Array(1);
  }

  async next(): Promise<[value: number, done: number]> {
    if ((this.st[0] & 1) === 1) await yieldNow();
    return [this.st[0]++, 0];
  }
}

export const poolSoloReader = twoReaders('pool-solo-reader', 'one reader of ten values through the one pool slot, odd ones after a yield',
  { maxTasks: 1, scratchWords: 0, scratchRefs: 0, poolSlots: 1 }, (label) => new ScratchOrPool({ label }), false, ['only'], () => new YieldingTicks());
