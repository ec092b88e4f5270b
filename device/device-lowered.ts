// What device-lowered code imports (compiler/device-form.ts, device-futures.ts and
// device-call-site.ts write `__frugal.<name>`): the memory and its map, the registers' offsets, the
// board's pins and ports, and each primitive's poll and drop.
// The bundler resolves every `__frugal.x` to the function or constant itself.

// The memory map, with the names a build adds for its call sites' adapters (ProgramFacts.siteAdapters).
export * from './program.ts';
export {
  AD_CACHE_BUSY, AD_CACHES, AD_COUNTERS, AD_HELD_BUSY, AD_HELD_R, AD_HELD_W, AT_BOX, AT_HELD, AT_POOL, AT_SCRATCH, AT_STACK, DYN_ADAPTER,
  DYN_METHOD_WORDS, DYN_METHODS,
} from './layout.ts';
export { fail } from './fault.ts';
export { M_POLLED_AFTER_DONE } from '../contract/fault-codes.ts';
export { dropSleep, pollSleep } from './timers.ts';
export { pollYield } from './device-yield.ts';
export { col, wake } from './ready-queue.ts';
export { pollRecv, pollSend, pollSendRef, trySend } from './device-channel.ts';
export { pollSignal, setSignal } from './device-signal.ts';
export { edgeCount, pollEdge } from './device-pin-edge.ts';
export { EDGE_BOTH, EDGE_FALLING, EDGE_RISING } from '../contract/pin-edge-kinds.ts';
export { A_CALLS, A_HIGH_WORDS, A_REUSES, A_SCRATCH, A_STACK, ADAPTER_STATS } from '../contract/adapter-counters.ts';
export { fitsIn } from '../contract/fit.ts';
export { pollReadLine } from './device-serial-lines.ts';
export { logEvent, pollEvent } from './device-events.ts';
export { unpark } from './waiters.ts';
export { magnitude, serialWrite, setupOnly } from './device-hal.ts';
export { dynCancel, dynDone, dynOpen, dynReady, giveSlot, poolHold, poolNote, poolTake, pushStack, stackFits, stackHigh } from './device-dyn.ts';
export { cancel, pollTaskEnd, running, spawn } from './device-spawn.ts';
export { BUSY } from '../contract/task-handle.ts';
