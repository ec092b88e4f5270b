// Bounded channels on the device. A channel is the index c of its descriptor in W:
// [head, length, high-water mark, sends refused because full, capacity, ring, holds references,
// receivers x3, senders x3]; `ring` is the index of its items in W, or in R for a channel of
// references. trySend never parks, so pin and serial callbacks can use it.

import { R, W, RN } from './program.ts';
import { park, unpark, wakeAll } from './waiters.ts';
import { CH_CAP, CH_HEAD, CH_HIGH, CH_LEN, CH_RECEIVERS, CH_REFS, CH_REFUSED, CH_RING, CH_SENDERS } from './layout.ts';


function put(c: number, n: number, ref: unknown): boolean {
  if (W[c + CH_LEN] === W[c + CH_CAP]) {
    W[c + CH_REFUSED]++;
    return false;
  }
  var i = W[c + CH_RING] + (W[c + CH_HEAD] + W[c + CH_LEN]) % W[c + CH_CAP];
  if (W[c + CH_REFS] === 1) R[i] = ref;
  else W[i] = n;
  if (++W[c + CH_LEN] > W[c + CH_HIGH]) W[c + CH_HIGH] = W[c + CH_LEN];
  wakeAll(c + CH_RECEIVERS);
  return true;
}

/** Queues n unless the number channel c is full. */
export function trySend(c: number, n: number): boolean {
  return put(c, n, 0);
}

/** Takes the oldest item into RN (numbers) or R[0] (references); false when empty. */
function take(c: number): boolean {
  if (W[c + CH_LEN] === 0) return false;
  var i = W[c + CH_RING] + W[c + CH_HEAD];
  if (W[c + CH_REFS] === 1) {
    R[0] = R[i];
    R[i] = undefined;
  } else {
    W[RN] = W[i];
  }
  W[c + CH_HEAD] = (W[c + CH_HEAD] + 1) % W[c + CH_CAP];
  W[c + CH_LEN]--;
  wakeAll(c + CH_SENDERS);
  return true;
}

/** recv / recvRef. Frame [channel, waiter link x4]. */
export function pollRecv(w: Float64Array, o: number): number {
  if (take(w[o])) {
    unpark(o + 1);
    return 1;
  }
  park(w[o] + CH_RECEIVERS, o + 1);
  return 0;
}

/** send. Frame [channel, number, waiter link x4]. */
export function pollSend(w: Float64Array, o: number): number {
  if (put(w[o], w[o + 1], 0)) {
    unpark(o + 2);
    return 1;
  }
  park(w[o] + CH_SENDERS, o + 2);
  return 0;
}

/** sendRef. Frame [channel, unused, waiter link x4], references [value]. */
export function pollSendRef(w: Float64Array, o: number, r: unknown[], ro: number): number {
  if (put(w[o], 0, r[ro])) {
    r[ro] = undefined;
    unpark(o + 2);
    return 1;
  }
  park(w[o] + CH_SENDERS, o + 2);
  return 0;
}
