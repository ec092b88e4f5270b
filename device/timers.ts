// Pending deadlines, as a table of TIMERS entries scanned in full: a program has a handful of
// timers, and a scan is less code and fewer functions than a heap. Entry i is four words at
// TM + 4i: [deadline (-1 when free), task, sequence number, generation]. Due entries fire earliest
// deadline first, equal deadlines in the order they were added (the sequence number), as the
// host's timer heap does. A handle names an entry and its generation, so a sleep that frees its
// timer after the timer fired (and the entry was reused) frees nothing.

import { W, CUR, NOW, TIMERS, TM, TM_HIGH, TM_SEQ, TM_USED } from './program.ts';
import { fail } from './fault.ts';
import { wake } from './scheduler.ts';
import { M_TIMERS_FULL } from './codes.ts';

/**
 * Adds a deadline for the current task; returns its handle (> 0). `future` is the id of the
 * future asking, named in the fault when every entry is taken.
 */
export function addTimer(deadline: number, future: number): number {
  for (var i = 0; i < TIMERS; i++) {
    var e = TM + 4 * i;
    if (W[e] < 0) {
      W[e] = deadline;
      W[e + 1] = W[CUR];
      W[e + 2] = W[TM_SEQ]++;
      if (++W[TM_USED] > W[TM_HIGH]) W[TM_HIGH] = W[TM_USED];
      return i + 1 + W[e + 3] * TIMERS;
    }
  }
  return fail(M_TIMERS_FULL, future, W[CUR], TIMERS);
}

function freeEntry(e: number): void {
  W[e] = -1;
  W[e + 3]++;
  W[TM_USED]--;
}

/** Frees the timer behind handle h unless it fired or was freed since. */
export function freeTimer(h: number): void {
  var i = (h - 1) % TIMERS;
  var e = TM + 4 * i;
  if (W[e] >= 0 && W[e + 3] === (h - 1 - i) / TIMERS) freeEntry(e);
}

/** Fires every due timer (waking its task), earliest first; returns the next deadline, or -1. */
export function expire(): number {
  var now = W[NOW];
  for (;;) {
    var due = -1;
    var next = -1;
    for (var e = TM; e < TM + 4 * TIMERS; e += 4) {
      var d = W[e];
      if (d < 0) continue;
      if (d <= now) {
        if (due < 0 || d < W[due] || d === W[due] && W[e + 2] < W[due + 2]) due = e;
      } else if (next < 0 || d < next) {
        next = d;
      }
    }
    if (due < 0) return next;
    var t = W[due + 1];
    freeEntry(due);
    wake(t);
  }
}

/** Frees every timer task t still holds (backstop after a drop that faulted). */
export function releaseTimers(t: number): void {
  for (var e = TM; e < TM + 4 * TIMERS; e += 4) if (W[e] >= 0 && W[e + 1] === t) freeEntry(e);
}
