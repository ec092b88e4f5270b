// sleep(ms): ready once the executor's clock reaches now + ms. Its deadline sits in the timer heap
// only while the sleep is pending and polled, and leaves it on drop, so cancellation leaves no timer.

import { defineFuture, PENDING, READY, VTABLES } from '../executor/abi.ts';
import type { Executor } from '../executor/executor.ts';
import { fail, M_TIMERS_FULL, taskArg } from '../executor/messages.ts';

// frame: [deadline, timer handle]
function pollSleep(ex: Executor, f: number, w: Float64Array, b: number): number {
  if (ex.now >= w[b]) {
    if (w[b + 1] !== 0) {
      ex.timers.remove(w[b + 1]);
      w[b + 1] = 0;
    }
    return READY;
  }
  if (w[b + 1] === 0) {
    const th = ex.timers.add(w[b], ex.cur);
    if (th === 0) {
      throw fail(M_TIMERS_FULL, [VTABLES[ex.frames.vt[f]], taskArg(ex, ex.cur), ex.timers.capacity]);
    }
    w[b + 1] = th;
  }
  return PENDING;
}

function dropSleep(ex: Executor, f: number, w: Float64Array, b: number): void {
  if (w[b + 1] !== 0) ex.timers.remove(w[b + 1]);
}

export const Sleep = defineFuture({
  name: 'sleep',
  words: 2,
  refs: 0,
  init: function (ex, f, w, b) {
    w[b] = ex.now + ex.an[0];
  },
  poll: pollSleep,
  drop: dropSleep,
});

/** sleepUntil(deadline): the same future with the deadline given, so a periodic task keeps its phase. */
export const SleepUntil = defineFuture({
  name: 'sleep',
  words: 2,
  refs: 0,
  init: function (ex, f, w, b) {
    w[b] = ex.an[0];
  },
  poll: pollSleep,
  drop: dropSleep,
});

/**
 * Opens a sleep of `ms` on the current task's side stack; its timer is taken at the first poll that
 * has to wait (a full timer heap throws then, naming timerCapacity).
 *
 * Contract: called while a task is polled (ex.cur), like ex.push; the caller owns the handle and
 * drops it (or awaits it with ex.awaitAt, which drops it).
 */
export function sleep(ex: Executor, ms: number): number {
  ex.an[0] = ms;
  return ex.push(Sleep);
}

/**
 * Opens a sleep until board time `deadline` on the current task's side stack.
 *
 * Contract: called while a task is polled (ex.cur), like ex.push; the caller owns the handle and
 * drops it (or awaits it with ex.awaitAt, which drops it).
 */
export function sleepUntil(ex: Executor, deadline: number): number {
  ex.an[0] = deadline;
  return ex.push(SleepUntil);
}
