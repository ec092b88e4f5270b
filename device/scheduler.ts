// The device's scheduler: the run queue, wakes, and the one run loop Espruino calls back. Espruino
// has no loop to hand over, only callbacks, so the loop owns one interval and moves it to the next
// timer deadline after every run (changeInterval) instead of creating a timeout per sleep. Pin and
// serial callbacks call run() straight away, so an edge or a line is handled in the callback that
// delivered it. Tasks still ready after MAX_PASSES passes (one that yields in a loop) get the next
// run after a short delay, so that the board's own events are not starved.
//
// The tasks are the ones the program's setup spawned at build time: the task table is fixed, and a
// task that ends or faults keeps its slot, never reused.

import {
  AGAIN, CUR, ENDED, FAULTS, INTERVAL, NOW, POLLS, Q_FLAG, Q_HEAD, Q_HIGH, Q_LEN, Q_RING, RUNNING, T0, TASKS, T_POLLS, T_STATE,
  T_WAKES, TIMERS, W,
} from './program.ts';
import { dropTask, pollTask, releaseTask } from './tasks.ts';
import { expire, releaseTimers } from './timers.ts';
import { printFault } from './fault.ts';
import { IDLE_MS, MAX_PASSES, MIN_DELAY_MS, TASK_ENDED, TASK_FAULTED, TASK_LIVE } from './layout.ts';
import { FAULT_TASK_STOPPED } from './codes.ts';

declare function getTime(): number;
declare function changeInterval(id: number, ms: number): void;

/** Board time in ms of a getTime()-style time in seconds, rounded to the microsecond (0.3 s * 1000 is not 300). */
export function boardTimeAt(seconds: number): number {
  return Math.round((seconds - W[T0]) * 1e6) / 1000;
}

function boardTime(): number {
  return boardTimeAt(getTime());
}

/**
 * Marks task t ready to poll. Idempotent and allocation-free: safe from pin and serial callbacks.
 * Contract: t < TASKS. A task that is not live is ignored.
 */
export function wake(t: number): void {
  if (W[T_STATE + t] !== TASK_LIVE || W[Q_FLAG + t] === 1) return;
  W[Q_FLAG + t] = 1;
  W[Q_RING + (W[Q_HEAD] + W[Q_LEN]) % TASKS] = t;
  if (++W[Q_LEN] > W[Q_HIGH]) W[Q_HIGH] = W[Q_LEN];
  W[T_WAKES + t]++;
}

/** Sets the board clock and wakes the tasks whose deadlines passed; the next deadline, or -1. */
function tick(): number {
  var now = boardTime();
  if (now > W[NOW]) W[NOW] = now;
  return TIMERS > 0 ? expire() : -1;
}

/** Polls task t once; a throw stops the task (reported) and the others keep running. */
function pollOne(t: number): void {
  var done = 0;
  W[CUR] = t;
  W[T_POLLS + t]++;
  W[POLLS]++;
  try {
    done = pollTask(t);
  } catch (e) {
    W[CUR] = -1;
    fault(t, 0, e);
    return;
  }
  W[CUR] = -1;
  if (done === 1) {
    W[ENDED]++;
    release(t, TASK_ENDED);
  }
}

/**
 * The interval's and the callbacks' one function: polls every ready task (bounded passes, the
 * clock and timers refreshed between passes), then moves the interval to the next deadline. A
 * callback that arrives while tasks are polled (a task's own write triggering a watch) is folded
 * into the current run instead of nesting inside it.
 */
export function run(): void {
  if (W[RUNNING] === 1) {
    W[AGAIN] = 1;
    return;
  }
  W[RUNNING] = 1;
  var passes = 0;
  var next = -1;
  var n = 0;
  var t = 0;
  do {
    W[AGAIN] = 0;
    next = tick();
    while (W[Q_LEN] > 0 && passes < MAX_PASSES) {
      for (n = W[Q_LEN]; n > 0; n--) {
        t = W[Q_RING + W[Q_HEAD]];
        W[Q_HEAD] = (W[Q_HEAD] + 1) % TASKS;
        W[Q_LEN]--;
        W[Q_FLAG + t] = 0;
        if (W[T_STATE + t] === TASK_LIVE) pollOne(t);
      }
      passes++;
      next = tick();
    }
  } while (W[AGAIN] === 1 && passes < MAX_PASSES);
  W[RUNNING] = 0;
  var delay = IDLE_MS;
  if (W[Q_LEN] > 0) delay = MIN_DELAY_MS;
  else if (next >= 0) delay = next - boardTime();
  changeInterval(W[INTERVAL], delay < MIN_DELAY_MS ? MIN_DELAY_MS : delay);
}

/** Records and prints a fault; a fault in poll stops the task and returns all it holds. */
function fault(t: number, phase: number, e: unknown): void {
  W[FAULTS]++;
  printFault(FAULT_TASK_STOPPED, t, phase, e);
  if (phase === 0) release(t, TASK_FAULTED);
}

/**
 * Ends task t: drops its entry future (running the finally blocks of where each frame stood),
 * then takes back what a faulty drop left: its timers, waiter entries, pool slots and its place
 * in the run queue.
 */
function release(t: number, state: number): void {
  var prev = W[CUR];
  W[CUR] = t;
  W[T_STATE + t] = state;
  try {
    dropTask(t);
  } catch (e) {
    fault(t, 1, e);
  }
  if (TIMERS > 0) releaseTimers(t);
  releaseTask(t);
  dequeue(t);
  W[CUR] = prev;
}

/** Takes an ended task out of the run queue, keeping the others' order. */
function dequeue(t: number): void {
  if (W[Q_FLAG + t] === 0) return;
  W[Q_FLAG + t] = 0;
  var kept = 0;
  for (var k = 0; k < W[Q_LEN]; k++) {
    var id = W[Q_RING + (W[Q_HEAD] + k) % TASKS];
    if (id !== t) W[Q_RING + (W[Q_HEAD] + kept++) % TASKS] = id;
  }
  W[Q_LEN] = kept;
}
