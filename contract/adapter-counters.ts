// An adapter's counters, in this order on the host (AdapterTelemetry.stats, executor/telemetry.ts)
// and on a device (ADAPTER_COUNTERS words into the adapter's record in W, device/layout.ts), so that
// the budget report reads either the same way. Each is only ever incremented, except A_HIGH_WORDS,
// which only grows.

/** Dyn calls made through the adapter (each one counts once, whatever happened to it). */
export const A_CALLS = 0;
/** Frames placed in the caller's scratch. */
export const A_SCRATCH = 1;
/** Frames placed in a pool slot. */
export const A_POOL = 2;
/** Heap allocations: boxes, new or grown caches. Only Boxing, the caching adapters and policy 'box' count any. */
export const A_ALLOCS = 3;
/** Frames placed in memory the adapter already held (Inline, MaxSpace, a cached box). */
export const A_REUSES = 4;
/** Calls parked until a pool slot was freed (policy 'wait'). */
export const A_WAITS = 5;
/** Calls refused: an overlap, a frame too large, an exhausted pool under policy 'error'. */
export const A_REFUSED = 6;
/** The largest frame seen, in words. */
export const A_HIGH_WORDS = 7;
/** Frames pushed on the caller's side stack. */
export const A_STACK = 8;
/** How many counters there are. */
export const ADAPTER_STATS = 9;
