// Two readers of a dyn AsyncIterator each, whose one implementation is placed by ScratchOrPool,
// with no scratch and one pool slot: a call's frame goes to the slot, taken by the call site itself
// when it is free, else the call parks for it (the pool's 'wait' policy, through dynOpen). Odd
// values sleep 10 ms first (the call is pending at its first poll and keeps the slot); even ones
// are ready at once (the slot goes straight back). test/call-site-counters.test.ts reads the budget
// report it leaves.

import { next, sleep, type AsyncIteratorSource, type Dyn } from '../../tasks/task-api.ts';
import { spawnTask } from '../../tasks/lowered.ts';
import { dyn } from '../../adapters/dyn.ts';
import { AsyncIterator, implement } from '../../adapters/interface.ts';
import { ScratchOrPool } from '../../adapters/scratch-or-pool.ts';
import type { Hal } from '../../boards/hal.ts';
import { printNumber } from '../../tasks/print.ts';
import type { Example } from '../../program/example.ts';
import type { Adapter } from '../../adapters/adapter.ts';
import type { ExecutorOptions } from '../../executor/config.ts';

export class Ticks implements AsyncIteratorSource {
  /** [next value] */
  readonly st: Float64Array;

  constructor() {
    this.st = new Float64Array(1);
  }

  async next(): Promise<[value: number, done: number]> {
    if ((this.st[0] & 1) === 1) await sleep(10);
    return [this.st[0]++, 0];
  }
}

export async function readTen(hal: Hal, ticks: Dyn<AsyncIteratorSource>): Promise<void> {
  let sum = 0;
  for (let i = 0; i < 10; i++) {
    const [v] = await next(ticks);
    sum += v;
  }
  printNumber(hal, sum);
  hal.serialPrint(0, '\n');
}

/**
 * Readers of ten values each (two, or the `tasks` named), one dyn object each (of `source`), placed by the adapters `make` builds: one
 * adapter per dyn object, or with `shared` one for both, the case where the call site counts its
 * calls in words of its own (compiler/program-facts.ts SiteCount) that the report adds back.
 */
export function twoReaders(name: string, description: string, config: ExecutorOptions, make: (label: string) => Adapter, shared: boolean,
  tasks = ['first', 'second'], source: () => AsyncIteratorSource = () => new Ticks()): Example {
  return {
    name,
    description,
    config,
    setup: function (ex, hal) {
      const one = shared ? make('shared') : null;
      for (const task of tasks) {
        const ticks = dyn(implement(AsyncIterator, task, source()), one ?? make(task));
        spawnTask(ex, readTen, [hal, ticks], { name: task });
      }
    },
    simulate: function () {},
    runMs: 500,
  };
}

export const POOL_ONLY: ExecutorOptions = { maxTasks: 2, scratchWords: 0, scratchRefs: 0, poolSlots: 1, poolFullPolicy: 'wait' };

export const poolReader = twoReaders('pool-reader', 'two readers of ten values each through the one pool slot', POOL_ONLY,
  (label) => new ScratchOrPool({ label }), false);
