// A task handle: the task-table index in the low 8 bits, the slot's generation above them. One
// encoding for the host executor (executor/executor.ts uses it) and the device runtime
// (device/device-spawn.ts), so a handle names the same task on both: the device lays its task
// table out in the host's order, and every slot starts at generation 1 on both.
//
// The generation (1..255) moves on each time the slot's task stops (ends, faults or is cancelled),
// so a handle kept past its task's end names an old generation instead of whatever task reuses the
// slot: it is stale, which cancel() reports as a fault and running() answers with false. It wraps
// from 255 back to 1, never to 0, so a handle is always >= TASK_GEN_SCALE and BUSY (0) is never a
// handle. After 255 ends of one slot an old handle matches again: keeping one that long is a bug.
// Every index fits the low byte: a host executor has at most 255 tasks (executor/config.ts), and so
// does a device program.

export const TASK_INDEX_BITS = 8;
export const TASK_INDEX_MASK = 255;
/** 2^TASK_INDEX_BITS: what one generation step adds to a handle. */
export const TASK_GEN_SCALE = 256;
export const MAX_TASK_GENERATION = 255;

/**
 * What spawn() gives back when every slot of the pool holds a running task: nothing was started.
 * Never a handle (a handle is at least TASK_GEN_SCALE), and falsy, so `if (h === BUSY)` and
 * `if (!h)` both test it.
 */
export const BUSY = 0;

// The functions below are contract rules (one returned expression), which a device build writes in
// place of each call (bundler/inline-rules.ts), where this module's names are not in scope: so they
// spell the numbers above out (256 = TASK_GEN_SCALE, 255 = TASK_INDEX_MASK and
// MAX_TASK_GENERATION, 8 = TASK_INDEX_BITS).

/** Contract: t < 256 and gen in 1..MAX_TASK_GENERATION (the task table's own entries are). */
export function taskHandle(t: number, gen: number): number {
  return t + gen * 256;
}

export function taskIndex(h: number): number {
  return h & 255;
}

export function taskGeneration(h: number): number {
  return h >> 8;
}

/** The generation a task slot takes when its task stops: 255 wraps to 1. */
export function nextTaskGeneration(gen: number): number {
  return gen === 255 ? 1 : gen + 1;
}
