// A task pool: a fixed number of task-table slots that setup reserves for one entry future, each
// with its side stack and scratch allocated at once, in which task code starts tasks at run time
// (tasks/task-api.ts spawn) and which are free again when their task stops. Embassy's static task
// pools, on frugal's budgets: a spawn into a full pool takes nothing and answers BUSY, so the
// program knows at once instead of waiting for memory. The executor makes and runs them
// (Executor.reservePool, Executor.spawnIn); the device build lays the same slots out in its task
// table (bundler/device-image.ts) and the device runtime does the same (device/device-spawn.ts).

import type { Vtable } from './executor.ts';

// Slots of TaskPool.st.
/** Tasks started in the pool. */
export const TP_SPAWNED = 0;
/** Spawns refused because every slot held a running task (they returned BUSY). */
export const TP_BUSY = 1;
/** The most tasks of the pool running at once. */
export const TP_HIGH = 2;

export class TaskPool {
  /** Type-only: what task code's TaskPool handle stands for (tasks/task-api.ts). */
  declare readonly __frugal: 'task-pool';
  /** Its index in ex.taskPools. */
  readonly id: number;
  readonly name: string;
  readonly entry: Vtable;
  /** Task-table index of its first slot; its slots are first .. first + slots - 1. */
  readonly first: number;
  readonly slots: number;
  /** spawned, refused as busy, high-water mark of running tasks (TP_* slots) */
  readonly st: Uint32Array;

  constructor(id: number, name: string, entry: Vtable, first: number, slots: number) {
    this.id = id;
    this.name = name;
    this.entry = entry;
    this.first = first;
    this.slots = slots;
    this.st = new Uint32Array(3);
  }

  get spawned(): number { return this.st[TP_SPAWNED]; }
  get busy(): number { return this.st[TP_BUSY]; }
  get highWater(): number { return this.st[TP_HIGH]; }
}
