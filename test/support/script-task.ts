// A test-only task that runs a list of steps: each step may open a child future, which the task
// awaits before the next step runs. Steps are closures (tests may allocate; the executor does not).

import { copyArgs, defineFuture, PENDING, READY } from '../../executor/abi.ts';
import type { Executor } from '../../executor/executor.ts';
import type { SpawnOptions } from '../../executor/spawn-options.ts';

export type Step = (ex: Executor) => number | void;

// words [next step, child], refs [steps]
export const Script = defineFuture({
  name: 'script',
  words: 2,
  refs: 1,
  init: copyArgs(0, 1),
  poll: function (ex, f, w, b, r, rb) {
    const steps = r[rb] as Step[];
    for (;;) {
      if (w[b + 1] !== 0 && ex.awaitAt(w, b + 1) === PENDING) return PENDING;
      const i = w[b];
      if (i >= steps.length) return READY;
      w[b] = i + 1;
      w[b + 1] = steps[i](ex) || 0;
    }
  },
  drop: function (ex, f, w, b) {
    if (w[b + 1] !== 0) ex.drop(w[b + 1]);
  },
});

export function spawnScript(ex: Executor, steps: Step[], opts?: SpawnOptions): number {
  ex.ar[0] = steps;
  return ex.spawn(Script, opts);
}

/** Every budget's free count: equal before and after a scenario means nothing leaked. */
export function freeCounts(ex: Executor) {
  return {
    frames: ex.frames.capacity - ex.frames.inUse,
    poolSlots: ex.pool.free,
    arenaWords: ex.words.free,
    arenaRefs: ex.refs.free,
    timersPending: ex.timers.size,
    runQueue: ex.runQueue.length,
    liveTasks: ex.liveTasks(),
    leakedFrames: ex.leakedFrames,
  };
}
