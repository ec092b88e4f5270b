// sleep(ms): ready once the executor's clock reaches now + ms. Its deadline sits in the timer heap
// only while the sleep is pending and polled, and leaves it on drop, so cancellation leaves no timer.

import { defineFuture, PENDING, READY, VTABLES } from '../executor/abi.ts';
import type { Executor } from '../executor/executor.ts';
import { F_SLEEP, F_SLEEP_UNTIL, F_TIMEOUT, fail, M_TIME_NOT_FINITE, M_TIMERS_FULL, taskArg, type Named } from '../executor/messages.ts';

// frame: [deadline, timer handle]. A deadline that is NaN or infinite faults the task at the
// sleep's first poll, naming the call (sleep, sleepUntil or the timeout that opened it) and the
// value, as the device runtime does (device/timers.ts): no timer would ever fire for it.
// setup: makes each sleep vtable's poll once, at module load
function makePoll(call: Named) {
  return function pollSleep(ex: Executor, f: number, w: Float64Array, b: number): number {
    if (ex.now >= w[b]) {
      if (w[b + 1] !== 0) {
        ex.timers.remove(w[b + 1]);
        w[b + 1] = 0;
      } else if (w[b] === -Infinity) {
        throw fail(M_TIME_NOT_FINITE, [call, taskArg(ex, ex.cur), w[b]]);
      }
      return READY;
    }
    if (w[b + 1] === 0) {
      if (!(w[b] < Infinity)) throw fail(M_TIME_NOT_FINITE, [call, taskArg(ex, ex.cur), w[b]]);
      const th = ex.timers.add(w[b], ex.cur);
      if (th === 0) {
        throw fail(M_TIMERS_FULL, [VTABLES[ex.frames.vt[f]], taskArg(ex, ex.cur), ex.timers.capacity]);
      }
      w[b + 1] = th;
    }
    return PENDING;
  };
}

function dropSleep(ex: Executor, f: number, w: Float64Array, b: number): void {
  if (w[b + 1] !== 0) ex.timers.remove(w[b + 1]);
}

function sleepInit(ex: Executor, f: number, w: Float64Array, b: number): void {
  w[b] = ex.now + ex.an[0];
}

export const Sleep = defineFuture({
  name: 'sleep',
  words: 2,
  refs: 0,
  init: sleepInit,
  poll: makePoll({ id: F_SLEEP, name: 'sleep' }),
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
  poll: makePoll({ id: F_SLEEP_UNTIL, name: 'sleepUntil' }),
  drop: dropSleep,
});

/** The sleep timeout() races its future against: a sleep, named by its call when its time is not finite. */
export const TimeoutSleep = defineFuture({
  name: 'sleep',
  words: 2,
  refs: 0,
  init: sleepInit,
  poll: makePoll({ id: F_TIMEOUT, name: 'timeout' }),
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

/**
 * Opens timeout()'s sleep of `ms` on the current task's side stack: a Sleep, but a time that is not
 * finite is reported as timeout's.
 *
 * Contract: as sleep().
 */
export function timeoutSleep(ex: Executor, ms: number): number {
  ex.an[0] = ms;
  return ex.push(TimeoutSleep);
}
