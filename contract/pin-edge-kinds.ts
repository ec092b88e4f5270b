// Which edges of a pin a task waits for, as task code passes them (tasks/task-api.ts), as the
// simulated and checking HALs count them (boards/pin-edge.ts) and as the device runtime does
// (device/device-pin-edge.ts). A level change is a rise (to 1) or a fall (to 0).

/** Either edge. */
export const EDGE_BOTH = 0;
/** A change to level 1. */
export const EDGE_RISING = 1;
/** A change to level 0. */
export const EDGE_FALLING = 2;
