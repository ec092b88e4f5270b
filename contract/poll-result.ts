// What a poll returns, on the host (executor/abi.ts) and on a device (every device poll function,
// and the generated task dispatch), as numbers so that a poll's result is compared with ===.

/** Not complete: the future has arranged a wake (a timer, a waiter entry) before returning this. */
export const PENDING = 0;
/** Complete: its result is in the result registers, and the future must not be polled again. */
export const READY = 1;
