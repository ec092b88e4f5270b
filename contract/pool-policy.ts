// What ScratchOrPool does when a frame fits no scratch and the pool is full, as the host config
// names it ('error' | 'wait' | 'box', executor/config.ts) and as a device's adapter record holds it
// (a number, device/device-dyn.ts). The device build writes POLICY_NAMES.indexOf(name).

/** Refuse the call: a fault naming the adapter, the task and the frame. */
export const POLICY_ERROR = 0;
/** Park the call until a slot is freed, then hand that slot to the longest waiter. */
export const POLICY_WAIT = 1;
/** Put the frame in a box of its own on the heap: the one policy that allocates, opt-in. */
export const POLICY_BOX = 2;

/** The policies by number, as the config names them. */
export const POLICY_NAMES: readonly string[] = ['error', 'wait', 'box'];
