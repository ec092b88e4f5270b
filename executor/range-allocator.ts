// First-fit allocator of contiguous ranges over a fixed span, with coalescing on free. It hands out
// the per-task side stacks and scratch so that a spawn may ask for sizes other than the defaults
// while staying inside the total budget. Free ranges live sorted in typed arrays.

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
      this.st[0] = 1;
    }
    this.st[1] = total;
    this.st[2] = total;
  }

  get free(): number { return this.st[1]; }

  largestFree(): number {
    let m = 0;
    for (let i = 0; i < this.st[0]; i++) if (this.len[i] > m) m = this.len[i];
    return m;
  }

  /** Start of a range of n units, or -1 when no free range is large enough. n = 0 always succeeds. */
  alloc(n: number): number {
    if (n === 0) return 0;
    const count = this.st[0];
    for (let i = 0; i < count; i++) {
      if (this.len[i] >= n) {
        const s = this.start[i];
        this.start[i] += n;
        this.len[i] -= n;
        if (this.len[i] === 0) this.removeRange(i);
        this.st[1] -= n;
        if (this.st[1] < this.st[2]) this.st[2] = this.st[1];
        return s;
      }
    }
    return -1;
  }

  release(s: number, n: number): void {
    if (n === 0) return;
    this.st[1] += n;
    let count = this.st[0];
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
      this.st[0] = ++count;
    }
  }

  private removeRange(i: number): void {
    const count = --this.st[0];
    for (let j = i; j < count; j++) {
      this.start[j] = this.start[j + 1];
      this.len[j] = this.len[j + 1];
    }
  }
}
