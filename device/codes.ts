// The fault codes the device runtime says. The catalog (executor/messages.ts) holds their texts and
// stays on the host; a leaf module of plain numbers here keeps it out of the bundle and lets the
// bundler write each number in place (test/messages.test.ts checks they match the catalog's).

export const M_TIMERS_FULL = 27;
export const M_TASK_STOPPED = 63;
export const M_DEVICE_SETUP_ONLY = 64;
export const M_POLLED_AFTER_DONE = 65;
export const M_DEVICE_FITS_NOWHERE = 66;
export const M_DEVICE_POOL_EXHAUSTED = 67;
export const M_DEVICE_HELD_BUSY = 68;
export const M_DEVICE_STACK_OVERFLOW = 69;

/** The device's futures by id, as the build's name map lists them (bundler/device-image.ts). */
export const F_SLEEP = 0;
