// The fixed shapes of the device runtime's records in W: descriptor fields and sizes, the kinds
// and states they hold, the run loop's limits. A leaf module: esbuild writes a module's constants in
// place only when the module imports nothing, so what these derive from contract/ is derived where
// it is used, in parentheses that fold to one number (W[a + (AD_COUNTERS + A_CALLS)]). The build
// (bundler/) lays out descriptors with the same sizes.

// The run loop.
/**
 * Polls between two readings of the clock (and expiries of timers) while tasks stay ready; in a
 * program of one task the first batch of a run, the next sized to what is left (scheduler.ts batchOne).
 */
export const BATCH_POLLS = 16;
/**
 * A run that still has ready tasks (one yields in a loop) gives the board's own events a turn
 * after SLICE_MS of real time or MAX_POLLS polls, whichever comes first: the poll cap bounds a
 * run on an engine whose clock stands still while code runs.
 */
export const SLICE_MS = 10;
export const MAX_POLLS = 1024;
/** Delay for a run that is due now: Espruino's interval floor. */
export const MIN_DELAY_MS = 0.1;
/** Interval period while no timer is pending: nothing to do until a pin or serial event. */
export const IDLE_MS = 3600000;

// A task pool (device/device-spawn.ts): [first task, slots, tasks spawned, spawns refused as busy,
// high-water mark of its tasks running at once]. Its slots are tasks first .. first + slots - 1.
export const TP_FIRST = 0;
export const TP_SLOTS = 1;
export const TP_SPAWNED = 2;
export const TP_BUSY = 3;
export const TP_HIGH = 4;
export const TASK_POOL_WORDS = 5;

// A timer entry: [deadline (-1 when free), sequence number], then, where the tasks share the table
// (program.ts TIMER_PER_TASK 0), [task, generation]. Task i's own entry (TIMER_PER_TASK 1) is task
// i's by its place, and its handle needs no generation: two words, not four (program.ts TM_WORDS).
// Constants only in this module: a function here keeps esbuild from writing in the constants
// every device module imports from it (their branches then stay in the bundle unfolded).
export const TE_SEQ = 1;
export const TE_TASK = 2;
export const TE_GEN = 3;
export const TM_OWN_WORDS = 2;
export const TM_SHARED_WORDS = 4;

// A waiter link, in a parked future's frame: [set (0: none), previous, next, task].
export const LINK_WORDS = 4;

// A channel: [head, length, high-water mark, refused sends, capacity, ring, holds references, receivers x3, senders x3].
export const CH_HEAD = 0;
export const CH_LEN = 1;
export const CH_HIGH = 2;
export const CH_REFUSED = 3;
export const CH_CAP = 4;
export const CH_RING = 5;
export const CH_REFS = 6;
export const CH_RECEIVERS = 7;
export const CH_SENDERS = 10;
export const CHANNEL_WORDS = 13;

// A signal: [is set, value, waiters x3].
export const SIGNAL_WORDS = 5;

// Pin edges (kinds: contract/pin-edge-kinds.ts): [rises, falls, last level, time of the last edge, waiters x3].
export const PIN_EDGES_WORDS = 7;

// Serial lines (the head is word 0, read as W[l]): [head, length, complete lines, dropped bytes, cut lines, capacity, ring (index in R), readers x3].
export const SL_LENGTH = 1;
export const SL_COMPLETE = 2;
export const SL_DROPPED = 3;
export const SL_CUT = 4;
export const SL_CAPACITY = 5;
export const SL_RING = 6;
export const SL_READERS = 7;
export const SERIAL_LINES_WORDS = 10;

// A queue of the board's events (device/device-events.ts; the head is word 0, read as W[q]):
// [head, length, high-water, dropped, seen, stored, unstored, capacity, ring (index in W),
// records (a Storage log's file), references (index in R: Storage, the file's name, an entry as
// float64s, its bytes), waiters x3]. An entry is EV_WIDTH words of the ring.
export const EV_LEN = 1;
export const EV_HIGH = 2;
export const EV_DROPPED = 3;
export const EV_SEEN = 4;
export const EV_STORED = 5;
export const EV_UNSTORED = 6;
export const EV_CAP = 7;
export const EV_RING = 8;
export const EV_RECORDS = 9;
export const EV_REFS = 10;
export const EV_WAITERS = 11;
export const EVENTS_WORDS = 14;
export const EV_WIDTH = 4;
/** Bytes an entry takes in a Storage log's file. */
export const EV_RECORD_BYTES = 32;

// Dyn calls (device/device-dyn.ts): where a callee's frame is.
export const AT_NONE = 0;
export const AT_SCRATCH = 1;
export const AT_POOL = 2;
export const AT_STACK = 3;
export const AT_HELD = 4;
export const AT_BOX = 5;
export const AT_PARKED = 6;

/** Adapter kinds, as bits of ADAPTERS. */
export const K_SCRATCH_OR_POOL = 1;
export const K_SIDE_STACK = 2;
export const K_HELD = 4;
export const K_RECYCLING = 8;
export const K_CALLER_CACHED = 16;
export const K_BOXING = 32;
/** The kinds whose frames can be in a box of their own (with ScratchOrPool's `box` policy). */
export const K_BOXES = K_BOXING | K_RECYCLING | K_CALLER_CACHED;
/** The kinds whose call sites place frames themselves (compiler/device-call-site.ts openAtSite): all but Boxing. */

// An adapter: [kind, policy (contract/pool-policy.ts), held frame words, held frame refs, held frame
// busy, counters x ADAPTER_STATS in contract/adapter-counters.ts's order, caches (index in R),
// caches' busy flags (index in W), label].
export const AD_KIND = 0;
export const AD_POLICY = 1;
export const AD_HELD_W = 2;
export const AD_HELD_R = 3;
export const AD_HELD_BUSY = 4;
/** Where the counters start: counter A_x of contract/adapter-counters.ts is word AD_COUNTERS + A_x. */
export const AD_COUNTERS = 5;
/**
 * After the ADAPTER_STATS counters: caches (index in R), caches' busy flags (index in W), the label
 * (its index in the build's name map of strings), as offsets from AD_COUNTERS + ADAPTER_STATS.
 */
export const AD_CACHES = 0;
export const AD_CACHE_BUSY = 1;
export const AD_LABEL = 2;
/** Words after the counters. */
export const AD_TAIL_WORDS = 3;

// A dyn object: [self (index in R), adapter, per method DYN_METHOD_WORDS: implementation, device
// words, device refs, host words, host refs].
export const DYN_SELF = 0;
export const DYN_ADAPTER = 1;
export const DYN_METHODS = 2;
export const DYN_METHOD_WORDS = 5;

// A dyn call's record in its caller's frame: words [where, base, ref base, owner, frame words, dyn
// object, method, waiter link x4, saved numbers...], references [box words, box refs, saved references...].
// Where is set for every pending call, and the others only where something reads them (a call
// site writes no more: compiler/device-call-site.ts): base and ref base for a frame in W / R (not
// AT_BOX: a box's frame is at 0), frame words for AT_STACK (the pop), the dyn object for a call
// that may park (AT_PARKED, dynOpen's only); owner and method for every place (release, drop).
export const REC_WHERE = 0;
export const REC_BASE = 1;
export const REC_RBASE = 2;
export const REC_OWNER = 3;
export const REC_SIZE = 4;
export const REC_DYN = 5;
export const REC_METHOD = 6;
export const REC_LINK = 7;
export const RECORD_WORDS = 11;
export const RECORD_REFS = 2;
