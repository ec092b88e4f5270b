// Every live future has one entry here: where its frame lives, which vtable polls it, which task owns
// it and a generation that makes handles to a freed entry detectably stale. Struct of arrays, so
// opening and freeing a frame is a few typed-array writes and a free-list pop/push.

import { nextFrameGeneration } from './frame-handle.ts';

// Where a frame's memory comes from, which decides how it is given back.
export const KIND_STACK = 1;   // a task's side stack, LIFO
export const KIND_SCRATCH = 2; // a task's scratch, one frame at a time
export const KIND_POOL = 3;    // a bounded pool slot
export const KIND_EMBED = 4;   // inside its parent's frame: nothing to give back
export const KIND_BOX = 5;     // a fresh heap array (Boxing, fromPromise): the only allocating kind
export const KIND_HELD = 6;    // memory an adapter holds and reuses (Inline, MaxSpace, cached boxes)

export const KIND_NAMES = ['', 'side stack', 'scratch', 'pool', 'embedded', 'box', 'adapter'];

// Slots of FrameTable.st.
export const FRAMES_FREE = 0;
export const FRAMES_HIGH = 1;
export const FRAMES_REFUSED = 2;

export class FrameTable {
  readonly gen: Uint16Array;
  readonly live: Uint8Array;
  readonly kind: Uint8Array;
  readonly vt: Uint16Array;
  readonly task: Int16Array;
  readonly base: Int32Array;
  readonly rbase: Int32Array;
  /** Pool slot for KIND_POOL frames. */
  readonly slot: Int32Array;
  /** 1 when the frame's memory is boxW/boxR (its own heap arrays or a boxed parent's). */
  readonly boxed: Uint8Array;
  /** WaiterSet the frame is parked in (-1: none), and its neighbours in that set's list. */
  readonly waitSet: Int16Array;
  readonly waitPrev: Int32Array;
  readonly waitNext: Int32Array;
  readonly freeList: Int32Array;
  /** free count, high-water mark of live entries, refusals because the table was full */
  readonly st: Int32Array;
  /** Box memory by frame index; filled only by allocating adapters (short in practice). */
  readonly boxW: Float64Array[];
  readonly boxR: unknown[][];

  constructor(capacity: number) {
    this.gen = new Uint16Array(capacity);
    this.live = new Uint8Array(capacity);
    this.kind = new Uint8Array(capacity);
    this.vt = new Uint16Array(capacity);
    this.task = new Int16Array(capacity);
    this.base = new Int32Array(capacity);
    this.rbase = new Int32Array(capacity);
    this.slot = new Int32Array(capacity);
    this.boxed = new Uint8Array(capacity);
    this.waitSet = new Int16Array(capacity);
    this.waitPrev = new Int32Array(capacity);
    this.waitNext = new Int32Array(capacity);
    this.freeList = new Int32Array(capacity);
    this.st = new Int32Array(3);
    this.boxW = [];
    this.boxR = [];
    for (let i = 0; i < capacity; i++) {
      this.freeList[i] = capacity - 1 - i;
      this.gen[i] = 1;
      this.waitSet[i] = -1;
    }
    this.st[FRAMES_FREE] = capacity;
  }

  get capacity(): number { return this.gen.length; }
  get inUse(): number { return this.gen.length - this.st[FRAMES_FREE]; }

  /** Index of a fresh entry, or -1 when the table is full. */
  take(): number {
    const st = this.st;
    if (st[FRAMES_FREE] === 0) { st[FRAMES_REFUSED]++; return -1; }
    const f = this.freeList[--st[FRAMES_FREE]];
    this.live[f] = 1;
    const used = this.gen.length - st[FRAMES_FREE];
    if (used > st[FRAMES_HIGH]) st[FRAMES_HIGH] = used;
    return f;
  }

  /**
   * Records what entry f (just taken) holds: a future of vtable `vt` of kind `kind` for task t, its
   * frame at word `base` and reference `rbase`, the pool slot it took (-1: none), and, for a frame
   * in memory of its own (`boxW` not null), that memory.
   */
  fill(f: number, kind: number, vt: number, t: number, base: number, rbase: number, slot: number, boxW: Float64Array | null, boxR: unknown[]): void {
    this.kind[f] = kind;
    this.vt[f] = vt;
    this.task[f] = t;
    this.base[f] = base;
    this.rbase[f] = rbase;
    this.slot[f] = slot;
    if (boxW !== null) {
      this.boxed[f] = 1;
      this.boxW[f] = boxW;
      this.boxR[f] = boxR;
    }
  }

  give(f: number): void {
    this.live[f] = 0;
    this.kind[f] = 0;
    this.gen[f] = nextFrameGeneration(this.gen[f]);
    this.freeList[this.st[FRAMES_FREE]++] = f;
  }
}
