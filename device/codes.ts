// PLACEHOLDER until the message catalog lands: numeric fault codes and future ids.
export const M_TIMERS_FULL = 1;
export const FAULT_TASK_STOPPED = 2;
export const F_SLEEP = 0;
export const M_SETUP_ONLY = 3;
export const M_POLLED_DONE = 4;
export const M_FITS_NOWHERE = 5;
export const M_POOL_EXHAUSTED = 6;
export const M_HELD_BUSY = 7;
export const M_STACK_OVERFLOW = 8;
