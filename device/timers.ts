// Sleeps and their deadlines. Pending deadlines are a table of TIMERS entries scanned in full: a
// program has a handful of timers, and a scan is less code and fewer functions than a heap (each
// function object costs RAM on Espruino). Entry i is TM_WORDS words at TM + TM_WORDS * i:
// [deadline (-1 when free), sequence number, task, generation] (layout.ts; the last two only where
// the tasks share the table). Due entries fire in the order
// contract/timer-order.ts gives, as the host's timer heap does. A handle names an entry and its generation, so a sleep that frees its timer after the
// timer fired (and the entry was reused) frees nothing. Where no task can have two timers pending
// and the table has an entry a task (program.ts TIMER_PER_TASK), task i's timer is entry i: a sleep
// takes it without a search, and its handle is the entry with no generation.
//
// A sleep is a frame of two words inside its caller's frame, [deadline, timer handle]. The lowering
// writes the deadline when it opens the sleep, and in place of the handle the call that opened it,
// as 0 or a negative number (minus its contract/fault-codes.ts F_ id: sleep, sleepUntil, timeout);
// the timer is taken at the first poll that has to wait (its handle is > 0) and freed when the sleep
// completes or is dropped, so a cancelled task leaves no timer behind. A deadline that is NaN or
// infinite faults the task at the first poll, naming the call and the value, instead of waiting
// for ever (a sleep's deadline is now + ms: for NaN or an infinite ms it is that value).

import { CUR, NOW, TIMER_PER_TASK, TIMERS, TM, TM_HIGH, TM_NEXT, TM_SEQ, TM_USED, TM_WORDS, W } from './program.ts';
import { fail } from './fault.ts';
import { firesBefore } from '../contract/timer-order.ts';
import { col, wake } from './ready-queue.ts';
import { TE_GEN, TE_SEQ, TE_TASK } from './layout.ts';
import { F_SLEEP, M_TIME_NOT_FINITE, M_TIMERS_FULL } from '../contract/fault-codes.ts';

/** Frees the timer behind handle h unless it fired or was freed since. */
function freeTimer(h: number): void {
  var i = TIMER_PER_TASK ? h - 1 : (h - 1) % TIMERS;
  var e = TM + TM_WORDS * i;
  if (W[e] >= 0 && (TIMER_PER_TASK || W[e + TE_GEN] === (h - 1 - i) / TIMERS)) {
    if (W[e] === W[TM_NEXT]) W[TM_NEXT] = -Infinity;
    W[e] = -1;
    if (!TIMER_PER_TASK) W[e + TE_GEN]++;
    W[TM_USED]--;
  }
}

/**
 * Takes free entry i for the sleep whose frame is w[o]: its deadline, the task, the sequence
 * number; the handle in w[o + 1] (with the entry's generation where the tasks share the table).
 */
function take(w: Float64Array, o: number, i: number): void {
  var e = TM + TM_WORDS * i;
  W[e] = w[o];
  W[e + TE_SEQ] = W[TM_SEQ]++;
  if (!TIMER_PER_TASK) W[e + TE_TASK] = W[CUR];
  if (++W[TM_USED] > W[TM_HIGH]) W[TM_HIGH] = W[TM_USED];
  if (w[o] < W[TM_NEXT]) W[TM_NEXT] = w[o];
  w[o + 1] = TIMER_PER_TASK ? i + 1 : i + 1 + W[e + TE_GEN] * TIMERS;
}

/** Contract: w[o] holds the deadline and w[o + 1] is 0, -F_SLEEP_UNTIL or -F_TIMEOUT when the sleep is opened. */
export function pollSleep(w: Float64Array, o: number): number {
  if (W[NOW] >= w[o]) {
    if (w[o + 1] > 0) {
      freeTimer(w[o + 1]);
      w[o + 1] = 0;
    } else if (w[o] === -Infinity) {
      fail(M_TIME_NOT_FINITE, [-w[o + 1], W[CUR], w[o]]);
    }
    return 1;
  }
  if (w[o + 1] > 0) return 0;
  // NaN or Infinity: no timer would ever fire.
  if (!(w[o] < Infinity)) fail(M_TIME_NOT_FINITE, [-w[o + 1], W[CUR], w[o]]);
  // The task's own entry (program.ts TIMER_PER_TASK): taken already only where the build counted
  // the task's timers wrong, which faults as a full table would instead of losing a timer.
  if (TIMER_PER_TASK) {
    var own = col(W[CUR]);
    if (W[TM + TM_WORDS * own] >= 0) return fail(M_TIMERS_FULL, [F_SLEEP, W[CUR], TIMERS]);
    take(w, o, own);
    return 0;
  }
  for (var i = 0; i < TIMERS; i++) {
    if (W[TM + TM_WORDS * i] < 0) {
      take(w, o, i);
      return 0;
    }
  }
  return fail(M_TIMERS_FULL, [F_SLEEP, W[CUR], TIMERS]);
}

export function dropSleep(w: Float64Array, o: number): void {
  if (w[o + 1] > 0) freeTimer(w[o + 1]);
}

/**
 * Fires every due timer (waking its task), earliest first; returns the next deadline, or -1, and
 * leaves it in TM_NEXT. A scan that finds one due timer is the last: the others are all later.
 */
export function expire(): number {
  var now = W[NOW];
  for (;;) {
    var due = -1;
    var more = 0;
    var next = -1;
    for (var e = TM; e < TM + TM_WORDS * TIMERS; e += TM_WORDS) {
      var d = W[e];
      if (d < 0) continue;
      if (d <= now) {
        if (due >= 0) more = 1;
        if (due < 0 || firesBefore(d, W[e + TE_SEQ], W[due], W[due + TE_SEQ])) due = e;
      } else if (next < 0 || d < next) {
        next = d;
      }
    }
    if (due >= 0) {
      W[due] = -1;
      if (!TIMER_PER_TASK) W[due + TE_GEN]++;
      W[TM_USED]--;
      // Task i's own entry is entry i; wake() takes a task's index in a one-task program as 0 too.
      wake(TIMER_PER_TASK ? (due - TM) / TM_WORDS : W[due + TE_TASK]);
    }
    if (more === 0) {
      W[TM_NEXT] = next < 0 ? Infinity : next;
      return next;
    }
  }
}
