// Which of two due timers fires first, on the host (executor/timer-heap.ts) and on a device
// (device/timers.ts): the earlier deadline, and for equal deadlines the one added first. Every
// timer takes a sequence number from a counter that only grows when it is added, so two timers
// never share one, and the order is total: a run on the host and on the board wakes tasks in the
// same order, which is what makes their outputs comparable line by line.

/**
 * True when the timer (deadlineA, seqA) fires before (deadlineB, seqB).
 * - Deadlines are board times in ms; sequence numbers are distinct.
 */
export function firesBefore(deadlineA: number, seqA: number, deadlineB: number, seqB: number): boolean {
  return deadlineA < deadlineB || deadlineA === deadlineB && seqA < seqB;
}
