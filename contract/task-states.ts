// A task's state, as the host's task table (executor/task-table.ts) and the device's (W[T_STATE + t],
// device/scheduler.ts) hold it, and as the budget report names it. One set of numbers for both
// runtimes: the host reads a device's task states out of its memory with these.

/**
 * The slot holds no task. Host only: set when the table is made and never again (an ended,
 * faulted or cancelled task keeps its slot, with its telemetry, until a spawn reuses it). A
 * device's task table is fixed at build time, so no device slot is ever free.
 */
export const TASK_FREE = 0;
/**
 * Spawned and not yet stopped: it may be queued, polled, woken. Set by a spawn (on a device, by the
 * build for every task setup spawned). Cannot coexist with a finished entry future.
 */
export const TASK_LIVE = 1;
/**
 * Its entry future returned READY. Set once, by the run loop right after that poll; the task holds
 * no frame, timer, waiter entry or pool slot from then on, and is never polled again.
 */
export const TASK_ENDED = 2;
/**
 * Its poll (or its drop) threw. Set once, by the run loop, which then drops its entry future and
 * takes back whatever the drop left (timers, waiter entries, pool slots); never polled again.
 */
export const TASK_FAULTED = 3;
/** Stopped by a cancel from outside the task (host executor only). Like TASK_ENDED, it holds nothing. */
export const TASK_CANCELLED = 4;

/** The states by number, as the budget report prints them. */
export const TASK_STATE_NAMES: readonly string[] = ['free', 'live', 'ended', 'faulted', 'cancelled'];
