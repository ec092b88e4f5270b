// Programs for test/adapter-sizes.test.ts: two calls joined, each pushing frames on the task's side
// stack while it is polled. A frame one drops below the other's stays there, dead, until the
// other's leaves too, so each may hold every frame it pushes over its life at once: the computed
// side stack counts all of them (compiler/task-sizes.ts), and a call that awaits in a loop there
// makes the need unbounded.

import { join, sleep, yieldNow } from '../../tasks/task-api.ts';
import { spawnTask } from '../../tasks/lowered.ts';
import type { Example } from '../../program/example.ts';

/** Awaits twice: its sleep's frame is dropped before its yield's is pushed. */
export async function twoSteps(ms: number): Promise<number> {
  await sleep(ms);
  await yieldNow();
  return ms;
}

/** Awaits in a loop: a sleep's frame per round. */
export async function ticker(first: number, ms: number, rounds: number): Promise<number> {
  await sleep(first);
  for (let i = 0; i < rounds; i++) await sleep(ms);
  return rounds;
}

/**
 * Both sleeps end at once: the first call's sleep is dropped under the second's and its yield
 * pushed on top, then the second's sleep is dropped under that yield and its yield pushed on top.
 */
export async function joinedSteps(): Promise<void> {
  await join(twoSteps(1), twoSteps(1));
}

/** The two loops' sleeps end in turns: each round leaves a dead frame under the other call's. */
export async function joinedLoops(rounds: number): Promise<void> {
  await join(ticker(2, 2, rounds), ticker(1, 2, rounds));
}

let loops = false;

export const branchSizes: Example & { use(withLoops: boolean): void } = {
  name: 'branch-sizes',
  description: 'two calls joined, each pushing frames while polled',
  config: { maxTasks: 1, timerCapacity: 2 },
  use: function (withLoops: boolean) {
    loops = withLoops;
  },
  setup: function (ex) {
    if (loops) spawnTask(ex, joinedLoops, [20], { name: 'loops' });
    else spawnTask(ex, joinedSteps, [], { name: 'steps' });
  },
  simulate: function () {},
  runMs: 100,
};
