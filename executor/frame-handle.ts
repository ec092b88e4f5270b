// A future handle: the frame-table index in the low 16 bits, the entry's generation above them.
// The generation (1..MAX_FRAME_GENERATION, a Uint16Array entry of the frame table) moves on each
// time the entry is freed, so a handle used after its future's drop is caught as stale instead of
// reaching whatever future reuses the entry.
//
// Why this layout: with at most 65535 frames (config.ts) and generations below 2^14, a handle stays
// a small positive integer under 2^30, a V8 Smi even with pointer compression and an Espruino int,
// so it fits a Float64Array word exactly and compares with ===. The generation wraps to 1, never 0,
// so frame 0 never gets handle 0, which means "no future" everywhere (frame words start zeroed).
//
// The executor's per-await paths (poll, awaitAt, open) write the constants inline instead of
// calling the decoders: the same expressions, without a call where an engine does not inline.

export const FRAME_INDEX_MASK = 0xffff;
export const FRAME_GEN_SHIFT = 16;
/**
 * 2^FRAME_GEN_SHIFT: what one generation step adds to a handle. Only the executor makes future
 * handles (Executor.open: index + generation * FRAME_GEN_SCALE, index < 65536, generation in
 * 1..MAX_FRAME_GENERATION).
 */
export const FRAME_GEN_SCALE = 65536;
export const MAX_FRAME_GENERATION = 0x3fff;

/** Contract: h is a handle (a positive integer); the index still has to be checked against the table. */
export function frameIndex(h: number): number {
  return h & FRAME_INDEX_MASK;
}

export function frameGeneration(h: number): number {
  return h >>> FRAME_GEN_SHIFT;
}

/** The generation a frame entry takes when freed: MAX_FRAME_GENERATION wraps to 1. */
export function nextFrameGeneration(gen: number): number {
  return gen === MAX_FRAME_GENERATION ? 1 : gen + 1;
}
