// Whether a frame fits a place: a task's scratch, a pool slot, an adapter's held memory. One rule
// for the host executor (executor/executor.ts, executor/pool.ts), the device runtime
// (device/device-dyn.ts), the lowering's inline scratch path and the size computation
// (compiler/task-sizes.ts), so a call placed in scratch in a simulated run is placed in scratch on
// the board, and the size the build computes is the size the run needs.

/**
 * True when a frame of `words` words and `refs` reference slots fits in a place of `roomWords`
 * words and `roomRefs` reference slots.
 * - Sizes are whole numbers >= 0, all in the same unit (a scratch and a pool slot are measured in
 *   host frame sizes on both runtimes: the device keeps both sizes of every frame for this).
 * - Whether the place is free is the caller's question, not part of the fit.
 */
export function fitsIn(words: number, refs: number, roomWords: number, roomRefs: number): boolean {
  return words <= roomWords && refs <= roomRefs;
}
