// The executor: owns every byte its tasks will use, allocated once here from one config object.
// After construction, spawning, polling, waking, timers and freeing only read and write typed arrays.
// The poll ABI's types (executor/abi.ts re-exports them) are here too: a poll takes the executor,
// and the executor's methods take vtables, so in two modules each would import the other.

import { PENDING, READY } from '../contract/poll-result.ts';
import { fitsIn } from '../contract/fit.ts';
import { resolveConfig, type ExecutorConfig, type ExecutorOptions } from './config.ts';
import type { FrugalError } from './errors.ts';
import { logFault, type Fault } from './fault-log.ts';
import {
  FrameTable, KIND_BOX, KIND_EMBED, KIND_HELD, KIND_NAMES, KIND_POOL, KIND_SCRATCH, KIND_STACK,
} from './frame-table.ts';
import { FRAME_GEN_SCALE, FRAME_GEN_SHIFT, FRAME_INDEX_MASK, frameGeneration, frameIndex } from './frame-handle.ts';
import { Pool } from './pool.ts';
import { RangeAllocator } from './range-allocator.ts';
import { RunQueue } from './run-queue.ts';
import { stackHasRoom, stackOverflow, stackPop, stackPush } from './task-stack.ts';
import type { SpawnOptions } from './spawn-options.ts';
import { TASK_CANCELLED, TASK_ENDED, TASK_FAULTED, TASK_LIVE, TaskTable } from './task-table.ts';
import { nextTaskGeneration, taskGeneration, taskHandle, taskIndex } from '../contract/task-handle.ts';
import { reserveTaskPool, type TaskPool } from './task-pool.ts';
import { startTask } from './task-start.ts';
import { TimerHeap } from './timer-heap.ts';
import {
  fail, M_BUSY_LOOP, M_CANCEL_SELF, M_FRAMES_FULL, M_FUTURE_HANDLE_DROPPED, M_FUTURE_HANDLE_UNKNOWN, M_FUTURE_HANDLE_ZERO,
  M_FUTURE_OUTSIDE_TASK, M_HELD_MEMORY_SMALL, M_TASK_HANDLE_STALE, M_TASK_HANDLE_UNKNOWN, taskArg,
} from './messages.ts';
import { WAIT_HEAD, WaiterSet } from './waiter-set.ts';

// Stats slots. Counters are Uint32 (they wrap after 2^32): V8's unoptimized code boxes every
// Float64Array read into a fresh heap number, an Int32/Uint32 read stays a small integer.
const S_POLLS = 0;
const S_WAKES = 1;
const S_SPAWNED = 2;
const S_ENDED = 3;
const S_FAULTS = 4;
const S_CANCELLED = 5;
const S_LEAKED = 6;
const S_BOXED = 7;

export type PollFn = (ex: Executor, f: number, w: Float64Array, b: number, r: unknown[], rb: number) => number;
export type FrameFn = (ex: Executor, f: number, w: Float64Array, b: number, r: unknown[], rb: number) => void;

export interface Vtable {
  readonly id: number;
  readonly name: string;
  /** Frame size in words (Float64 each). */
  readonly words: number;
  /** Reference slots the frame needs. */
  readonly refs: number;
  /** Copies arguments from the executor's argument registers (ex.an, ex.ar) into a zeroed frame. */
  readonly init: FrameFn;
  /** Returns READY with the result in ex.rn / ex.rr, or PENDING after arranging a wake. */
  readonly poll: PollFn;
  /** Releases what a live frame holds (child futures, timers); must not touch results. */
  readonly drop: FrameFn;
  /** False when the spec gave no drop: freeing such a frame skips the call. */
  readonly hasDrop: boolean;
}

export interface VtableSpec {
  name: string;
  words: number;
  refs: number;
  init?: FrameFn;
  poll: PollFn;
  drop?: FrameFn;
}

// Vtables are registered once, at module load, so a frame stores only a small integer.
export const VTABLES: Vtable[] = [];

/** What an adapter shows the budget report: its strategy, label and counters (contract/adapter-counters.ts). */
export interface AdapterTelemetry {
  readonly strategy: string;
  readonly label: string;
  readonly stats: Uint32Array;
}

export class Executor {
  readonly config: ExecutorConfig;
  /** All frame words: task arena (side stacks + scratch), then the pool. */
  readonly w: Float64Array;
  /** All frame reference slots, laid out like w. */
  readonly r: unknown[];
  readonly frames: FrameTable;
  readonly tasks: TaskTable;
  readonly words: RangeAllocator;
  readonly refs: RangeAllocator;
  readonly pool: Pool;
  readonly timers: TimerHeap;
  readonly runQueue: RunQueue;
  /** Argument registers read by a vtable's init. */
  readonly an: Float64Array;
  readonly ar: unknown[];
  /** Result registers written by a poll that returns READY. */
  readonly rn: Float64Array;
  rr: unknown;
  /** Index of the child that completed a select (or 1 when a timeout fired). */
  which: number;
  /** Virtual or real time in ms, set by the board through advanceTo. */
  now: number;
  /** Task being polled or released, -1 between polls. */
  cur: number;
  readonly stats: Uint32Array;
  readonly faults: Fault[];
  /** Adapters that made a call on this executor, for the budget report. Each registers once. */
  readonly adapters: AdapterTelemetry[];
  /** Every WaiterSet made for this executor, by id (made at setup; short). */
  readonly waitSets: WaiterSet[];
  /** The task pools setup reserved (reservePool), by id. */
  readonly taskPools: TaskPool[];
  /** Futures waiting for some task to stop (tasks/lowered.ts waitTask): woken at every task's end. */
  readonly taskEnds: WaiterSet;
  onFault: ((ex: Executor, fault: Fault) => void) | null;
  onExit: ((ex: Executor, task: number) => void) | null;
  /** Called before (phase 0) and after (phase 1) every task poll when set: tracing costs nothing off. */
  onPoll: ((ex: Executor, task: number, phase: number) => void) | null;

  constructor(options?: ExecutorOptions) {
    const c = resolveConfig(options);
    this.config = c;
    const taskWords = c.maxTasks * (c.sideStackWords + c.scratchWords);
    const taskRefs = c.maxTasks * (c.sideStackRefs + c.scratchRefs);
    this.w = new Float64Array(taskWords + c.poolSlots * c.poolSlotWords);
    const nrefs = taskRefs + c.poolSlots * c.poolSlotRefs;
    this.r = [];
    for (let i = 0; i < nrefs; i++) this.r.push(undefined);
    this.frames = new FrameTable(c.maxFrames);
    this.tasks = new TaskTable(c.maxTasks);
    this.words = new RangeAllocator(0, taskWords, c.maxTasks);
    this.refs = new RangeAllocator(0, taskRefs, c.maxTasks);
    this.waitSets = [];
    this.taskPools = [];
    this.taskEnds = new WaiterSet(this);
    this.pool = new Pool(c.poolSlots, c.poolSlotWords, c.poolSlotRefs, taskWords, taskRefs, new WaiterSet(this));
    this.timers = new TimerHeap(c.timerCapacity);
    this.runQueue = new RunQueue(c.runQueueCapacity, c.maxTasks);
    this.an = new Float64Array(8);
    this.ar = [undefined, undefined, undefined, undefined];
    this.rn = new Float64Array(8);
    this.rr = undefined;
    this.which = 0;
    this.now = 0;
    this.cur = -1;
    this.stats = new Uint32Array(8);
    this.faults = [];
    this.adapters = [];
    this.onFault = null;
    this.onExit = null;
    this.onPoll = null;
  }

  // ---- tasks -------------------------------------------------------------------------------

  /**
   * Starts a task whose entry future is `entry`, with arguments already in ex.an / ex.ar.
   * Returns a task handle. Throws a 'spawn' error naming the full budget; nothing is taken then
   * (executor/task-start.ts).
   */
  spawn(entry: Vtable, opts?: SpawnOptions): number {
    return startTask(this, entry, opts);
  }

  /**
   * Reserves `slots` task slots for a pool of tasks of `entry`, each with its side stack and
   * scratch (executor/task-pool.ts reserveTaskPool). A method, so that the build's sizing can see
   * each pool setup declares, as it sees each spawn.
   */
  // setup: a pool is reserved once, in setup, before any task runs
  reservePool(entry: Vtable, slots: number, opts?: SpawnOptions): TaskPool {
    return reserveTaskPool(this, entry, slots, opts);
  }

  /**
   * Runs a task of `entry` in task slot t, which spawn or a task pool has just made live with its
   * memory (executor/task-start.ts, task-pool.ts), its arguments in ex.an / ex.ar: its entry frame
   * pushed, the task queued. Returns its handle.
   * - A frame is free (the caller checked: nothing can fail here).
   */
  startIn(t: number, entry: Vtable): number {
    const ts = this.tasks;
    this.stats[S_SPAWNED]++;
    const prev = this.cur;
    this.cur = t;
    try {
      ts.root[t] = this.push(entry);
    } finally {
      this.cur = prev;
    }
    this.wake(t);
    return taskHandle(t, ts.gen[t]);
  }

  /** Task id behind a task handle; throws a clear error when the task has ended since. */
  taskOf(handle: number): number {
    const t = taskIndex(handle);
    const ts = this.tasks;
    if (t >= ts.capacity || ts.gen[t] !== taskGeneration(handle) || ts.state[t] !== TASK_LIVE) {
      throw t < ts.capacity ? fail(M_TASK_HANDLE_STALE, [handle, taskArg(this, t)]) : fail(M_TASK_HANDLE_UNKNOWN, [handle, t]);
    }
    return t;
  }

  isRunning(handle: number): boolean {
    const t = taskIndex(handle);
    return t < this.tasks.capacity && this.tasks.gen[t] === taskGeneration(handle) && this.tasks.state[t] === TASK_LIVE;
  }

  /** Stops a task: drops every live future of it (children first) and returns all of its memory. */
  cancel(handle: number): void {
    const t = this.taskOf(handle);
    if (t === this.cur) {
      throw fail(M_CANCEL_SELF, [taskArg(this, t)]);
    }
    this.stats[S_CANCELLED]++;
    this.release(t, TASK_CANCELLED);
  }

  /** Marks a task ready to poll. Idempotent and allocation-free: safe from interrupt-style callbacks. */
  wake(t: number): void {
    if (this.tasks.state[t] !== TASK_LIVE || this.runQueue.queued[t] === 1) return;
    this.runQueue.push(t);
    this.tasks.wakes[t]++;
    this.stats[S_WAKES]++;
  }

  /** Polls every queued task once (tasks woken meanwhile wait for the next pass). Returns polls made. */
  runPass(): number {
    const n = this.runQueue.length;
    for (let i = 0; i < n; i++) this.pollTask(this.runQueue.shift());
    return n;
  }

  /** Polls until no task is ready. Throws when maxPolls is reached: some task never stops yielding. */
  runUntilIdle(maxPolls?: number): number {
    const limit = maxPolls === undefined ? 1000000 : maxPolls;
    let polls = 0;
    while (this.runQueue.length > 0) {
      if (polls >= limit) {
        throw fail(M_BUSY_LOOP, [this.runQueue.length, limit]);
      }
      this.pollTask(this.runQueue.shift());
      polls++;
    }
    return polls;
  }

  /** Moves the clock forward and wakes every task whose deadline has passed. */
  advanceTo(now: number): void {
    if (now > this.now) this.now = now;
    let t = this.timers.popExpired(this.now);
    while (t >= 0) {
      this.wake(t);
      t = this.timers.popExpired(this.now);
    }
  }

  /** Earliest timer deadline in ms, or -1 when no timer is pending. */
  nextDeadline(): number {
    return this.timers.next();
  }

  liveTasks(): number {
    let n = 0;
    for (let i = 0; i < this.tasks.capacity; i++) if (this.tasks.state[i] === TASK_LIVE) n++;
    return n;
  }

  private pollTask(t: number): void {
    const ts = this.tasks;
    if (t < 0 || ts.state[t] !== TASK_LIVE) return;
    const hook = this.onPoll;
    if (hook !== null) hook(this, t, 0);
    this.cur = t;
    ts.polls[t]++;
    this.stats[S_POLLS]++;
    let r = PENDING;
    try {
      r = this.poll(ts.root[t]);
    } catch (e) {
      this.cur = -1;
      this.fault(t, 'poll', e);
      if (hook !== null) hook(this, t, 1);
      return;
    }
    this.cur = -1;
    if (r === READY) {
      ts.result[t] = this.rn[0];
      this.stats[S_ENDED]++;
      this.release(t, TASK_ENDED);
      if (this.onExit !== null) this.onExit(this, t);
    }
    if (hook !== null) hook(this, t, 1);
  }

  // error path: a task faulted; its record is made once per fault and kept in the log
  private fault(t: number, phase: string, e: unknown): void {
    const f = logFault(this.faults, t, this.tasks.name[t], phase, e);
    this.stats[S_FAULTS]++;
    // Reported before the release, whose drops may fault too: onFault sees them in log order.
    if (this.onFault !== null) this.onFault(this, f);
    if (phase === 'poll') this.release(t, TASK_FAULTED);
  }

  private release(t: number, endState: number): void {
    const ts = this.tasks;
    const prev = this.cur;
    this.cur = t;
    const root = ts.root[t];
    ts.root[t] = 0;
    // The task is no longer live from here on, so wakes issued by drops are ignored.
    ts.state[t] = endState;
    if (root !== 0) {
      try {
        this.drop(root);
      } catch (e) {
        this.fault(t, 'drop', e);
      }
    }
    // Backstop: frames a faulty drop did not release still belong to the task.
    const fr = this.frames;
    for (let f = 0; f < fr.capacity; f++) {
      if (fr.live[f] === 1 && fr.task[f] === t) {
        this.stats[S_LEAKED]++;
        this.freeFrame(f, VTABLES[fr.vt[f]], true);
      }
    }
    this.timers.removeTask(t);
    this.runQueue.remove(t);
    // A pool's slot keeps its memory for the pool's next task.
    if (ts.pool[t] === 0) {
      this.words.release(ts.wordBase[t], ts.stackWords[t] + ts.scratchWords[t]);
      this.refs.release(ts.refBase[t], ts.stackRefs[t] + ts.scratchRefs[t]);
    }
    ts.stackTop[t] = ts.wordBase[t];
    ts.stackRTop[t] = ts.refBase[t];
    ts.scratchUser[t] = 0;
    ts.gen[t] = nextTaskGeneration(ts.gen[t]);
    this.cur = prev;
    // Whoever waits for a task's end looks again (tasks/lowered.ts waitTask).
    this.taskEnds.wakeAll(this);
  }

  // ---- futures -----------------------------------------------------------------------------

  /** Frame index behind a future handle; throws a clear error for a stale or foreign handle. */
  frameOf(h: number): number {
    const f = h & FRAME_INDEX_MASK;
    const fr = this.frames;
    if (f >= fr.capacity || fr.live[f] === 0 || fr.gen[f] !== (h >>> FRAME_GEN_SHIFT)) {
      throw this.staleHandle(h);
    }
    return f;
  }

  private staleHandle(h: number): FrugalError {
    const f = frameIndex(h);
    if (h === 0) return fail(M_FUTURE_HANDLE_ZERO, []);
    if (f < this.frames.capacity && h > 0) return fail(M_FUTURE_HANDLE_DROPPED, [h, f, frameGeneration(h), this.frames.gen[f]]);
    return fail(M_FUTURE_HANDLE_UNKNOWN, [h]);
  }

  poll(h: number): number {
    const f = h & FRAME_INDEX_MASK;
    const fr = this.frames;
    if (f >= fr.capacity || fr.live[f] === 0 || fr.gen[f] !== (h >>> FRAME_GEN_SHIFT)) throw this.staleHandle(h);
    const vt = VTABLES[fr.vt[f]];
    if (fr.boxed[f] === 1) return vt.poll(this, f, fr.boxW[f], fr.base[f], fr.boxR[f], fr.rbase[f]);
    return vt.poll(this, f, this.w, fr.base[f], this.r, fr.rbase[f]);
  }

  /** Runs the future's drop and gives its memory back. A handle is dead afterwards. */
  drop(h: number): void {
    const f = this.frameOf(h);
    this.dropFrame(f, VTABLES[this.frames.vt[f]]);
  }

  private dropFrame(f: number, vt: Vtable): void {
    if (!vt.hasDrop) {
      this.freeFrame(f, vt, false);
      return;
    }
    const fr = this.frames;
    // The memory goes back even when the drop throws: the error is the caller's to report.
    try {
      if (fr.boxed[f] === 1) vt.drop(this, f, fr.boxW[f], fr.base[f], fr.boxR[f], fr.rbase[f]);
      else vt.drop(this, f, this.w, fr.base[f], this.r, fr.rbase[f]);
    } finally {
      this.freeFrame(f, vt, false);
    }
  }

  /**
   * Awaits the child whose handle is stored in w[i]: polls it and, when READY, clears the slot and
   * drops the child. The result stays in ex.rn / ex.rr (drops never touch them). The handle is
   * checked once; the poll itself cannot free its own frame, so only a re-check of the entry is
   * needed before the drop.
   *
   * Contract: w[i] holds a live handle (0 or a dropped one throws stale-handle); read the result
   * registers before opening or polling anything else, which may overwrite them.
   */
  awaitAt(w: Float64Array, i: number): number {
    const h = w[i];
    const f = h & FRAME_INDEX_MASK;
    const fr = this.frames;
    const gen = h >>> FRAME_GEN_SHIFT;
    if (f >= fr.capacity || fr.live[f] === 0 || fr.gen[f] !== gen) throw this.staleHandle(h);
    const vt = VTABLES[fr.vt[f]];
    const r = fr.boxed[f] === 1 ? vt.poll(this, f, fr.boxW[f], fr.base[f], fr.boxR[f], fr.rbase[f]) :
      vt.poll(this, f, this.w, fr.base[f], this.r, fr.rbase[f]);
    if (r === PENDING) return PENDING;
    w[i] = 0;
    if (fr.live[f] === 0 || fr.gen[f] !== gen) throw this.staleHandle(h);
    this.dropFrame(f, vt);
    return READY;
  }

  /**
   * Opens a future on the current task's side stack.
   *
   * Contract: called while a task is polled (ex.cur), with the arguments in ex.an / ex.ar; the
   * handle is dropped by its opener. A drop below the top only marks the frame dead: the stack
   * shrinks when everything above it is gone, so keep pushes and drops nested where you can.
   */
  push(vt: Vtable): number {
    const t = this.cur;
    const ts = this.tasks;
    if (t < 0) {
      throw fail(M_FUTURE_OUTSIDE_TASK, [vt]);
    }
    if (!stackHasRoom(ts, t, vt.words, vt.refs)) throw stackOverflow(this.tasks, t, vt);
    const h = this.open(vt, KIND_STACK, this.w, ts.stackTop[t], this.r, ts.stackRTop[t], t, -1);
    stackPush(ts, this.w, t, vt.words, vt.refs);
    return h;
  }

  /**
   * Opens a future inside its parent's frame, at word offset `off` and reference offset `roff`.
   *
   * Contract: the parent reserved vt.words words at `off` and vt.refs references at `roff` for this
   * child, and holds at most one live child there; the child is dropped before the parent is.
   */
  embed(vt: Vtable, parent: number, off: number, roff: number): number {
    const fr = this.frames;
    const boxed = fr.boxed[parent] === 1;
    return this.open(vt, KIND_EMBED, boxed ? fr.boxW[parent] : this.w, fr.base[parent] + off,
      boxed ? fr.boxR[parent] : this.r, fr.rbase[parent] + roff, fr.task[parent], -1);
  }

  /**
   * Opens a future in the current task's scratch, or returns 0 when it is busy or too small.
   *
   * Contract: called while a task is polled (ex.cur); on 0 nothing was opened and the caller
   * places the future elsewhere. One future holds the scratch at a time, until it is dropped.
   */
  inScratch(vt: Vtable): number {
    const t = this.cur;
    if (t < 0) return 0;
    const ts = this.tasks;
    if (vt.words > ts.scratchNeed[t]) ts.scratchNeed[t] = vt.words;
    if (ts.scratchUser[t] !== 0 || !fitsIn(vt.words, vt.refs, ts.scratchWords[t], ts.scratchRefs[t])) return 0;
    const h = this.open(vt, KIND_SCRATCH, this.w, ts.wordBase[t] + ts.stackWords[t], this.r, ts.refBase[t] + ts.stackRefs[t], t, -1);
    ts.scratchUser[t] = h;
    ts.scratchHits[t]++;
    if (vt.words > ts.scratchHigh[t]) ts.scratchHigh[t] = vt.words;
    return h;
  }

  /** Opens a future in a pool slot, or returns 0 when the frame does not fit a slot or no slot is free. */
  inPool(vt: Vtable): number {
    const p = this.pool;
    if (!p.fits(vt.words, vt.refs)) return 0;
    const s = p.take();
    if (s < 0) return 0;
    return this.inSlot(vt, s);
  }

  /** Opens a future in pool slot s, which the caller holds (taken, or handed to its waiting frame). */
  inSlot(vt: Vtable, s: number): number {
    const p = this.pool;
    const h = this.open(vt, KIND_POOL, this.w, p.base + s * p.slotWords, this.r, p.rbase + s * p.slotRefs, this.cur, s);
    if (this.cur >= 0) this.tasks.poolFallbacks[this.cur]++;
    return h;
  }

  /**
   * A slot comes back: it goes straight to the longest-waiting frame (recorded in its frame-table
   * entry), so it stays reserved for that future even if its task polls something else first, and
   * a caller arriving later cannot take it first (FIFO). With nobody waiting it is free again.
   */
  private releaseSlot(s: number): void {
    const ws = this.pool.waiters;
    const f = ws.st[WAIT_HEAD];
    if (f < 0) {
      this.pool.give(s);
      return;
    }
    ws.remove(this, f);
    this.frames.slot[f] = s;
    this.wake(this.frames.task[f]);
  }

  /** Opens a future in fresh heap memory: allocates, and is counted. Only allocating adapters call it. */
  // allocates: the box of an allocating adapter or fromPromise, counted in the budget report
  inBox(vt: Vtable): number {
    const refs: unknown[] = [];
    for (let i = 0; i < vt.refs; i++) refs.push(undefined);
    const h = this.open(vt, KIND_BOX, new Float64Array(vt.words), 0, refs, 0, this.cur, -1);
    this.stats[S_BOXED]++;
    return h;
  }

  /**
   * Opens a future in memory an adapter holds (its own arrays, allocated once and reused). The
   * adapter learns that the memory is free again when isLive(handle) turns false.
   */
  inHeld(vt: Vtable, w: Float64Array, r: unknown[]): number {
    if (w.length < vt.words || r.length < vt.refs) {
      throw fail(M_HELD_MEMORY_SMALL, [vt, vt.words, vt.refs, w.length, r.length]);
    }
    return this.open(vt, KIND_HELD, w, 0, r, 0, this.cur, -1);
  }

  /** True while the future behind h has not been dropped. */
  isLive(h: number): boolean {
    const f = h & FRAME_INDEX_MASK;
    return h > 0 && f < this.frames.capacity && this.frames.live[f] === 1 && this.frames.gen[f] === (h >>> FRAME_GEN_SHIFT);
  }

  private open(vt: Vtable, kind: number, w: Float64Array, base: number, r: unknown[], rbase: number, t: number, slot: number): number {
    const fr = this.frames;
    const f = fr.take();
    if (f < 0) {
      if (slot >= 0) this.releaseSlot(slot);
      throw fail(M_FRAMES_FULL, [vt, fr.capacity]);
    }
    fr.fill(f, kind, vt.id, t, base, rbase, slot, w === this.w ? null : w, r);
    this.clearFrame(vt, w, base, r, rbase);
    vt.init(this, f, w, base, r, rbase);
    return f + fr.gen[f] * FRAME_GEN_SCALE;
  }

  private clearFrame(vt: Vtable, w: Float64Array, b: number, r: unknown[], rb: number): void {
    for (let i = 0; i < vt.words; i++) w[b + i] = 0;
    for (let i = 0; i < vt.refs; i++) r[rb + i] = undefined;
  }

  private freeFrame(f: number, vt: Vtable, taskGone: boolean): void {
    const fr = this.frames;
    const t = fr.task[f];
    const kind = fr.kind[f];
    if (fr.waitSet[f] >= 0) this.waitSets[fr.waitSet[f]].remove(this, f);
    if (fr.boxed[f] === 1) {
      fr.boxed[f] = 0;
      fr.boxW[f] = undefined as unknown as Float64Array;
      fr.boxR[f] = undefined as unknown as unknown[];
    } else {
      const rb = fr.rbase[f];
      for (let i = 0; i < vt.refs; i++) this.r[rb + i] = undefined;
    }
    // A pool frame's slot, or a slot handed to a waiting frame that never used it.
    if (fr.slot[f] >= 0) {
      const s = fr.slot[f];
      fr.slot[f] = -1;
      this.releaseSlot(s);
    }
    if (kind === KIND_SCRATCH && !taskGone) {
      this.tasks.scratchUser[t] = 0;
    } else if (kind === KIND_STACK && !taskGone) {
      stackPop(this.tasks, this.w, t, fr.base[f], fr.rbase[f], vt.words);
    }
    fr.give(f);
  }

  // ---- introspection -----------------------------------------------------------------------

  kindOf(h: number): string {
    return KIND_NAMES[this.frames.kind[this.frameOf(h)]];
  }

  get polls(): number { return this.stats[S_POLLS]; }
  get wakes(): number { return this.stats[S_WAKES]; }
  get leakedFrames(): number { return this.stats[S_LEAKED]; }
  get boxedFrames(): number { return this.stats[S_BOXED]; }
  get spawned(): number { return this.stats[S_SPAWNED]; }
  get ended(): number { return this.stats[S_ENDED]; }
  get faultCount(): number { return this.stats[S_FAULTS]; }
  get cancelled(): number { return this.stats[S_CANCELLED]; }
}
