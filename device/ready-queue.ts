// The run queue's one entry point from outside the run loop: a wake. Its own module because every
// source of wakes (timers, waiter sets, dyn calls, yields) imports it and the run loop
// (scheduler.ts) imports the timers: with wake in the scheduler, the two imported each other.
// The queue itself is a ring of task ids in W (device/program.ts Q_*), read by the run loop.

import { Q_FLAG, Q_HEAD, Q_LEN, Q_RING, TASKS, W } from './program.ts';

/**
 * Task t's index into a column of per-task words: t, or 0 in a program of one task, where the build
 * folds every index to a number (a task index read and added costs 2 tokens a use on Espruino).
 */
export function col(t: number): number {
  return TASKS > 1 ? t : 0;
}

/**
 * Marks task t ready to poll. Idempotent and allocation-free: safe from pin and serial callbacks.
 * Contract: t < TASKS, and t is live or being released: release() unlinks a stopped task from
 * every timer and waiter set, so nothing else can wake it, and takes it out of the queue last.
 * The queue holds each task at most once and has room for all of them, so it cannot overflow and
 * keeps no high-water mark; with one task it is just its length, 0 or 1. (The device counts polls per
 * task, not wakes: a counter costs as much as the push itself.)
 */
export function wake(t: number): void {
  // One task: the length is the flag (Q_FLAG is Q_LEN's word).
  if (TASKS === 1) {
    W[Q_LEN] = 1;
    return;
  }
  if (W[Q_FLAG + col(t)] === 1) return;
  W[Q_FLAG + col(t)] = 1;
  if (TASKS > 1) W[Q_RING + (W[Q_HEAD] + W[Q_LEN]) % TASKS] = t;
  W[Q_LEN]++;
}
