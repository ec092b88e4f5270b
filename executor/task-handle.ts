// A task handle: the task-table index in the low 8 bits, the slot's generation above them. The
// generation (1..255, a Uint8Array entry of the task table) moves on each time the slot is released,
// so a handle kept past its task's end names an old generation instead of whatever task reuses the
// slot. maxTasks is at most 255 (config.ts), so every index fits the low byte.
//
// It wraps from 255 back to 1, never to 0: a handle stays >= 256, so 0 is never a task handle.
// After 255 releases of one slot an old handle matches again: keeping one that long is a bug.

export const TASK_INDEX_BITS = 8;
export const TASK_INDEX_MASK = 255;
/** 2^TASK_INDEX_BITS: what one generation step adds to a handle. */
export const TASK_GEN_SCALE = 256;
export const MAX_TASK_GENERATION = 255;

/** Contract: t < 256 and gen in 1..MAX_TASK_GENERATION (the task table's own entries are). */
export function taskHandle(t: number, gen: number): number {
  return t + gen * TASK_GEN_SCALE;
}

export function taskIndex(h: number): number {
  return h & TASK_INDEX_MASK;
}

export function taskGeneration(h: number): number {
  return h >> TASK_INDEX_BITS;
}

/** The generation a task slot takes when released: 255 wraps to 1. */
export function nextTaskGeneration(gen: number): number {
  return gen === MAX_TASK_GENERATION ? 1 : gen + 1;
}
