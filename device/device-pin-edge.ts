// Edges of one input pin on the device. A source is the index e of [rises, falls, last level, time
// of the last edge, waiters x3] in W. The firmware debounces and calls back on every edge; the
// callback only counts, wakes the waiters and runs the executor.

import { W, PIN, RN } from './program.ts';
import { boardTimeAt, run } from './scheduler.ts';
import { park, unpark, wakeAll } from './waiters.ts';
import { EDGE_FALLING, EDGE_RISING } from '../contract/pin-edge-kinds.ts';

declare function setWatch(fn: (e: { state: boolean; time: number }) => void, pin: unknown, opts: { repeat: boolean; edge: string; debounce: number }): number;


/** Starts counting the edges of pin `pin` (hal.pin()'s number: device/program.ts PIN) into source e. Once, at start. */
// setup: the firmware's edge callback, registered once when the program starts
export function watchPin(e: number, pin: number, debounceMs: number): void {
  setWatch(function (ev): void {
    var v = ev.state ? 1 : 0;
    W[e + (v === 1 ? 0 : 1)]++;
    W[e + 2] = v;
    W[e + 3] = boardTimeAt(ev.time);
    wakeAll(e + 4);
    run(0);
  }, W[PIN + pin] | 0, { repeat: true, edge: 'both', debounce: debounceMs });
}

/** Edges of a kind seen so far. */
export function edgeCount(e: number, edge: number): number {
  return edge === EDGE_RISING ? W[e] : edge === EDGE_FALLING ? W[e + 1] : W[e] + W[e + 1];
}

/**
 * waitEdge. Frame [source, edge kind, count when the wait began, waiter link x4]: ready with the
 * level in RN and its time in RN + 1.
 */
export function pollEdge(w: Float64Array, o: number): number {
  var e = w[o];
  if (edgeCount(e, w[o + 1]) > w[o + 2]) {
    W[RN] = W[e + 2];
    W[RN + 1] = W[e + 3];
    unpark(o + 3);
    return 1;
  }
  park(e + 4, o + 3);
  return 0;
}
