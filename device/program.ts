// What the build decides about one program's memory, seen from the device runtime: the memory
// map. Every offset and size is a constant the bundler inlines (W[NOW] becomes W[0]), so nothing
// is looked up by name and every table has exactly the capacity the program needs. These
// declarations only give the device sources their types: each build generates the real module
// (bundler/device-image.ts), which imports nothing, so that it comes first in the bundle and its
// constants are known wherever they are used.

/**
 * All of a program's numbers live in this one Float64Array: frames, task table, run queue, timers,
 * channel rings, counters; one typed array costs a few blocks of overhead on Espruino, one per
 * table cost dozens. Made once, at load.
 */
export declare const W: Float64Array;
/** Reference slots: frame references, reference channels, buffers; R[0] is the reference result register. */
export declare const R: unknown[];

/** Board time in ms. */
export declare const NOW: number;
/** The child that completed a select (1 when a timeout fired first). */
export declare const WHICH: number;
/** Numeric result registers RN..RN+7, written by a future's poll when it returns READY. */
export declare const RN: number;
/** Task being polled, -1 between polls. */
export declare const CUR: number;

/** Driver state: a run in progress, another run asked for meanwhile, the interval id, getTime() at board time 0. */
export declare const RUNNING: number;
export declare const AGAIN: number;
export declare const INTERVAL: number;
export declare const T0: number;
/**
 * The board time the interval was last moved to fire at: set by every run as it moves the interval,
 * read by the next run the interval itself calls (scheduler.ts run).
 */
export declare const ARMED: number;

/** Totals: tasks ended, faults (polls are counted per task). */
export declare const ENDED: number;
export declare const FAULTS: number;

/**
 * Tasks: how many, and per task its state (1 live, 2 ended, 3 faulted), polls, and where its
 * entry frame is (word and reference base).
 */
export declare const TASKS: number;
export declare const T_STATE: number;
export declare const T_POLLS: number;
export declare const T_BASE: number;
export declare const T_RBASE: number;
/**
 * Where every task's entry frame has the same words, they are in a row in task order: T_ONE_BASE
 * is the first one's place and T_STRIDE their size, and T_BASE is not laid out (0); else
 * T_ONE_BASE is -1. The same for their reference slots (T_ONE_RBASE, T_RSTRIDE, T_RBASE).
 * device/frames.ts reads either form.
 */
export declare const T_ONE_BASE: number;
export declare const T_STRIDE: number;
export declare const T_ONE_RBASE: number;
export declare const T_RSTRIDE: number;
/** 1 when some task's entry frame has reference slots (T_RBASE is then laid out). */
export declare const TASK_REFS: number;
/** 1 when tasks run different entry functions: pollTask then dispatches on the task number. */
export declare const TASK_DISPATCH: number;
/**
 * 1 when no two tasks run the same entry function (TASK_DISPATCH): pollTask gives each its frame
 * as numbers, and the run loop passes it none.
 */
export declare const TASK_SOLO: number;
/** 1 when a task's drop runs finally blocks (tasks.ts dropTask is then needed after a fault). */
export declare const DROPS: number;
/**
 * Non-zero when a stopped task's release has more to do (tasks.ts releaseTask): waiter sets to
 * unlink its entries from, a task handle's generation to move on, waiters for a task's end to wake.
 */
export declare const WAIT_SETS: number;
/**
 * Task handles (contract/task-handle.ts), laid out when the program has task pools or its code
 * cancels, tests or waits for tasks: per task the generation of its slot (1 at start; moved on
 * when its task stops), else 0.
 */
export declare const T_GEN: number;
/** The waiter set of futures waiting for a task's end (waitTask), woken at every task's end; 0 when the code never waits. */
export declare const TASK_ENDS: number;
/** Tasks cancelled (a total of the report), laid out when the code cancels; else 0. */
export declare const CANCELLED: number;

/** Run queue: a ring of TASKS task ids (none for one task), its head and length, and a queued flag per task. */
export declare const Q_RING: number;
export declare const Q_HEAD: number;
export declare const Q_LEN: number;
export declare const Q_FLAG: number;
/**
 * One task (TASKS 1): the polls its poll may still spend in the run loop's batch, polling itself
 * again where it woke itself (compiler/device-self-poll.ts). Set by the run loop before each poll,
 * taken down by each such poll, read back after it; laid out only for one task, else 0.
 */
export declare const SPARE: number;

/**
 * Timers: TIMERS entries of TM_WORDS words (device/layout.ts: [deadline (-1 free), sequence], and
 * [task, generation] where the tasks share the table), the next sequence number, entries in use
 * and their high-water mark.
 */
export declare const TIMERS: number;
/**
 * 1 where task i's timer is entry i: no task has more than one pending at once and the table has
 * an entry a task (bundler/device-image.ts). A handle is then the entry's number + 1 with no
 * generation, which a reuse cannot fool: only the task's next sleep takes its entry, and that sleep
 * cannot open while one the entry fired for is still pending. Else 0: the tasks share the table.
 */
export declare const TIMER_PER_TASK: number;
/** Words of a timer entry: layout.ts TM_OWN_WORDS where TIMER_PER_TASK, else TM_SHARED_WORDS. */
export declare const TM_WORDS: number;
export declare const TM: number;
export declare const TM_SEQ: number;
export declare const TM_USED: number;
export declare const TM_HIGH: number;
/**
 * No pending deadline is earlier than this: Infinity when no timer is pending. Set by every scan of
 * the table (timers.ts expire), lowered by every sleep that takes a timer, and made -Infinity
 * ("scan again") when the timer at it is freed before it fires or its task is released; it is never
 * later than the earliest deadline, so a run that finds it later than now has nothing to expire.
 */
export declare const TM_NEXT: number;

/** Words of W the program needs. */
export declare const WORDS: number;

/**
 * W[PIN + i] is the board pin hal.pin() numbered i at build time (LED1, BTN1, A0...), as the
 * interpreter's pin number, written when the bundle loads. Words, not an array of pins: an array
 * of two pins takes 6 blocks, two words 1 (bundler/device-cost.ts). A read of W is a float, which
 * Espruino refuses as a pin ("Invalid pin"), so every use takes `W[PIN + i] | 0`. Unset (0) when
 * the program names no pin.
 */
export declare const PIN: number;
/** The board's serial objects by HAL port number (Serial1, Bluetooth...). */
export declare const PORTS: EspruinoSerial[];

/** The part of an Espruino serial object the device code uses. */
export interface EspruinoSerial {
  setup(baud: number): void;
  on(event: string, fn: (data: string) => void): void;
  write(data: string | number): void;
}

/** Adapter kinds the program's dyn objects use (bits of device/device-dyn.ts K_*). */
export declare const ADAPTERS: number;
/** ScratchOrPool's pool-full policies in the program, as bits 1 << policy (contract/pool-policy.ts POLICY_*). */
export declare const POLICIES: number;
/**
 * Per task scratch: first word, first reference, its size in the configured (host) words and
 * references that calls are measured against, busy, hits, high-water mark.
 */
export declare const SCR_BASE: number;
export declare const SCR_RBASE: number;
export declare const SCR_WORDS: number;
export declare const SCR_REFS: number;
export declare const SCR_BUSY: number;
export declare const SCR_HITS: number;
export declare const SCR_HIGH: number;
/** Every task's scratch size when all are the same (a number the call sites' fit test folds with), else -1. */
export declare const SCR_SAME_WORDS: number;
export declare const SCR_SAME_REFS: number;
/** The side stack's end, words and references, in a program of one task (numbers stackFits folds with), else -1. */
export declare const STACK_ONE_END: number;
export declare const STACK_ONE_REND: number;
/** The scratch's first word and reference in a program of one task (numbers the call sites write in), else -1. */
export declare const SCR_ONE_BASE: number;
export declare const SCR_ONE_RBASE: number;
/** The call sites' counters (compiler/program-facts.ts SiteCount), in the order the sites were lowered. */
export declare const SITE_COUNTS: number;
/** Per task: dyn calls that fell back to the pool. */
export declare const T_FALLBACKS: number;
/** Per task side stack (SideStack adapter): first word, first reference, words, references, top, reference top, high-water mark. */
export declare const STACK_BASE: number;
export declare const STACK_RBASE: number;
export declare const STACK_WORDS: number;
export declare const STACK_REFS: number;
export declare const STACK_TOP: number;
export declare const STACK_RTOP: number;
export declare const STACK_HIGH: number;
/**
 * The pool: slots, slot size as configured (host words and references, what calls are measured
 * against) and as laid out here, where the slots are, the stack of free slot numbers and its
 * count, high-water mark, exhaustions, waiters x3.
 */
export declare const POOL_SLOTS: number;
export declare const POOL_SLOT_WORDS: number;
export declare const POOL_SLOT_REFS: number;
export declare const POOL_SLOT_DW: number;
export declare const POOL_SLOT_DR: number;
export declare const POOL_W: number;
export declare const POOL_R: number;
export declare const POOL_FREE: number;
export declare const POOL_NFREE: number;
export declare const POOL_HIGH: number;
export declare const POOL_EXHAUSTED: number;
export declare const POOL_WAITERS: number;
