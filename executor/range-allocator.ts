// First-fit allocator of contiguous ranges over a fixed span, with coalescing on free. It hands out
// the per-task side stacks and scratch so that a spawn may ask for sizes other than the defaults
// while staying inside the total budget. Free ranges live sorted in typed arrays.

// Slots of RangeAllocator.st.
export const RANGES_COUNT = 0;
export const RANGES_FREE = 1;
export const RANGES_LOW = 2;

export class RangeAllocator {
  readonly start: Int32Array;
  readonly len: Int32Array;
  /** free-range count, total free, low-water mark of total free */
  readonly st: Int32Array;
  readonly total: number;

  constructor(base: number, total: number, maxRanges: number) {
    this.start = new Int32Array(maxRanges + 1);
    this.len = new Int32Array(maxRanges + 1);
    this.st = new Int32Array(3);
    this.total = total;
    if (total > 0) {
      this.start[0] = base;
      this.len[0] = total;
      this.st[RANGES_COUNT] = 1;
    }
    this.st[RANGES_FREE] = total;
    this.st[RANGES_LOW] = total;
  }

  get free(): number { return this.st[RANGES_FREE]; }

  largestFree(): number {
    let m = 0;
    for (let i = 0; i < this.st[RANGES_COUNT]; i++) if (this.len[i] > m) m = this.len[i];
    return m;
  }

  /** Start of a range of n units, or -1 when no free range is large enough. n = 0 always succeeds. */
  alloc(n: number): number {
    if (n === 0) return 0;
    const count = this.st[RANGES_COUNT];
    for (let i = 0; i < count; i++) {
      if (this.len[i] >= n) {
        const s = this.start[i];
        this.start[i] += n;
        this.len[i] -= n;
        if (this.len[i] === 0) this.removeRange(i);
        this.st[RANGES_FREE] -= n;
        if (this.st[RANGES_FREE] < this.st[RANGES_LOW]) this.st[RANGES_LOW] = this.st[RANGES_FREE];
        return s;
      }
    }
    return -1;
  }

  release(s: number, n: number): void {
    if (n === 0) return;
    this.st[RANGES_FREE] += n;
    let count = this.st[RANGES_COUNT];
    let i = 0;
    while (i < count && this.start[i] < s) i++;
    const joinPrev = i > 0 && this.start[i - 1] + this.len[i - 1] === s;
    const joinNext = i < count && s + n === this.start[i];
    if (joinPrev && joinNext) {
      this.len[i - 1] += n + this.len[i];
      this.removeRange(i);
    } else if (joinPrev) {
      this.len[i - 1] += n;
    } else if (joinNext) {
      this.start[i] = s;
      this.len[i] += n;
    } else {
      for (let j = count; j > i; j--) {
        this.start[j] = this.start[j - 1];
        this.len[j] = this.len[j - 1];
      }
      this.start[i] = s;
      this.len[i] = n;
      this.st[RANGES_COUNT] = ++count;
    }
  }

  private removeRange(i: number): void {
    const count = --this.st[RANGES_COUNT];
    for (let j = i; j < count; j++) {
      this.start[j] = this.start[j + 1];
      this.len[j] = this.len[j + 1];
    }
  }
}
