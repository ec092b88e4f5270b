// Tasks that start and stop tasks, on the device. Setup declared task pools (taskPool): the build
// laid each pool's slots out in the task table, each with its entry frame, scratch and side stack
// in W, and a pool record [first task, slots, spawned, busy, high-water] (device/layout.ts TP_*).
// spawn takes a slot whose task is not running and starts the pool's function there with the
// arguments the caller left in the registers; cancel stops a task as a fault would, without the
// fault; a wait for a task's end parks until some task stops and looks again. Handles are the
// host's (contract/task-handle.ts): the slot and its generation, which moves on when the task
// stops, so a stale handle is told apart from the slot's next task. Nothing here allocates.

import {
  ADAPTERS, CANCELLED, CUR, DROPS, R, SCR_BUSY, STACK_BASE, STACK_RBASE, STACK_RTOP, STACK_TOP, T_GEN, T_STATE, TASK_ENDS,
  TASKS, W,
} from './program.ts';
import { dropTask, startTask } from './tasks.ts';
import { wake } from './ready-queue.ts';
import { frameAt, refFrameAt } from './frames.ts';
import { fail } from './fault.ts';
import { park, unpark } from './waiters.ts';
import { release, report } from './scheduler.ts';
import { K_SCRATCH_OR_POOL, K_SIDE_STACK, TP_BUSY, TP_FIRST, TP_HIGH, TP_SLOTS, TP_SPAWNED } from './layout.ts';
import { TASK_CANCELLED, TASK_LIVE } from '../contract/task-states.ts';
import { BUSY, MAX_TASK_GENERATION, TASK_GEN_SCALE, TASK_INDEX_MASK } from '../contract/task-handle.ts';
import { M_CANCEL_NOT_RUNNING, M_CANCEL_SELF, M_TASK_NOT_HANDLE, M_WAIT_SELF } from '../contract/fault-codes.ts';

/**
 * spawn(pool, ...args): starts the pool's function in its first slot without a running task, with
 * the arguments the lowering wrote into the registers just before; the new task's handle, or BUSY
 * (nothing started) when every slot holds a running task. The task is queued behind the ones
 * already ready, as the host's spawn wakes it.
 */
export function spawn(p: number): number {
  var t = W[p + TP_FIRST];
  var end = t + W[p + TP_SLOTS];
  var free = -1;
  var live = 1;
  for (; t < end; t++) {
    if (W[T_STATE + t] === TASK_LIVE) live++;
    else if (free < 0) free = t;
  }
  if (free < 0) {
    W[p + TP_BUSY]++;
    return BUSY;
  }
  if (live > W[p + TP_HIGH]) W[p + TP_HIGH] = live;
  W[p + TP_SPAWNED]++;
  startTask(p, free);
  // What a previous task's drop may have left when it threw half-way: the slot starts clean.
  if (ADAPTERS & K_SCRATCH_OR_POOL) W[SCR_BUSY + free] = 0;
  if (ADAPTERS & K_SIDE_STACK) {
    W[STACK_TOP + free] = W[STACK_BASE + free];
    W[STACK_RTOP + free] = W[STACK_RBASE + free];
  }
  W[T_STATE + free] = TASK_LIVE;
  wake(free);
  return free + W[T_GEN + free] * TASK_GEN_SCALE;
}

/**
 * The task slot handle h names; a fault of the calling task when h is no handle of this program
 * (op: 0 cancel, 1 waitTask). Whether the task still runs is the caller's question.
 */
function slotOf(h: number, op: number): number {
  var t = h & TASK_INDEX_MASK;
  var g = (h - t) / TASK_GEN_SCALE;
  if (!(g >= 1 && g <= MAX_TASK_GENERATION && g === (g | 0) && t < TASKS)) fail(M_TASK_NOT_HANDLE, [op, h]);
  return t;
}

/** running(h): true while the task behind handle h runs; false for any other number. */
export function running(h: number): boolean {
  var t = h & TASK_INDEX_MASK;
  return t < TASKS && W[T_GEN + t] === (h - t) / TASK_GEN_SCALE && W[T_STATE + t] === TASK_LIVE;
}

/**
 * cancel(h): stops the task behind handle h from another task's poll. Its entry future is dropped
 * (the finally blocks of every frame run, innermost first, and its children give back their
 * timers, waiter entries, pool slots and scratch), then the scheduler takes back whatever a
 * throwing drop left, and the calling task goes on.
 */
export function cancel(h: number): void {
  var t = slotOf(h, 0);
  var cur = W[CUR];
  if (!running(h)) fail(M_CANCEL_NOT_RUNNING, [h, t]);
  if (t === cur) fail(M_CANCEL_SELF, [t]);
  W[CUR] = t;
  W[T_STATE + t] = TASK_CANCELLED;
  if (CANCELLED > 0) W[CANCELLED]++;
  if (DROPS) {
    try {
      dropTask(W, frameAt(t), R, refFrameAt(t), t);
    } catch (x) {
      report(t, 1, x);
    }
  }
  release(t, TASK_CANCELLED, null);
  W[CUR] = cur;
}

/** waitTask. Frame [handle, waiter link x4]: ready once the task behind the handle no longer runs. */
export function pollTaskEnd(w: Float64Array, o: number): number {
  var t = slotOf(w[o], 1);
  if (!running(w[o])) {
    unpark(o + 1);
    return 1;
  }
  if (t === W[CUR]) fail(M_WAIT_SELF, [t]);
  park(TASK_ENDS, o + 1);
  return 0;
}
