// Scripted board events (pin edges, serial bytes) kept sorted by time in typed arrays. Adding
// happens before or between runs; a run only advances a cursor.

import { fail, M_SIM_SCRIPT_FULL } from '../../executor/messages.ts';

export class EventScript {
  readonly time: Float64Array;
  readonly kind: Uint8Array;
  readonly a: Int32Array;
  readonly b: Int32Array;
  /** count, cursor */
  readonly st: Int32Array;

  constructor(capacity: number) {
    this.time = new Float64Array(capacity);
    this.kind = new Uint8Array(capacity);
    this.a = new Int32Array(capacity);
    this.b = new Int32Array(capacity);
    this.st = new Int32Array(2);
  }

  add(t: number, kind: number, a: number, b: number): void {
    const st = this.st;
    if (st[0] === this.time.length) {
      // Reclaim the events already fired before giving up.
      this.compact();
      if (st[0] === this.time.length) {
        throw fail(M_SIM_SCRIPT_FULL, [this.time.length]);
      }
    }
    // Insertion keeps time order; equal times keep the order they were scripted in.
    let i = st[0];
    while (i > st[1] && this.time[i - 1] > t) {
      this.time[i] = this.time[i - 1];
      this.kind[i] = this.kind[i - 1];
      this.a[i] = this.a[i - 1];
      this.b[i] = this.b[i - 1];
      i--;
    }
    this.time[i] = t;
    this.kind[i] = kind;
    this.a[i] = a;
    this.b[i] = b;
    st[0]++;
  }

  /** Time of the next unfired event, or -1. */
  nextTime(): number {
    return this.st[1] < this.st[0] ? this.time[this.st[1]] : -1;
  }

  /** Index of the next event, advancing past it. */
  take(): number {
    return this.st[1]++;
  }

  get pending(): number { return this.st[0] - this.st[1]; }

  private compact(): void {
    const st = this.st;
    const from = st[1];
    for (let i = from; i < st[0]; i++) {
      this.time[i - from] = this.time[i];
      this.kind[i - from] = this.kind[i];
      this.a[i - from] = this.a[i];
      this.b[i - from] = this.b[i];
    }
    st[0] -= from;
    st[1] = 0;
  }
}
