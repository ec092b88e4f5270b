// One program for test/adapter-sizes.test.ts: tasks awaiting next() of a lowered AsyncIterator
// through a dyn object whose adapter (and ScratchOrPool's pool policy) the test picks with use().
// The implementation's next() sleeps, so it pushes a frame of its own wherever its frame lives.

import { next, sleep, type AsyncIteratorSource, type Dyn } from '../../tasks/task-api.ts';
import { spawnTask } from '../../tasks/lowered.ts';
import { dyn } from '../../adapters/dyn.ts';
import type { Adapter } from '../../adapters/adapter.ts';
import { AsyncIterator, implement } from '../../adapters/interface.ts';
import { Boxing } from '../../adapters/boxing.ts';
import { CallerCachedBox } from '../../adapters/caller-cached-box.ts';
import { Inline } from '../../adapters/inline.ts';
import { MaxSpace } from '../../adapters/max-space.ts';
import { Recycling } from '../../adapters/recycling.ts';
import { ScratchOrPool } from '../../adapters/scratch-or-pool.ts';
import { SideStack } from '../../adapters/side-stack.ts';
import type { ExecutorOptions, PoolFullPolicy } from '../../executor/config.ts';
import type { Example } from '../../program/example.ts';

export class Ticker implements AsyncIteratorSource {
  count: Float64Array;
  constructor() {
    this.count = new Float64Array(1);
  }

  async next(): Promise<[value: number, done: number]> {
    await sleep(10);
    this.count[0]++;
    return [this.count[0], 0];
  }
}

export async function reader(src: Dyn<AsyncIteratorSource>, scale: number): Promise<void> {
  for (let total = 0; ; ) {
    const [v] = await next(src);
    total += v * scale;
  }
}

export interface Case {
  strategy: string;
  policy: PoolFullPolicy;
  /** Tasks reading the one dyn object (2 make the pool run out under a ScratchOrPool policy). */
  tasks: number;
  /** Config sizes given: scratch 0 and one pool slot send ScratchOrPool's calls to the pool. */
  sizes: ExecutorOptions;
}

const current: Case = { strategy: 'ScratchOrPool', policy: 'error', tasks: 1, sizes: {} };

function adapter(c: Case): Adapter {
  switch (c.strategy) {
    case 'ScratchOrPool': return new ScratchOrPool();
    case 'SideStack': return new SideStack();
    case 'Inline': return new Inline();
    case 'MaxSpace': return new MaxSpace(16, 4);
    case 'Recycling': return new Recycling();
    case 'CallerCachedBox': return new CallerCachedBox();
    case 'Boxing': return new Boxing();
  }
  throw new Error('no adapter ' + c.strategy);
}

export const adapterSizes: Example & { use(c: Case): void } = {
  name: 'adapter-sizes',
  description: 'next() through each adapter and pool policy',
  config: { maxTasks: 2, timerCapacity: 2 },
  use: function (c: Case) {
    current.strategy = c.strategy;
    current.policy = c.policy;
    current.tasks = c.tasks;
    this.config = { maxTasks: 2, timerCapacity: 2, poolFullPolicy: c.policy, ...c.sizes };
  },
  setup: function (ex) {
    const d = dyn(implement(AsyncIterator, 'ticker', new Ticker()), adapter(current));
    for (let i = 0; i < current.tasks; i++) spawnTask(ex, reader, [d, i + 1], { name: 'reader ' + i });
  },
  simulate: function () {},
  runMs: 100,
};
