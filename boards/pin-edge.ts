// Edges of one input pin as a wakeable source. The board's watch callback (an interrupt on a
// device) only bumps counters in a typed array and wakes waiting tasks: no allocation, and a
// burst of edges between two polls costs a few writes each.

import { defineFuture, PENDING, READY } from '../executor/abi.ts';
import type { Executor } from '../executor/executor.ts';
import { WaiterSet } from '../executor/waiter-set.ts';
import type { Hal } from './hal.ts';
import { EDGE_FALLING, EDGE_RISING } from '../contract/pin-edge-kinds.ts';


// Slots of PinEdges.st.
export const EDGE_LEVEL = 0;
export const EDGE_TIME = 1;

export class PinEdges {
  /** Type-only: what task code's PinEdges handle stands for (tasks/task-api.ts). */
  declare readonly __frugal: 'pin-edges';
  readonly pin: number;
  /** rises, falls: Uint32 so that counting never boxes a number, even in unoptimized code */
  readonly counts: Uint32Array;
  /** last level, time of the last edge */
  readonly st: Float64Array;
  readonly waiters: WaiterSet;

  constructor(ex: Executor, hal: Hal, pin: number, debounceMs: number) {
    const self = this;
    this.pin = pin;
    this.counts = new Uint32Array(2);
    this.st = new Float64Array(2);
    this.waiters = new WaiterSet(ex);
    hal.watch(pin, debounceMs, function (value: number, timeMs: number): void {
      self.counts[value ? 0 : 1]++;
      self.st[EDGE_LEVEL] = value;
      self.st[EDGE_TIME] = timeMs;
      self.waiters.wakeAll(ex);
    });
  }

  /** Edges of the given kind seen so far. */
  count(edge: number): number {
    return edge === EDGE_RISING ? this.counts[0] : edge === EDGE_FALLING ? this.counts[1] : this.counts[0] + this.counts[1];
  }
}

// frame: words [edge kind, count when the wait began], refs [source]
export const WaitEdge = defineFuture({
  name: 'pin.waitEdge',
  words: 2,
  refs: 1,
  init: function (ex, f, w, b, r, rb) {
    const src = ex.ar[0] as PinEdges;
    r[rb] = src;
    w[b] = ex.an[0];
    w[b + 1] = src.count(ex.an[0]);
  },
  poll: function (ex, f, w, b, r, rb) {
    const src = r[rb] as PinEdges;
    if (src.count(w[b]) > w[b + 1]) {
      ex.rn[0] = src.st[EDGE_LEVEL];
      ex.rn[1] = src.st[EDGE_TIME];
      return READY;
    }
    src.waiters.add(ex, f);
    return PENDING;
  },
});

/** Opens a wait for the next edge of a kind; READY with the level in ex.rn[0], its time in ex.rn[1]. */
export function waitEdge(ex: Executor, src: PinEdges, edge: number): number {
  ex.an[0] = edge;
  ex.ar[0] = src;
  return ex.push(WaitEdge);
}
