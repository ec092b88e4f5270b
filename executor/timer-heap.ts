// Pending deadlines as a binary min-heap over typed arrays. Entries are named by a handle with a
// generation, so a sleep that drops after its timer fired cannot remove a reused entry. Equal
// deadlines fire in the order they were added (contract/timer-order.ts), so the
// order tasks wake in does not depend on the heap's shape, and the device's timer table
// (device/timers.ts) fires them in the same order.

import { firesBefore } from '../contract/timer-order.ts';
import { nextTimerGeneration, timerEntry, timerGeneration, timerHandle } from './timer-handle.ts';

// Slots of TimerHeap.st.
export const TIMERS_SIZE = 0;
export const TIMERS_FREE = 1;
export const TIMERS_HIGH = 2;
export const TIMERS_REFUSED = 3;

export class TimerHeap {
  readonly deadline: Float64Array;
  /** When each entry was added: breaks ties between equal deadlines. */
  readonly seq: Float64Array;
  readonly task: Int16Array;
  readonly gen: Uint16Array;
  /** Position of each entry in the heap, -1 when not queued. */
  readonly pos: Int32Array;
  readonly heap: Int32Array;
  readonly free: Int32Array;
  /** size, free count, high-water mark, refusals at capacity */
  readonly st: Int32Array;
  /** The next sequence number (a Float64 so that it never wraps in practice). */
  readonly nextSeq: Float64Array;

  constructor(capacity: number) {
    this.deadline = new Float64Array(capacity);
    this.seq = new Float64Array(capacity);
    this.nextSeq = new Float64Array(1);
    this.task = new Int16Array(capacity);
    this.gen = new Uint16Array(capacity);
    this.pos = new Int32Array(capacity);
    this.heap = new Int32Array(capacity);
    this.free = new Int32Array(capacity);
    this.st = new Int32Array(4);
    for (let i = 0; i < capacity; i++) {
      this.free[i] = capacity - 1 - i;
      this.pos[i] = -1;
      this.gen[i] = 1;
    }
    this.st[TIMERS_FREE] = capacity;
  }

  get capacity(): number { return this.heap.length; }
  get size(): number { return this.st[TIMERS_SIZE]; }

  /** Returns a timer handle (> 0), or 0 when the heap is at capacity. */
  add(deadline: number, task: number): number {
    const st = this.st;
    if (st[TIMERS_FREE] === 0) { st[TIMERS_REFUSED]++; return 0; }
    const id = this.free[--st[TIMERS_FREE]];
    this.deadline[id] = deadline;
    this.seq[id] = this.nextSeq[0]++;
    this.task[id] = task;
    const i = st[TIMERS_SIZE]++;
    if (st[TIMERS_SIZE] > st[TIMERS_HIGH]) st[TIMERS_HIGH] = st[TIMERS_SIZE];
    this.heap[i] = id;
    this.pos[id] = i;
    this.up(i);
    return timerHandle(id, this.gen[id]);
  }

  /** Removes a pending timer; a handle whose timer already fired or was removed is ignored. */
  remove(handle: number): void {
    const id = timerEntry(handle);
    if (id < 0 || id >= this.heap.length || this.gen[id] !== timerGeneration(handle) || this.pos[id] < 0) return;
    this.removeAt(this.pos[id]);
  }

  /** Earliest deadline, or -1 when empty. */
  next(): number {
    return this.st[TIMERS_SIZE] === 0 ? -1 : this.deadline[this.heap[0]];
  }

  /** Removes the earliest entry whose deadline is <= now and returns its task, or -1. */
  popExpired(now: number): number {
    if (this.st[TIMERS_SIZE] === 0) return -1;
    const id = this.heap[0];
    if (this.deadline[id] > now) return -1;
    const t = this.task[id];
    this.removeAt(0);
    return t;
  }

  /** Drops every entry of a task (backstop when a task ends with timers its futures did not drop). */
  removeTask(t: number): number {
    let n = 0;
    // removeAt moves other entries around the heap, so the scan starts over after each removal.
    let i = this.st[TIMERS_SIZE] - 1;
    while (i >= 0) {
      if (this.task[this.heap[i]] === t) {
        this.removeAt(i);
        n++;
        i = this.st[TIMERS_SIZE] - 1;
      } else {
        i--;
      }
    }
    return n;
  }

  private removeAt(i: number): void {
    const st = this.st;
    const id = this.heap[i];
    this.pos[id] = -1;
    this.gen[id] = nextTimerGeneration(this.gen[id]);
    this.free[st[TIMERS_FREE]++] = id;
    const last = --st[TIMERS_SIZE];
    if (i !== last) {
      this.heap[i] = this.heap[last];
      this.pos[this.heap[i]] = i;
      this.down(i);
      this.up(i);
    }
  }

  /** Entry a fires before entry b: an earlier deadline, or the same one added earlier. */
  private before(a: number, b: number): boolean {
    return firesBefore(this.deadline[a], this.seq[a], this.deadline[b], this.seq[b]);
  }

  private up(i: number): void {
    const h = this.heap;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.before(h[i], h[p])) break;
      this.swap(i, p);
      i = p;
    }
  }

  private down(i: number): void {
    const h = this.heap, n = this.st[TIMERS_SIZE];
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      let m = l;
      if (l + 1 < n && this.before(h[l + 1], h[l])) m = l + 1;
      if (!this.before(h[m], h[i])) break;
      this.swap(i, m);
      i = m;
    }
  }

  private swap(i: number, j: number): void {
    const h = this.heap;
    const a = h[i];
    h[i] = h[j];
    h[j] = a;
    this.pos[h[i]] = i;
    this.pos[h[j]] = j;
  }
}
