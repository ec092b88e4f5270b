// The device's scheduler: the run queue, wakes, and the one run loop Espruino calls back. Espruino
// has no loop to hand over, only callbacks, so the loop owns one interval and moves it to the next
// timer deadline after every run (changeInterval) instead of creating a timeout per sleep. Pin and
// serial callbacks call run() straight away, so an edge or a line is handled in the callback that
// delivered it. A run reads the clock and expires timers once per batch of polls, not per poll
// (a getTime() costs as much as a poll); tasks still ready after a time slice (one that yields in
// a loop) get the next run after a short delay, so that the board's own events are not starved.
//
// The tasks are the ones the program's setup spawned at build time: the task table is fixed, and a
// task that ends or faults keeps its slot, never reused. On Espruino every function object costs
// RAM whether it runs or not, so the loop, a poll and its fault handling are one function.

import {
  AGAIN, CUR, DROPS, ENDED, FAULTS, INTERVAL, NOW, Q_FLAG, Q_HEAD, Q_LEN, Q_RING, R, RUNNING, T0, TASK_DISPATCH, TASK_REFS, TASKS, T_BASE,
  T_POLLS, T_RBASE, T_STATE, TIMERS, TM, TM_USED, W, WAIT_SETS,
} from './program.ts';
import { dropTask, pollTask, releaseTask } from './tasks.ts';
import { expire } from './timers.ts';
import { BATCH_POLLS, IDLE_MS, MAX_POLLS, MIN_DELAY_MS, SLICE_MS, TM_WORDS } from './layout.ts';
import { TASK_ENDED, TASK_FAULTED } from '../contract/task-states.ts';
import { M_TASK_STOPPED } from '../contract/fault-codes.ts';

declare function getTime(): number;
declare function changeInterval(id: number, ms: number): void;
declare const console: { log(text: string): void };

/** Board time in ms of a getTime()-style time in seconds, rounded to the microsecond (0.3 s * 1000 is not 300). */
export function boardTimeAt(seconds: number): number {
  return Math.round((seconds - W[T0]) * 1e6) / 1000;
}

/**
 * The interval's and the callbacks' one function: polls the ready tasks in queue order, reading
 * the clock and expiring timers before each batch of BATCH_POLLS polls and after the last, then
 * moves the interval to the next deadline. A callback that arrives while tasks are polled (a
 * task's own write triggering a watch) is folded into the current run instead of nesting inside
 * it. A task that throws is stopped and reported; the others keep running.
 */
export function run(): void {
  if (W[RUNNING] === 1) {
    W[AGAIN] = 1;
    return;
  }
  W[RUNNING] = 1;
  var polls = 0;
  var batch = 0;
  var next = -1;
  var t = 0;
  var start = boardTimeAt(getTime());
  // The clock is read once at the start and again after each batch of polls: reading it at the
  // top of the loop too cost a getTime and a boardTimeAt a run for a time that had not moved.
  var now = start;
  // No do-while: Espruino misparses `do <statement ending in }> while`, the form a minifier makes.
  for (;;) {
    W[AGAIN] = 0;
    for (;;) {
      if (now > W[NOW]) W[NOW] = now;
      next = TIMERS > 0 ? expire() : -1;
      if (W[Q_LEN] === 0 || polls >= MAX_POLLS || now - start >= SLICE_MS) break;
      // One try around a batch of polls, not one per poll: a task that throws is stopped and the
      // batch goes on with the next task in the queue. A queued task is live: release() takes a
      // task it stops out of the queue.
      for (batch = 0; batch < BATCH_POLLS && W[Q_LEN] > 0;) {
        try {
          for (; batch < BATCH_POLLS && W[Q_LEN] > 0; batch++) {
            t = TASKS > 1 ? W[Q_RING + W[Q_HEAD]] : 0;
            if (TASKS > 1) W[Q_HEAD] = (W[Q_HEAD] + 1) % TASKS;
            W[Q_LEN]--;
            W[Q_FLAG + t] = 0;
            W[CUR] = t;
            W[T_POLLS + t]++;
            if ((TASK_DISPATCH ? pollTask(W, W[T_BASE + t], R, W[T_RBASE + t], t) : TASK_REFS ? pollTask(W, W[T_BASE + t], R, W[T_RBASE + t]) :
              pollTask(W, W[T_BASE + t])) === 1) {
              W[ENDED]++;
              release(t, TASK_ENDED, null);
            }
          }
        } catch (e) {
          batch++;
          release(W[CUR], TASK_FAULTED, e);
        }
      }
      polls += batch;
      now = boardTimeAt(getTime());
    }
    if (W[AGAIN] !== 1 || W[Q_LEN] > 0) break;
    now = boardTimeAt(getTime());
  }
  W[CUR] = -1;
  W[RUNNING] = 0;
  var delay = IDLE_MS;
  if (W[Q_LEN] > 0) delay = MIN_DELAY_MS;
  // From the run's start, not from its end: Espruino counts an interval's next call from when this
  // one was due, so a delay measured at the end fired early by the run's length, and that call
  // found nothing due and ran again (two or three calls a wake on Espruino's Linux build). Called
  // from another callback, the deadline is late by the run's length instead (well under SLICE_MS).
  else if (next >= 0) delay = next - start;
  changeInterval(W[INTERVAL], delay < MIN_DELAY_MS ? MIN_DELAY_MS : delay);
}

/**
 * Prints that task t stopped in poll (phase 0) or drop (phase 1) because of `e`: a device fault
 * line (its message is the code's text, decoded on the host) or a user's Error, as it is.
 */
// error path: prints a task's fault, once per fault
function report(t: number, phase: number, e: unknown): void {
  W[FAULTS]++;
  console.log('frugal!E' + M_TASK_STOPPED + ',' + t + ',' + phase + ' ' +
    (e && (e as Error).message !== undefined ? (e as Error).message : String(e)));
}

/**
 * Ends task t (ended, or faulted with `e`): a faulted task's entry future is dropped (running the
 * finally blocks of where each frame stood); then what a faulty drop left is taken back: its
 * timers, waiter entries, pool slots, and its place in the run queue.
 */
function release(t: number, state: number, e: unknown): void {
  W[CUR] = t;
  W[T_STATE + t] = state;
  if (state === TASK_FAULTED) report(t, 0, e);
  // A task that ended finished every future it opened: only a faulted one has frames to drop (its
  // frame's state names the await it stopped in; an ended frame's state is not kept).
  if (DROPS && state === TASK_FAULTED) {
    try {
      dropTask(W, W[T_BASE + t], R, W[T_RBASE + t], t);
    } catch (x) {
      report(t, 1, x);
    }
  }
  var i = 0;
  for (i = TM; i < TM + TM_WORDS * TIMERS; i += TM_WORDS) {
    if (W[i] >= 0 && W[i + 1] === t) {
      W[i] = -1;
      W[i + 3]++;
      W[TM_USED]--;
    }
  }
  if (WAIT_SETS) releaseTask(t);
  if (W[Q_FLAG + t] === 0) return;
  W[Q_FLAG + t] = 0;
  W[Q_LEN]--;
  if (TASKS === 1) return;
  var kept = 0;
  for (i = 0; i <= W[Q_LEN]; i++) {
    var id = W[Q_RING + (W[Q_HEAD] + i) % TASKS];
    if (id !== t) W[Q_RING + (W[Q_HEAD] + kept++) % TASKS] = id;
  }
}
