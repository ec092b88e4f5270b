// The device's scheduler: the run queue, wakes, and the one run loop Espruino calls back. Espruino
// has no loop to hand over, only callbacks, so the loop owns one interval and moves it to the next
// timer deadline after every run (changeInterval) instead of creating a timeout per sleep. Pin and
// serial callbacks call run() straight away, so an edge or a line is handled in the callback that
// delivered it. A run reads the clock and expires timers once per batch of polls, not per poll
// (a getTime() costs as much as a poll); tasks still ready after a time slice (one that yields in
// a loop) get the next run after a short delay, so that the board's own events are not starved.
//
// The task table is fixed at build time: the tasks the program's setup spawned, then the slots of
// its task pools, in the host executor's order. A task setup spawned keeps its slot when it stops;
// a pool's slot takes the pool's next task (device/device-spawn.ts). On Espruino every function
// object costs RAM whether it runs or not, so the loop, a poll and its fault handling are one
// function.

import {
  AGAIN, ARMED, CUR, DROPS, ENDED, FAULTS, INTERVAL, NOW, Q_FLAG, Q_HEAD, Q_LEN, Q_RING, R, RUNNING, SPARE, T0, TASK_DISPATCH, TASK_REFS, TASKS,
  T_POLLS, T_STATE, TASK_SOLO, TIMER_PER_TASK, TIMERS, TM, TM_NEXT, TM_USED, TM_WORDS, W, WAIT_SETS,
} from './program.ts';
import { dropTask, pollTask, releaseTask } from './tasks.ts';
import { col } from './ready-queue.ts';
import { frameAt, refFrameAt } from './frames.ts';
import { expire } from './timers.ts';
import { BATCH_POLLS, IDLE_MS, MAX_POLLS, MIN_DELAY_MS, SLICE_MS, TE_GEN, TE_TASK } from './layout.ts';
import { TASK_ENDED, TASK_FAULTED } from '../contract/task-states.ts';
import { M_TASK_STOPPED } from '../contract/fault-codes.ts';

declare function getTime(): number;
declare function changeInterval(id: number, ms: number): void;
declare const console: { log(text: string): void };

/**
 * Board time in ms of a getTime()-style time in seconds, rounded to the microsecond (0.3 s * 1000
 * is not 300). Rounded by `% 1`, not Math.round: naming `Math` keeps it in the interpreter's root
 * scope for good (2 blocks, measured), and the rounding is the same for a time after T0, which
 * every time read is (the run moves T0 back when the clock reads earlier).
 */
export function boardTimeAt(seconds: number): number {
  var us = (seconds - W[T0]) * 1e6 + 0.5;
  return (us - us % 1) / 1000;
}

/**
 * Polls in the next batch of a run of a program of one task: as many as fit in `left` ms at the
 * pace of the run's first `polls` in `spent` ms, at most what the run's poll cap leaves. Why: while
 * its one task keeps waking itself (compiler/device-self-poll.ts) a batch is one poll, and each
 * turn of the run loop (the return through the task's poll, the clock, the loop's text) cost more
 * than the polls between: a batch of 64 still paid 9,000 instructions an await on Espruino 2v29,
 * and on V8 the clock's boxed double, 0.83 bytes an await. The clock is read where it says
 * something: at the slice's end, or at the deadline of a timer of the task's own that a
 * fixed-length batch could pass.
 * - `left` > 0: the run breaks at the slice's end, and a deadline not after now was expired.
 * - `spent` 0 (a clock that stands still while code runs, the model's; or a batch under its
 *   resolution): the rest of the run's polls.
 */
function batchOne(polls: number, spent: number, left: number): number {
  return spent > 0 && polls * left < spent * (MAX_POLLS - polls) ? ((polls * left) / spent | 0) + 1 : MAX_POLLS - polls;
}

/**
 * The interval's and the callbacks' one function: polls the ready tasks in queue order, reading
 * the clock and expiring timers before each batch of BATCH_POLLS polls (in a program of one task,
 * a batch as long as fits before the slice's end or the next deadline: batchOne) and after the
 * last, then
 * moves the interval to the next deadline. A callback that arrives while tasks are polled (a
 * task's own write triggering a watch) is folded into the current run instead of nesting inside
 * it. A task that throws is stopped and reported; the others keep running.
 * - `fromCallback` is undefined when the interval calls (Espruino passes it nothing: an argument
 *   given to setInterval is an array of blocks the interval keeps), 0 from a pin's or a port's
 *   callback and at the program's start (main.ts).
 * - A clock read earlier than board time (a board booted from a saved image, whose getTime()
 *   restarted; E.setTime back) moves W[T0]: board time goes on from W[NOW], where the run would
 *   have stood still until the clock caught up. An 'init' handler did this at boot before: with
 *   the interval's argument, 9 blocks (blinky 117 -> 108).
 */
export function run(fromCallback?: number): void {
  if (W[RUNNING] === 1) {
    W[AGAIN] = 1;
    return;
  }
  W[RUNNING] = 1;
  if (TASKS === 1) W[CUR] = 0;
  var polls = 0;
  var batch = 0;
  var next = -1;
  var t = 0;
  var ended = -1;
  // One task: polls in the next batch (batchOne), the first as many as any program's.
  var size = BATCH_POLLS;
  var start = boardTimeAt(getTime());
  if (start < W[NOW]) {
    W[T0] += (start - W[NOW]) / 1000;
    start = W[NOW];
  }
  // The clock is read once at the start and again after each batch of polls: reading it at the
  // top of the loop too cost a getTime and a boardTimeAt a run for a time that had not moved.
  var now = start;
  // No do-while: Espruino misparses `do <statement ending in }> while`, the form a minifier makes.
  for (;;) {
    W[AGAIN] = 0;
    for (;;) {
      if (now > W[NOW]) W[NOW] = now;
      // The table is scanned only when a deadline may be due (TM_NEXT is never later than the earliest).
      next = TIMERS === 0 ? -1 : W[TM_NEXT] <= W[NOW] ? expire() : W[TM_NEXT] === Infinity ? -1 : W[TM_NEXT];
      if (W[Q_LEN] === 0 || polls >= MAX_POLLS || now - start >= SLICE_MS) break;
      if (TASKS === 1 && polls > 0) size = batchOne(polls, now - start, (TIMERS > 0 && next >= 0 && next < start + SLICE_MS ? next : start + SLICE_MS) - now);
      // One try around a batch of polls, not one per poll: a task that throws is stopped and the
      // batch goes on with the next task in the queue. A queued task is live: release() takes a
      // task it stops out of the queue.
      for (batch = 0; batch < (TASKS === 1 ? size : BATCH_POLLS) && W[Q_LEN] > 0;) {
        try {
          // A task that ended is released after the loop: Espruino reads the whole loop body at
          // every poll, and the release written in there (bundler/inline-calls.ts) was most of it.
          ended = -1;
          for (; batch < (TASKS === 1 ? size : BATCH_POLLS) && W[Q_LEN] > 0; batch++) {
            // One task: t stays 0, and W[CUR] holds it from the run's start.
            if (TASKS > 1) {
              t = W[Q_RING + W[Q_HEAD]];
              W[Q_HEAD] = (W[Q_HEAD] + 1) % TASKS;
            }
            if (TASKS > 1) {
              W[Q_LEN]--;
              W[Q_FLAG + t] = 0;
            } else {
              W[Q_LEN] = 0;
            }
            if (TASKS > 1) W[CUR] = t;
            // One task: its polls are the batch's, counted once after it.
            if (TASKS > 1) W[T_POLLS + col(t)]++;
            // One task: the polls left in this batch, which its poll may spend polling itself
            // again when it woke itself (compiler/device-self-poll.ts), and the batch counts them.
            if (TASKS === 1) W[SPARE] = size - 1 - batch;
            var done = (TASK_DISPATCH ? (TASK_SOLO ? pollTask(W, 0, R, 0, t) : pollTask(W, frameAt(t), R, refFrameAt(t), t)) :
              TASK_REFS ? pollTask(W, frameAt(t), R, refFrameAt(t)) : pollTask(W, frameAt(t)));
            if (TASKS === 1) batch = size - 1 - W[SPARE];
            if (done === 1) {
              ended = t;
              break;
            }
          }
          if (ended >= 0) {
            batch++;
            W[ENDED]++;
            release(ended, TASK_ENDED, null);
          }
        } catch (e) {
          if (TASKS === 1) batch = size - 1 - W[SPARE];
          batch++;
          release(W[CUR], TASK_FAULTED, e);
        }
      }
      polls += batch;
      if (TASKS === 1) W[T_POLLS] += batch;
      now = boardTimeAt(getTime());
    }
    if (W[AGAIN] !== 1 || W[Q_LEN] > 0) break;
    now = boardTimeAt(getTime());
  }
  W[CUR] = -1;
  W[RUNNING] = 0;
  // When the interval called, Espruino counts its next call from when this one was due, which is
  // where the last run armed it (jsinteractive.c reads the period after the callback and adds it
  // to the due time): a delay counted from the run's start fired early by how late this call came,
  // and that call found nothing due and ran again (a run in two on Espruino's Linux build, each
  // with its timer scan). From any other callback changeInterval counts from now: the deadline is
  // then late by the run's length (well under SLICE_MS).
  var base = fromCallback === undefined ? W[ARMED] : start;
  var delay = IDLE_MS;
  if (W[Q_LEN] > 0) delay = MIN_DELAY_MS;
  else if (next >= 0) delay = next - base;
  if (delay < MIN_DELAY_MS) delay = MIN_DELAY_MS;
  W[ARMED] = base + delay;
  changeInterval(W[INTERVAL], delay);
}

/**
 * Prints that task t stopped in poll (phase 0) or drop (phase 1) because of `e`: a device fault
 * line (its message is the code's text, decoded on the host) or a user's Error, as it is.
 */
// error path: prints a task's fault, once per fault
export function report(t: number, phase: number, e: unknown): void {
  W[FAULTS]++;
  console.log('frugal!E' + M_TASK_STOPPED + ',' + t + ',' + phase + ' ' +
    (e && (e as Error).message !== undefined ? (e as Error).message : String(e)));
}

/**
 * Ends task t (ended, cancelled, or faulted with `e`): a faulted task's entry future is dropped
 * (running the finally blocks of where each frame stood; a cancel drops it before it calls this);
 * then what a faulty drop left is taken back: its timers, waiter entries, pool slots, and its
 * place in the run queue. Its handle goes stale, and whoever waits for a task's end looks again.
 */
export function release(t: number, state: number, e: unknown): void {
  W[CUR] = t;
  W[T_STATE + t] = state;
  if (state === TASK_FAULTED) report(t, 0, e);
  // A task that ended finished every future it opened: only a faulted one has frames to drop (its
  // frame's state names the await it stopped in; an ended frame's state is not kept).
  if (DROPS && state === TASK_FAULTED) {
    try {
      dropTask(W, frameAt(t), R, refFrameAt(t), t);
    } catch (x) {
      report(t, 1, x);
    }
  }
  var i = 0;
  // A program that never sleeps has no timer table: no loop over it (Espruino reads its text at every poll the release is written into).
  // Task t's own entry is the one it can hold (program.ts TIMER_PER_TASK): no loop.
  if (TIMER_PER_TASK) {
    i = TM + TM_WORDS * col(t);
    if (W[i] >= 0) {
      W[i] = -1;
      W[TM_USED]--;
      W[TM_NEXT] = -Infinity;
    }
  } else if (TIMERS > 0) for (i = TM; i < TM + TM_WORDS * TIMERS; i += TM_WORDS) {
    if (W[i] >= 0 && W[i + TE_TASK] === t) {
      W[i] = -1;
      W[i + TE_GEN]++;
      W[TM_USED]--;
      W[TM_NEXT] = -Infinity;
    }
  }
  // The generated rest of the release: the task's waiter entries unlinked, its handle made stale,
  // whoever waits for a task's end woken (tasks.ts, only what the program has).
  if (WAIT_SETS) releaseTask(t);
  if (TASKS === 1) {
    W[Q_LEN] = 0;
    return;
  }
  if (W[Q_FLAG + t] === 0) return;
  W[Q_FLAG + t] = 0;
  W[Q_LEN]--;
  var kept = 0;
  for (i = 0; i <= W[Q_LEN]; i++) {
    var id = W[Q_RING + (W[Q_HEAD] + i) % TASKS];
    if (id !== t) W[Q_RING + (W[Q_HEAD] + kept++) % TASKS] = id;
  }
}
