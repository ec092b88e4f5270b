// A task pool: a fixed number of task-table slots that setup reserves for one entry future, each
// with its side stack and scratch allocated at once, in which task code starts tasks at run time
// (tasks/task-api.ts spawn) and which are free again when their task stops. Embassy's static task
// pools, on frugal's budgets: a spawn into a full pool takes nothing and answers BUSY, so the
// program knows at once instead of waiting for memory. reserveTaskPool and spawnIn make and start
// them on the host executor; the device build lays the same slots out in its task
// table (bundler/device-image.ts) and the device runtime does the same (device/device-spawn.ts).

import type { TaskEntry, TaskHost } from './task-start.ts';
import { TASK_LIVE } from '../contract/task-states.ts';
import { BUSY } from '../contract/task-handle.ts';
import { SPAWN_SIZES, spawnSizes, SZ_SCRATCH_REFS, SZ_SCRATCH_WORDS, SZ_STACK_REFS, SZ_STACK_WORDS, type SpawnOptions } from './spawn-options.ts';
import { FRAMES_FREE } from './frame-table.ts';
import { fail, M_SPAWN_ENTRY_TOO_BIG, M_SPAWN_FRAMES_FULL, M_SPAWN_NO_REFS, M_SPAWN_NO_WORDS, M_TASK_POOL_NO_SLOTS } from './messages.ts';

// Slots of TaskPool.st.
/** Tasks started in the pool. */
export const TP_SPAWNED = 0;
/** Spawns refused because every slot held a running task (they returned BUSY). */
export const TP_BUSY = 1;
/** The most tasks of the pool running at once. */
export const TP_HIGH = 2;

/** What a task pool takes of the executor (named here, not imported: the executor makes pools). */
export interface PoolHost extends TaskHost {
  readonly taskPools: TaskPool[];
}

export class TaskPool {
  /** Type-only: what task code's TaskPool handle stands for (tasks/task-api.ts). */
  declare readonly __frugal: 'task-pool';
  /** Its index in ex.taskPools. */
  readonly id: number;
  readonly name: string;
  readonly entry: TaskEntry;
  /** Task-table index of its first slot; its slots are first .. first + slots - 1. */
  readonly first: number;
  readonly slots: number;
  /** spawned, refused as busy, high-water mark of running tasks (TP_* slots) */
  readonly st: Uint32Array;

  constructor(id: number, name: string, entry: TaskEntry, first: number, slots: number) {
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

/**
 * Reserves `slots` consecutive task slots of ex for a pool of tasks whose entry future is `entry`,
 * each given now the side stack and scratch a spawn with `opts` would get (`opts.name` names the
 * pool; its slots are name[0], name[1], ...). No task runs in them until spawnIn. Throws naming
 * the full budget (task slots, task memory); nothing is taken then.
 */
// setup: a pool is reserved once, in setup, before any task runs
export function reserveTaskPool(ex: PoolHost, entry: TaskEntry, slots: number, opts?: SpawnOptions): TaskPool {
  const c = ex.config;
  const name = spawnSizes(c, entry.name, opts);
  const stackWords = SPAWN_SIZES[SZ_STACK_WORDS];
  const stackRefs = SPAWN_SIZES[SZ_STACK_REFS];
  const scratchWords = SPAWN_SIZES[SZ_SCRATCH_WORDS];
  const scratchRefs = SPAWN_SIZES[SZ_SCRATCH_REFS];
  if (entry.words + 1 > stackWords || entry.refs > stackRefs) {
    throw fail(M_SPAWN_ENTRY_TOO_BIG, [name, entry, entry.words, entry.refs, stackWords, stackRefs]);
  }
  const ts = ex.tasks;
  let first = -1;
  let run = 0;
  let free = 0;
  for (let i = 0; i < ts.capacity; i++) {
    if (ts.state[i] === TASK_LIVE || ts.pool[i] !== 0) { run = 0; continue; }
    free++;
    if (++run === slots && first < 0) first = i - slots + 1;
  }
  if (first < 0) throw fail(M_TASK_POOL_NO_SLOTS, [name, slots, free, c.maxTasks]);
  const words: number[] = [];
  const refs: number[] = [];
  for (let k = 0; k < slots; k++) {
    const wb = ex.words.alloc(stackWords + scratchWords);
    const rb = wb < 0 ? -1 : ex.refs.alloc(stackRefs + scratchRefs);
    if (rb < 0) {
      if (wb >= 0) ex.words.release(wb, stackWords + scratchWords);
      for (let j = 0; j < words.length; j++) {
        ex.words.release(words[j], stackWords + scratchWords);
        ex.refs.release(refs[j], stackRefs + scratchRefs);
      }
      const slotName = name + '[' + k + ']';
      throw wb < 0 ? fail(M_SPAWN_NO_WORDS, [slotName, stackWords, scratchWords, ex.words.largestFree()]) :
        fail(M_SPAWN_NO_REFS, [slotName, stackRefs, scratchRefs, ex.refs.largestFree()]);
    }
    words.push(wb);
    refs.push(rb);
  }
  const pool = new TaskPool(ex.taskPools.length, name, entry, first, slots);
  ex.taskPools.push(pool);
  for (let k = 0; k < slots; k++) {
    ts.place(first + k, name + '[' + k + ']', words[k], refs[k], stackWords, stackRefs, scratchWords, scratchRefs);
    ts.pool[first + k] = pool.id + 1;
  }
  return pool;
}

/**
 * Starts a task of pool p in its first slot without a running task, with its arguments in
 * ex.an / ex.ar (as spawn takes them), and returns its handle; returns BUSY, taking nothing, when
 * every slot holds a running task. The slot's side stack and scratch were allocated by
 * reserveTaskPool, so only a full frame table (the host's own budget) can refuse the task, taking
 * nothing.
 * - p is one of ex's pools.
 */
export function spawnIn(ex: PoolHost, p: TaskPool): number {
  const ts = ex.tasks;
  let t = -1;
  let running = 1;
  for (let i = p.first; i < p.first + p.slots; i++) {
    if (ts.state[i] === TASK_LIVE) running++;
    else if (t < 0) t = i;
  }
  if (t < 0) {
    p.st[TP_BUSY]++;
    return BUSY;
  }
  if (ex.frames.st[FRAMES_FREE] === 0) throw fail(M_SPAWN_FRAMES_FULL, [ts.name[t], ex.config.maxFrames]);
  ts.restart(t);
  const h = ex.startIn(t, p.entry);
  if (running > p.st[TP_HIGH]) p.st[TP_HIGH] = running;
  p.st[TP_SPAWNED]++;
  return h;
}
