// Fault codes: the stable number of every error frugal reports, on the host (executor/messages.ts
// holds each code's text and arguments) and on a device (a fault line `frugal!E<code>,<n>,...`
// that the host decodes). One definition for both runtimes: the device imports the codes it says
// from here, so a code cannot mean one thing in a bundle and another in the catalog.
//
// Contract, for every code:
// - never renumbered, never reused: device output and saved logs carry the numbers, and
//   test/messages.test.ts pins each one;
// - every code has exactly one catalog entry (executor/messages.ts), listed in docs/errors.md.
// To add one: take the number after the last, then add its catalog entry.

export const M_CONFIG_NOT_NUMBER = 1;
export const M_CONFIG_NOT_WHOLE = 2;
export const M_CONFIG_TOO_SMALL = 3;
export const M_CONFIG_TOO_LARGE = 4;
export const M_CONFIG_UNKNOWN_OPTION = 5;
export const M_CONFIG_NOT_OBJECT = 6;
export const M_CONFIG_POLICY = 7;
export const M_CONFIG_RUN_QUEUE_SMALL = 8;
export const M_CONFIG_FRAMES_SMALL = 9;
export const M_CONFIG_TOTAL_LARGE = 10;
export const M_SPAWN_TASKS_FULL = 11;
export const M_SPAWN_ENTRY_TOO_BIG = 12;
export const M_SPAWN_NO_WORDS = 13;
export const M_SPAWN_NO_REFS = 14;
export const M_SPAWN_FRAMES_FULL = 15;
export const M_TASK_HANDLE_STALE = 16;
export const M_TASK_HANDLE_UNKNOWN = 17;
export const M_CANCEL_SELF = 18;
export const M_BUSY_LOOP = 19;
export const M_FUTURE_HANDLE_ZERO = 20;
export const M_FUTURE_HANDLE_DROPPED = 21;
export const M_FUTURE_HANDLE_UNKNOWN = 22;
export const M_FUTURE_OUTSIDE_TASK = 23;
export const M_SIDE_STACK_OVERFLOW = 24;
export const M_HELD_MEMORY_SMALL = 25;
export const M_FRAMES_FULL = 26;
export const M_TIMERS_FULL = 27;
export const M_BRANCH_COUNT = 28;
export const M_FUTURE_BAD_SIZE = 29;
export const M_MAXSPACE_SMALL = 30;
export const M_POLICY_INVALID = 31;
export const M_POOL_FITS_NOWHERE = 32;
export const M_POOL_EXHAUSTED = 33;
export const M_ADAPTER_SHARED = 34;
export const M_NO_ADAPTER = 35;
export const M_HELD_BUSY = 36;
export const M_IMPL_LACKS_METHOD = 37;
export const M_IMPL_EXTRA_METHOD = 38;
export const M_UNKNOWN_BOARD = 39;
export const M_SIM_BAD_TIME = 40;
export const M_SIM_NO_PIN = 41;
export const M_PIN_WATCHED = 42;
export const M_SIM_BAD_PORT = 43;
export const M_SIM_SCRIPT_FULL = 44;
export const M_HAL_PIN_COUNT = 45;
export const M_HAL_NO_PIN_OBJECT = 46;
export const M_HAL_PIN_NOT_BUILT = 47;
export const M_HAL_NO_PORT = 48;
export const M_BOARD_NO_PIN = 49;
export const M_BOARD_NO_ANALOG = 50;
export const M_BOARD_NO_SENSOR = 51;
export const M_SERIAL_TAKEN = 52;
export const M_BOARD_NO_PORT = 53;
export const M_PIN_NUMBER_UNKNOWN = 54;
export const M_SENSOR_KIND = 55;
export const M_SENSOR_NOT_ANALOG = 56;
export const M_SENSOR_MISSING = 57;
export const M_SENSOR_HAL = 58;
export const M_NOT_LOWERED_METHOD = 59;
export const M_NOT_LOWERED_FUNCTION = 60;
export const M_SPAWN_ARITY = 61;
export const M_BAD_ARGUMENTS = 62;
// Said by the device runtime (device/), whose faults carry the numbers it has: task and adapter
// indexes, sizes. Its adapters are named by their label in the build's name map.
export const M_TASK_STOPPED = 63;
export const M_DEVICE_SETUP_ONLY = 64;
export const M_POLLED_AFTER_DONE = 65;
export const M_DEVICE_FITS_NOWHERE = 66;
export const M_DEVICE_POOL_EXHAUSTED = 67;
export const M_DEVICE_HELD_BUSY = 68;
export const M_DEVICE_STACK_OVERFLOW = 69;
export const M_DYN_NO_METHOD = 70;
// Queues of the board's events (boards/board-events.ts), refused at setup.
export const M_EVENTS_SOURCE = 71;
export const M_EVENTS_BOARD = 72;
export const M_EVENTS_OPTION = 73;
// Task pools: task code that starts, stops and waits for tasks (tasks/task-api.ts spawn, cancel,
// running, waitTask), on both runtimes, and setup's taskPool.
export const M_TASK_NOT_HANDLE = 74;
export const M_CANCEL_NOT_RUNNING = 75;
export const M_WAIT_SELF = 76;
export const M_TASK_POOL_NO_SLOTS = 77;
export const M_TASK_POOL_METHOD = 78;
/** sleep, sleepUntil or timeout given NaN or an infinite time: said by both runtimes, at the sleep's first poll. */
export const M_TIME_NOT_FINITE = 79;

/**
 * The device runtime's own futures by id, as the build's name map lists them (its `futures`):
 * a device fault names a future by this number. Set once per future kind the device runtime has.
 */
export const F_SLEEP = 0;
/** The sleep of a sleepUntil(), and the one a timeout() opens: the same future, named by the call for M_TIME_NOT_FINITE. */
export const F_SLEEP_UNTIL = 1;
export const F_TIMEOUT = 2;
/** Their names, indexed by id (bundler/device-image.ts writes them into the name map). */
export const DEVICE_FUTURE_NAMES: readonly string[] = ['sleep', 'sleepUntil', 'timeout'];
