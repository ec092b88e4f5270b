// Bounded channels: a ring of numbers in a Float64Array, or a ring of references in preallocated
// slots. trySend/tryRecv never park, so interrupt-style callbacks can use them; the send/recv
// futures park the task in the channel's waiter sets when it is full or empty.

import { copyArgs, defineFuture, PENDING, READY } from '../executor/abi.ts';
import { checkSize } from '../executor/config.ts';
import type { Executor } from '../executor/executor.ts';
import { WaiterSet } from '../executor/waiter-set.ts';

// Slots of Channel.st.
export const CHANNEL_HEAD = 0;
export const CHANNEL_LENGTH = 1;
export const CHANNEL_HIGH = 2;
export const CHANNEL_REFUSED = 3;

export class Channel {
  readonly capacity: number;
  readonly holdsRefs: boolean;
  readonly nums: Float64Array;
  readonly refs: unknown[];
  /** head, length, high-water mark, sends refused because full */
  readonly st: Int32Array;
  readonly receivers: WaiterSet;
  readonly senders: WaiterSet;

  constructor(ex: Executor, capacity: number, holdsRefs: boolean) {
    this.capacity = checkSize('channel', 'capacity', capacity, 1, 65535);
    this.holdsRefs = holdsRefs;
    this.nums = new Float64Array(holdsRefs ? 0 : capacity);
    this.refs = [];
    if (holdsRefs) for (let i = 0; i < capacity; i++) this.refs.push(undefined);
    this.st = new Int32Array(4);
    this.receivers = new WaiterSet(ex);
    this.senders = new WaiterSet(ex);
  }

  get length(): number { return this.st[CHANNEL_LENGTH]; }
  get highWater(): number { return this.st[CHANNEL_HIGH]; }

  /**
   * Queues a number (or, on a reference channel, `ref`); false when full.
   *
   * Contract: never parks, so an interrupt-style callback may call it; it allocates nothing.
   */
  trySend(ex: Executor, n: number, ref?: unknown): boolean {
    const st = this.st;
    if (st[CHANNEL_LENGTH] === this.capacity) { st[CHANNEL_REFUSED]++; return false; }
    const i = (st[CHANNEL_HEAD] + st[CHANNEL_LENGTH]) % this.capacity;
    if (this.holdsRefs) this.refs[i] = ref;
    else this.nums[i] = n;
    st[CHANNEL_LENGTH]++;
    if (st[CHANNEL_LENGTH] > st[CHANNEL_HIGH]) st[CHANNEL_HIGH] = st[CHANNEL_LENGTH];
    this.receivers.wakeAll(ex);
    return true;
  }

  /**
   * Takes the oldest item into ex.rn[0] / ex.rr; false when empty.
   *
   * Contract: the caller reads ex.rn[0] / ex.rr before anything else writes the result registers.
   */
  tryRecv(ex: Executor): boolean {
    const st = this.st;
    if (st[CHANNEL_LENGTH] === 0) return false;
    const i = st[CHANNEL_HEAD];
    if (this.holdsRefs) {
      ex.rr = this.refs[i];
      this.refs[i] = undefined;
    } else {
      ex.rn[0] = this.nums[i];
    }
    st[CHANNEL_HEAD] = (i + 1) % this.capacity;
    st[CHANNEL_LENGTH]--;
    this.senders.wakeAll(ex);
    return true;
  }
}

// Task code sees a channel through the runtime's opaque handle types (tasks/task-api.ts
// NumberChannel, RefChannel): these marks make a channel made here fit them as it is. They are
// types only; nothing is added at run time.
export type NumberChannelMark = { readonly __frugal: 'number-channel' };
export type RefChannelMark = { readonly __frugal: 'ref-channel' };

/** Contract: made at setup (it allocates its ring), before tasks run. */
// setup: a channel is made once, before the tasks that share it
export function numberChannel(ex: Executor, capacity: number): Channel & NumberChannelMark {
  return new Channel(ex, capacity, false) as Channel & NumberChannelMark;
}

/** Contract: made at setup (it allocates its ring and slots), before tasks run. */
// setup: a channel is made once, before the tasks that share it
export function refChannel(ex: Executor, capacity: number): Channel & RefChannelMark {
  return new Channel(ex, capacity, true) as Channel & RefChannelMark;
}

// frame: words [value], refs [channel, value]
export const ChannelSend = defineFuture({
  name: 'channel.send',
  words: 1,
  refs: 2,
  init: copyArgs(1, 2),
  poll: function (ex, f, w, b, r, rb) {
    const ch = r[rb] as Channel;
    if (ch.trySend(ex, w[b], r[rb + 1])) return READY;
    ch.senders.add(ex, f);
    return PENDING;
  },
});

// frame: refs [channel]
export const ChannelRecv = defineFuture({
  name: 'channel.recv',
  words: 0,
  refs: 1,
  init: copyArgs(0, 1),
  poll: function (ex, f, w, b, r, rb) {
    const ch = r[rb] as Channel;
    if (ch.tryRecv(ex)) return READY;
    ch.receivers.add(ex, f);
    return PENDING;
  },
});

/**
 * Opens a send of `n` (number channel) or `ref` (reference channel).
 *
 * Contract: called while a task is polled (ex.cur), like ex.push; the caller owns the handle and
 * drops it (or awaits it with ex.awaitAt, which drops it).
 */
export function send(ex: Executor, ch: Channel, n: number, ref?: unknown): number {
  ex.an[0] = n;
  ex.ar[0] = ch;
  ex.ar[1] = ref;
  return ex.push(ChannelSend);
}

/**
 * Opens a receive; READY with the item in ex.rn[0] (numbers) or ex.rr (references).
 *
 * Contract: called while a task is polled (ex.cur), like ex.push; the caller owns the handle and
 * drops it (or awaits it with ex.awaitAt, which drops it). Read the result registers before opening or polling anything else.
 */
export function recv(ex: Executor, ch: Channel): number {
  ex.ar[0] = ch;
  return ex.push(ChannelRecv);
}
