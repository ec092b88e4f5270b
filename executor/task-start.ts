// Starting a task that setup spawns: a free task slot (one no task pool holds), then its side
// stack and scratch from the task memory, then a frame for its entry future; each budget checked
// before anything is taken, so a spawn that does not fit takes nothing and names the full budget.

import { TASK_LIVE } from '../contract/task-states.ts';
import type { ExecutorConfig } from './config.ts';
import { FRAMES_FREE, type FrameTable } from './frame-table.ts';
import type { RangeAllocator } from './range-allocator.ts';
import type { TaskTable } from './task-table.ts';
import { SPAWN_SIZES, spawnSizes, SZ_SCRATCH_REFS, SZ_SCRATCH_WORDS, SZ_STACK_REFS, SZ_STACK_WORDS, type SpawnOptions } from './spawn-options.ts';
import {
  fail, M_SPAWN_ENTRY_TOO_BIG, M_SPAWN_FRAMES_FULL, M_SPAWN_NO_REFS, M_SPAWN_NO_WORDS, M_SPAWN_TASKS_FULL,
} from './messages.ts';

/** A task's entry future: the executor's Vtable, of which starting a task reads these. */
export interface TaskEntry {
  readonly id: number;
  readonly name: string;
  readonly words: number;
  readonly refs: number;
}

/**
 * What starting a task takes of the executor. Named here, not imported, because the executor
 * starts its tasks through this module.
 */
export interface TaskHost {
  readonly config: ExecutorConfig;
  readonly tasks: TaskTable;
  readonly words: RangeAllocator;
  readonly refs: RangeAllocator;
  readonly frames: FrameTable;
  /** Runs a task of `entry` in slot t, made live with its memory: the executor's startIn. */
  startIn(t: number, entry: TaskEntry): number;
}

/**
 * Ex.spawn: starts a task whose entry future is `entry`, with arguments already in ex.an / ex.ar.
 * Returns a task handle. Throws a 'spawn' error naming the full budget; nothing is taken then.
 */
export function startTask(ex: TaskHost, entry: TaskEntry, opts?: SpawnOptions): number {
  const c = ex.config;
  const name = spawnSizes(c, entry.name, opts);
  const stackWords = SPAWN_SIZES[SZ_STACK_WORDS];
  const stackRefs = SPAWN_SIZES[SZ_STACK_REFS];
  const scratchWords = SPAWN_SIZES[SZ_SCRATCH_WORDS];
  const scratchRefs = SPAWN_SIZES[SZ_SCRATCH_REFS];
  const ts = ex.tasks;
  let t = -1;
  for (let i = 0; i < ts.capacity; i++) {
    // A task pool's slot takes only its pool's tasks (executor/task-pool.ts).
    if (ts.state[i] !== TASK_LIVE && ts.pool[i] === 0) { t = i; break; }
  }
  if (t < 0) {
    throw fail(M_SPAWN_TASKS_FULL, [name, c.maxTasks]);
  }
  if (entry.words + 1 > stackWords || entry.refs > stackRefs) {
    throw fail(M_SPAWN_ENTRY_TOO_BIG, [name, entry, entry.words, entry.refs, stackWords, stackRefs]);
  }
  const needWords = stackWords + scratchWords;
  const needRefs = stackRefs + scratchRefs;
  const wb = ex.words.alloc(needWords);
  if (wb < 0) {
    throw fail(M_SPAWN_NO_WORDS, [name, stackWords, scratchWords, ex.words.largestFree()]);
  }
  const rb = ex.refs.alloc(needRefs);
  if (rb < 0) {
    ex.words.release(wb, needWords);
    throw fail(M_SPAWN_NO_REFS, [name, stackRefs, scratchRefs, ex.refs.largestFree()]);
  }
  if (ex.frames.st[FRAMES_FREE] === 0) {
    ex.words.release(wb, needWords);
    ex.refs.release(rb, needRefs);
    throw fail(M_SPAWN_FRAMES_FULL, [name, c.maxFrames]);
  }
  ts.start(t, name, wb, rb, stackWords, stackRefs, scratchWords, scratchRefs);
  return ex.startIn(t, entry);
}
