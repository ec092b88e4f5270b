// A timer handle: the timer-heap entry plus one in the low 16 bits, the entry's generation above
// them. The +1 makes every handle > 0, so a sleep's frame word can hold 0 for "no timer" (frame
// words start zeroed). The generation (1..MAX_TIMER_GENERATION) moves on each time the entry is
// freed, so a sleep that drops after its timer fired cannot remove an entry reused since.
//
// As for future handles (frame-handle.ts), at most 65535 entries (config.ts) and generations below
// 2^14 keep a handle a small positive integer under 2^30. The generation wraps to 1 as theirs does
// (the +1 already keeps a handle non-zero).

export const TIMER_INDEX_MASK = 0xffff;
export const TIMER_GEN_SHIFT = 16;
/** 2^TIMER_GEN_SHIFT: what one generation step adds to a handle. */
export const TIMER_GEN_SCALE = 65536;
export const MAX_TIMER_GENERATION = 0x3fff;

/** Contract: id < 65535 and gen in 1..MAX_TIMER_GENERATION (the heap's own entries are). */
export function timerHandle(id: number, gen: number): number {
  return id + 1 + gen * TIMER_GEN_SCALE;
}

/** The entry behind h, or -1 for 0 ("no timer"); still to be checked against the heap's size. */
export function timerEntry(h: number): number {
  return (h & TIMER_INDEX_MASK) - 1;
}

export function timerGeneration(h: number): number {
  return h >>> TIMER_GEN_SHIFT;
}

/** The generation a timer entry takes when freed: MAX_TIMER_GENERATION wraps to 1. */
export function nextTimerGeneration(gen: number): number {
  return gen === MAX_TIMER_GENERATION ? 1 : gen + 1;
}
