// Futures parked on one source (a channel end, a signal, a pin, a serial port), as an intrusive
// FIFO list: a waiter set is three words [head, tail, count] and each parked future carries a link
// of four words [set (0: none), previous, next, task] in its own frame. Links are indexes into W,
// where 0 (the clock) is never a link, so 0 means "none" and the sets need no initialising. Two
// futures of one task parked on the same set are woken and unlinked independently; a future that
// completes or is dropped unlinks itself, so nothing else has to.

import { W, CUR } from './program.ts';
import { wake } from './ready-queue.ts';

/** Parks the link at W[o] (the polled future's) in set s until the next wakeAll(s); idempotent. */
export function park(s: number, o: number): void {
  if (W[o] === s) return;
  if (W[o] !== 0) unpark(o);
  W[o] = s;
  W[o + 1] = W[s + 1];
  W[o + 2] = 0;
  W[o + 3] = W[CUR];
  if (W[s + 1] !== 0) W[W[s + 1] + 2] = o;
  else W[s] = o;
  W[s + 1] = o;
  W[s + 2]++;
}

/** Takes the link at W[o] out of its set, if it is in one. */
export function unpark(o: number): void {
  var s = W[o];
  if (s === 0) return;
  var p = W[o + 1];
  var n = W[o + 2];
  if (p !== 0) W[p + 2] = n;
  else W[s] = n;
  if (n !== 0) W[n + 1] = p;
  else W[s + 1] = p;
  W[o] = 0;
  W[s + 2]--;
}

/** Wakes the task of every future parked in set s, in the order they parked, and empties it. */
export function wakeAll(s: number): void {
  var o = W[s];
  W[s] = 0;
  W[s + 1] = 0;
  W[s + 2] = 0;
  while (o !== 0) {
    var n = W[o + 2];
    W[o] = 0;
    wake(W[o + 3]);
    o = n;
  }
}

/** Unlinks every future of task t from set s (backstop after a drop that faulted). */
export function unparkTask(s: number, t: number): void {
  var o = W[s];
  while (o !== 0) {
    var n = W[o + 2];
    if (W[o + 3] === t) unpark(o);
    o = n;
  }
}
