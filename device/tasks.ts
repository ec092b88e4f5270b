// The fixed task table of one program, seen from the device runtime: how to poll and drop each
// task's entry future and the starting state. Each build generates the real module
// (bundler/device-image.ts); these declarations only give the device sources their types.

/**
 * Polls task t's entry future, its frame at w[b] / r[rb], once: 1 when it completed, 0 when
 * pending. With one entry function for every task it is that function itself.
 */
export declare function pollTask(w: Float64Array, b: number, r?: unknown[], rb?: number, t?: number): number;
/** Drops task t's entry future (its live children, pending finally blocks) after a fault. */
export declare function dropTask(w: Float64Array, b: number, r: unknown[], rb: number, t: number): void;
/**
 * The rest of stopping task t, as the program needs it: unlinks what it may still hold after its
 * drop (waiter entries: a backstop for drops that faulted), moves its slot's generation on (its
 * handle goes stale) and wakes whoever waits for a task's end.
 */
export declare function releaseTask(t: number): void;
/** Polls the future of implementation f (a dyn object's) with its frame at w[b] / r[rb]. */
export declare function dynPoll(f: number, w: Float64Array, b: number, r: unknown[], rb: number): number;
/** Drops the future of implementation f with its frame at w[b] / r[rb]. */
export declare function dynDrop(f: number, w: Float64Array, b: number, r: unknown[], rb: number): void;
/**
 * Writes the starting frame of a task of task pool p (its record's index in W) in slot t: the
 * words a frame must start with zeroed, and the arguments spawn() left in the registers (numbers
 * at W[RN..], references at R[1..]) at the pool function's parameter slots.
 */
export declare function startTask(p: number, t: number): void;
