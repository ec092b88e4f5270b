// Model-based properties of the executor's building blocks: random operation sequences run against
// the typed-array structure and against a few lines of plain JavaScript that obviously do the same
// thing; any difference is a bug in the structure (or in the model, which the shrunk case shows).
//
// They run 20,000 times each under `npm test` (MODEL_RUNS), on worlds of up to a few hundred
// operations and capacities up to 64: bugs in a heap's sift or an allocator's coalescing show only
// in deep heaps and fragmented spans. Operations are generated as plain integers and decoded: for
// 20,000 runs of up to 200 operations fast-check generates the integers in about 0.2 s, one record
// per operation in over a second, which is more than the checks themselves take.

import fc from 'fast-check';
import { defineFuture, PENDING, READY } from '../../executor/abi.ts';
import { Channel, CHANNEL_HEAD, CHANNEL_REFUSED } from '../../primitives/channel.ts';
import { Executor } from '../../executor/executor.ts';
import { frameIndex } from '../../executor/frame-handle.ts';
import { RangeAllocator, RANGES_COUNT } from '../../executor/range-allocator.ts';
import { RQ_HEAD, RunQueue } from '../../executor/run-queue.ts';
import { TimerHeap } from '../../executor/timer-heap.ts';
import { timerEntry, timerGeneration } from '../../executor/timer-handle.ts';
import { WAIT_HEAD, WaiterSet } from '../../executor/waiter-set.ts';

function fail(msg: string): never {
  throw new Error(msg);
}

/** Where a check failed; built only then (per step it would cost more than the check). */
function at(step: number, op: unknown): string {
  return 'step ' + step + ' ' + JSON.stringify(op) + ': ';
}

// ---- timer heap ----------------------------------------------------------------------------------

export type TimerOp =
  | { k: 'add'; deadline: number; task: number }
  | { k: 'remove'; nth: number }
  | { k: 'pop'; now: number }
  | { k: 'removeTask'; task: number };

// Weights: adds dominate so that heaps grow deep; pops and removals keep them moving.
function timerOp(x: number): TimerOp {
  const k = x % 9, v = Math.floor(x / 9);
  if (k < 5) return { k: 'add', deadline: v % 41, task: Math.floor(v / 41) % 6 };
  if (k < 7) return { k: 'pop', now: v % 41 };
  if (k < 8) return { k: 'remove', nth: v % 1024 };
  return { k: 'removeTask', task: v % 6 };
}

export const timerOpsArb: fc.Arbitrary<{ capacity: number; ops: TimerOp[] }> = fc.record({
  capacity: fc.integer({ min: 1, max: 64 }),
  ops: fc.array(fc.nat({ max: 9 * 41 * 6 - 1 }), { maxLength: 200, size: 'max' }).map((xs) => xs.map(timerOp)),
});

/** Replays the ops; returns '' when the heap agreed with the model throughout, else what differed. */
export function checkTimerHeap(capacity: number, ops: TimerOp[]): string {
  const th = new TimerHeap(capacity);
  const issued: { h: number; deadline: number; task: number }[] = [];
  let live: { h: number; deadline: number; task: number }[] = [];
  const inHeap = (h: number): boolean => {
    const id = timerEntry(h);
    return th.gen[id] === timerGeneration(h) && th.pos[id] >= 0;
  };
  for (let step = 0; step < ops.length; step++) {
    const op = ops[step];
    if (op.k === 'add') {
      const h = th.add(op.deadline, op.task);
      if ((h === 0) !== (live.length === capacity)) return at(step, op) + 'add returned ' + h + ' with ' + live.length + ' of ' + capacity + ' pending';
      if (h !== 0) { const e = { h, deadline: op.deadline, task: op.task }; issued.push(e); live.push(e); }
    } else if (op.k === 'remove') {
      if (issued.length === 0) continue;
      const e = issued[op.nth % issued.length];
      th.remove(e.h);
      live = live.filter((x) => x !== e);
    } else if (op.k === 'pop') {
      const min = live.reduce((m, x) => Math.min(m, x.deadline), Infinity);
      const t = th.popExpired(op.now);
      if (min > op.now) {
        if (t !== -1) return at(step, op) + 'popped task ' + t + ' though the earliest deadline is ' + min;
        continue;
      }
      // Equal deadlines fire in the order they were added; live is in that order.
      const want = live.find((x) => x.deadline === min)!;
      const gone = live.filter((x) => !inHeap(x.h));
      if (gone.length !== 1 || gone[0] !== want || t !== want.task) {
        return at(step, op) + 'expected timer ' + want.h + ' (deadline ' + min + ', task ' + want.task + ') to fire, task ' + t + ' returned, gone: ' + JSON.stringify(gone);
      }
      live = live.filter((x) => x !== want);
    } else {
      const want = live.filter((x) => x.task === op.task).length;
      const n = th.removeTask(op.task);
      live = live.filter((x) => x.task !== op.task);
      const left = issued.filter((x) => x.task === op.task && inHeap(x.h));
      if (n !== want || left.length > 0) return at(step, op) + 'removed ' + n + ' of ' + want + ' timers; still pending for the task: ' + JSON.stringify(left);
    }
    if (th.size !== live.length) return at(step, op) + 'size ' + th.size + ', model ' + live.length;
    for (const x of live) if (!inHeap(x.h)) return at(step, op) + 'timer ' + x.h + ' vanished';
    const min = live.reduce((m, x) => Math.min(m, x.deadline), Infinity);
    if (th.next() !== (live.length === 0 ? -1 : min)) return at(step, op) + 'next() ' + th.next() + ', model ' + min;
    for (let i = 1; i < th.size; i++) {
      const p = th.heap[(i - 1) >> 1], c = th.heap[i];
      if (th.deadline[p] > th.deadline[c] || th.deadline[p] === th.deadline[c] && th.seq[p] > th.seq[c]) return at(step, op) + 'heap order broken at ' + i;
      if (th.pos[th.heap[i]] !== i) return at(step, op) + 'pos of entry at ' + i + ' is ' + th.pos[th.heap[i]];
    }
  }
  return '';
}

// ---- range allocator -----------------------------------------------------------------------------

export type RangeOp = { k: 'alloc'; n: number } | { k: 'release'; nth: number };

function rangeOp(x: number): RangeOp {
  return x % 2 === 0 ? { k: 'alloc', n: Math.floor(x / 2) % 17 } : { k: 'release', nth: Math.floor(x / 2) };
}

const rangeOpsArb = fc.record({
  total: fc.integer({ min: 0, max: 64 }),
  maxRanges: fc.integer({ min: 1, max: 16 }),
  ops: fc.array(fc.nat({ max: 2 * 17 * 64 - 1 }), { maxLength: 200, size: 'max' }).map((xs) => xs.map(rangeOp)),
});

export function checkRangeAllocator(total: number, maxRanges: number, ops: RangeOp[]): string {
  const ra = new RangeAllocator(0, total, maxRanges);
  let used: { s: number; n: number }[] = [];
  for (let step = 0; step < ops.length; step++) {
    const op = ops[step];
    if (op.k === 'alloc') {
      // The allocator holds at most maxRanges + 1 free ranges; the executor never allocates more
      // ranges than tasks, so neither does the model.
      if (used.length >= maxRanges) continue;
      const sorted = used.slice().sort((a, b) => a.s - b.s);
      let first = -1, cursor = 0;
      for (const u of sorted.concat([{ s: total, n: 0 }])) {
        if (u.s - cursor >= op.n) { first = cursor; break; }
        cursor = u.s + u.n;
      }
      const s = ra.alloc(op.n);
      if (op.n === 0) { if (s !== 0) return at(step, op) + 'alloc(0) returned ' + s; continue; }
      if (s !== first) return at(step, op) + 'alloc returned ' + s + ', first fit is ' + first;
      if (s >= 0) used.push({ s, n: op.n });
    } else {
      if (used.length === 0) continue;
      const u = used[op.nth % used.length];
      ra.release(u.s, u.n);
      used = used.filter((x) => x !== u);
    }
    const free = total - used.reduce((m, x) => m + x.n, 0);
    if (ra.free !== free) return at(step, op) + 'free ' + ra.free + ', model ' + free;
    for (let i = 0; i < ra.st[RANGES_COUNT]; i++) {
      if (ra.len[i] <= 0) return at(step, op) + 'empty free range kept at ' + i;
      if (i > 0 && ra.start[i - 1] + ra.len[i - 1] >= ra.start[i]) return at(step, op) + 'free ranges ' + (i - 1) + ' and ' + i + ' overlap or touch';
      for (const x of used) {
        if (ra.start[i] < x.s + x.n && x.s < ra.start[i] + ra.len[i]) return at(step, op) + 'free range ' + i + ' overlaps allocated ' + JSON.stringify(x);
      }
    }
  }
  return '';
}

/** The smallest executor: the models use one structure of it, the rest should cost nothing per run. */
const BARE = { maxTasks: 1, sideStackWords: 1, sideStackRefs: 0, scratchWords: 0, scratchRefs: 0, poolSlots: 0, timerCapacity: 1 };

// ---- run queue and waiter set --------------------------------------------------------------------

export type QueueOp = { k: 'push'; t: number } | { k: 'shift' } | { k: 'remove'; t: number } | { k: 'wakeAll' };

function queueOp(x: number): QueueOp {
  const k = x % 7, t = Math.floor(x / 7);
  return k < 3 ? { k: 'push', t } : k < 5 ? { k: 'shift' } : k < 6 ? { k: 'remove', t } : { k: 'wakeAll' };
}

const queueOpsArb = fc.record({
  maxTasks: fc.integer({ min: 1, max: 64 }),
  extra: fc.integer({ min: 0, max: 2 }),
  ops: fc.array(fc.nat({ max: 7 * 64 - 1 }), { maxLength: 160, size: 'max' }).map((xs) => xs.map(queueOp)),
});

/**
 * A push queues task t and parks its future (frame t) in a waiter set; a shift or remove takes both
 * out again; wakeAll empties the set, leaving the queue as it is.
 */
export function checkQueues(maxTasks: number, extra: number, ops: QueueOp[]): string {
  const q = new RunQueue(maxTasks + extra, maxTasks);
  // The waiter list links frames; frame index t stands for task t's waiting future here.
  const ex = new Executor({ ...BARE, maxTasks: maxTasks, maxFrames: maxTasks });
  const ws = new WaiterSet(ex);
  let model: number[] = [];
  let parked: number[] = [];
  for (let step = 0; step < ops.length; step++) {
    const op = ops[step];
    if (op.k === 'push') {
      const t = op.t % maxTasks;
      q.push(t);
      ws.add(ex, t);
      if (model.indexOf(t) < 0) model.push(t);
      if (parked.indexOf(t) < 0) parked.push(t);
    } else if (op.k === 'shift') {
      const t = q.shift();
      const want = model.length ? model.shift() as number : -1;
      if (t !== want) return at(step, op) + 'run queue gave ' + t + ', FIFO order says ' + want;
      if (want >= 0) {
        ws.remove(ex, want);
        parked = parked.filter((x) => x !== want);
      }
    } else if (op.k === 'remove') {
      const t = op.t % maxTasks;
      q.remove(t);
      ws.remove(ex, t);
      model = model.filter((x) => x !== t);
      parked = parked.filter((x) => x !== t);
    } else {
      ws.wakeAll(ex);
      parked = [];
    }
    if (q.length !== model.length) return at(step, op) + 'run queue length ' + q.length + ', model ' + model.length;
    for (let k = 0; k < model.length; k++) {
      if (q.ids[(q.st[RQ_HEAD] + k) % q.ids.length] !== model[k]) return at(step, op) + 'run queue order differs at ' + k;
    }
    let flagged = 0;
    for (let t = 0; t < maxTasks; t++) flagged += q.queued[t];
    for (const t of model) if (q.queued[t] !== 1) return at(step, op) + 'queued flag of ' + t + ' not set';
    if (flagged !== model.length) return at(step, op) + flagged + ' queued flags set for ' + model.length + ' queued tasks';
    if (ws.length !== parked.length) return at(step, op) + ws.length + ' waiters, model ' + parked.length;
    let f = ws.st[WAIT_HEAD];
    for (let k = 0; k < parked.length; k++) {
      if (f !== parked[k]) return at(step, op) + 'waiter order differs at ' + k;
      f = ex.frames.waitNext[f];
    }
    if (f !== -1) return at(step, op) + 'waiter list longer than its count';
    let waiting = 0;
    for (let t = 0; t < maxTasks; t++) if (ex.frames.waitSet[t] !== -1) waiting++;
    if (waiting !== parked.length) return at(step, op) + waiting + ' frames marked as waiting, model ' + parked.length;
  }
  return '';
}

// ---- channel ring --------------------------------------------------------------------------------

const channelOpsArb = fc.record({
  capacity: fc.integer({ min: 1, max: 64 }),
  refs: fc.boolean(),
  // As many receives as sends: the ring both fills up and runs empty, wrapping all the while.
  ops: fc.array(fc.integer({ min: -99, max: 99 }), { maxLength: 240, size: 'max' }).map((xs) => xs.map((x) => x < 0 ? -1 : x)),
});

/** ops: a number >= 0 is trySend of it, -1 is tryRecv. */
export function checkChannel(capacity: number, refs: boolean, ops: number[]): string {
  const ex = new Executor(BARE);
  const ch = new Channel(ex, capacity, refs);
  const model: number[] = [];
  let high = 0, refused = 0;
  for (let step = 0; step < ops.length; step++) {
    const v = ops[step];
    const op = v < 0 ? 'recv' : 'send ' + v;
    if (v >= 0) {
      const ok = ch.trySend(ex, v, { v });
      if (ok !== (model.length < capacity)) return at(step, op) + 'trySend said ' + ok + ' with ' + model.length + ' of ' + capacity;
      if (ok) model.push(v); else refused++;
      high = Math.max(high, model.length);
    } else {
      ex.rn[0] = -7;
      ex.rr = undefined;
      const ok = ch.tryRecv(ex);
      if (ok !== (model.length > 0)) return at(step, op) + 'tryRecv said ' + ok + ' with ' + model.length + ' queued';
      if (ok) {
        const want = model.shift() as number;
        const got = refs ? (ex.rr as { v: number }).v : ex.rn[0];
        if (got !== want) return at(step, op) + 'received ' + got + ', FIFO says ' + want;
      }
    }
    if (ch.length !== model.length || ch.highWater !== high || ch.st[CHANNEL_REFUSED] !== refused) return at(step, op) + 'length/high-water/refused differ';
    if (refs) for (let i = 0; i < capacity; i++) {
      // A slot not holding a queued item must not keep a reference alive.
      const k = (i - ch.st[CHANNEL_HEAD] + capacity) % capacity;
      if (k >= model.length && ch.refs[i] !== undefined) return at(step, op) + 'slot ' + i + ' still holds a reference';
    }
  }
  return '';
}

// ---- pool hand-off -------------------------------------------------------------------------------

export type PoolOp =
  | { k: 'open' }               // a call takes a free slot, or finds none (an exhaustion)
  | { k: 'wait' }               // a call parks for a slot; only while none is free, as PoolWait does
  | { k: 'close'; nth: number } // a call in a slot ends: the slot goes to the longest waiter, else back
  | { k: 'leave'; nth: number } // a parked call is dropped, before or after a slot was handed to it
  | { k: 'claim'; nth: number };// a call handed a slot opens its frame there

function poolOp(x: number): PoolOp {
  const k = x % 8, nth = Math.floor(x / 8);
  return k < 2 ? { k: 'open' } : k < 4 ? { k: 'wait' } : k < 6 ? { k: 'close', nth } : k < 7 ? { k: 'leave', nth } : { k: 'claim', nth };
}

const poolOpsArb = fc.record({
  slots: fc.integer({ min: 1, max: 64 }),
  ops: fc.array(fc.nat({ max: 8 * 128 - 1 }), { maxLength: 200, size: 'max' }).map((xs) => xs.map(poolOp)),
});

// Frames stand for the calls: a pool frame is a call in a slot, a held frame parked in the pool's
// waiter set is a waiting call (what PoolWait's frame is), outside any task.
const PoolCall = defineFuture({ name: 'model.pool-call', words: 1, refs: 0, poll: () => READY });
const PoolWaiter = defineFuture({ name: 'model.pool-waiter', words: 0, refs: 0, poll: () => PENDING });
const NO_WORDS = new Float64Array(0);
const NO_REFS: unknown[] = [];
const MAX_WAITERS = 64;

/** The model's side of a freed slot: the longest waiter gets it, else it is free (returns 1 then). */
function giveBack(free: Uint8Array, waiting: number[], handed: { h: number; s: number }[], s: number): number {
  const h = waiting.shift();
  if (h !== undefined) {
    handed.push({ h, s });
    return 0;
  }
  free[s] = 1;
  return 1;
}

export function checkPool(slots: number, ops: PoolOp[]): string {
  const ex = new Executor({ ...BARE, poolSlots: slots, poolSlotWords: 1, maxFrames: slots + MAX_WAITERS });
  const pool = ex.pool, fr = ex.frames;
  // free[s] = 1 while slot s is free; seen[] catches a slot on the free list twice.
  const free = new Uint8Array(slots).fill(1);
  const seen = new Int32Array(slots);
  let nfree = slots;
  const held: { h: number; s: number }[] = [];
  const waiting: number[] = [];
  const handed: { h: number; s: number }[] = [];
  let exhausted = 0;
  for (let step = 0; step < ops.length; step++) {
    const op = ops[step];
    if (op.k === 'open') {
      const h = ex.inPool(PoolCall);
      if (nfree === 0) {
        if (h !== 0) return at(step, op) + 'a call got a slot with none free';
        exhausted++;
      } else {
        if (h === 0) return at(step, op) + 'no slot with ' + nfree + ' free';
        const s = fr.slot[frameIndex(h)];
        if (free[s] !== 1) return at(step, op) + 'got slot ' + s + ', which is not free';
        free[s] = 0;
        nfree--;
        held.push({ h, s });
      }
    } else if (op.k === 'wait') {
      if (nfree > 0 || waiting.length + handed.length === MAX_WAITERS) continue;
      const h = ex.inHeld(PoolWaiter, NO_WORDS, NO_REFS);
      pool.waiters.add(ex, frameIndex(h));
      waiting.push(h);
    } else if (op.k === 'close') {
      if (held.length === 0) continue;
      const c = held.splice(op.nth % held.length, 1)[0];
      ex.drop(c.h);
      nfree += giveBack(free, waiting, handed, c.s);
    } else if (op.k === 'leave') {
      const n = waiting.length + handed.length;
      if (n === 0) continue;
      const i = op.nth % n;
      if (i < waiting.length) {
        ex.drop(waiting.splice(i, 1)[0]);
      } else {
        const x = handed.splice(i - waiting.length, 1)[0];
        ex.drop(x.h);
        nfree += giveBack(free, waiting, handed, x.s);
      }
    } else {
      if (handed.length === 0) continue;
      const x = handed.splice(op.nth % handed.length, 1)[0];
      const f = frameIndex(x.h);
      if (fr.slot[f] !== x.s) return at(step, op) + 'waiter ' + f + ' holds slot ' + fr.slot[f] + ', handed ' + x.s;
      fr.slot[f] = -1;
      held.push({ h: ex.inSlot(PoolCall, x.s), s: x.s });
      ex.drop(x.h);
    }
    if (pool.free !== nfree) return at(step, op) + 'free ' + pool.free + ', model ' + nfree;
    for (let i = 0; i < pool.free; i++) {
      const s = pool.freeSlots[i];
      if (free[s] !== 1 || seen[s] === step + 1) return at(step, op) + 'slot ' + s + ' on the free list is not free, or twice on it';
      seen[s] = step + 1;
    }
    if (pool.exhausted !== exhausted) return at(step, op) + 'exhausted ' + pool.exhausted + ', model ' + exhausted;
    if (pool.waiters.length !== waiting.length) return at(step, op) + pool.waiters.length + ' waiters, model ' + waiting.length;
    let f = pool.waiters.st[WAIT_HEAD];
    for (let k = 0; k < waiting.length; k++) {
      if (f !== frameIndex(waiting[k])) return at(step, op) + 'waiter ' + k + ' is frame ' + f + ', FIFO order says ' + frameIndex(waiting[k]);
      if (fr.slot[f] !== -1) return at(step, op) + 'waiting frame ' + f + ' already holds slot ' + fr.slot[f];
      f = fr.waitNext[f];
    }
    if (f !== -1) return at(step, op) + 'waiter list longer than its count';
    for (const x of handed) if (fr.waitSet[frameIndex(x.h)] !== -1 || fr.slot[frameIndex(x.h)] !== x.s) return at(step, op) + 'frame handed slot ' + x.s + ' still waits or lost it';
    for (const x of held) if (!ex.isLive(x.h) || fr.slot[frameIndex(x.h)] !== x.s) return at(step, op) + 'call in slot ' + x.s + ' lost it';
    if (fr.inUse !== held.length + waiting.length + handed.length) return at(step, op) + fr.inUse + ' frames in use, model ' + (held.length + waiting.length + handed.length);
  }
  return '';
}

export interface ModelProperty {
  name: string;
  what: string;
  property: () => fc.IProperty<any>;
}

export const MODEL_PROPERTIES: ModelProperty[] = [
  {
    name: 'timer heap',
    what: 'TimerHeap against a list: add at capacity, remove by (stale) handle, popExpired order, removeTask, heap order',
    property: () => fc.property(timerOpsArb, ({ capacity, ops }) => {
      const r = checkTimerHeap(capacity, ops);
      if (r !== '') fail(r);
    }),
  },
  {
    name: 'range allocator',
    what: 'RangeAllocator against a list of ranges: first fit, coalescing, free total',
    property: () => fc.property(rangeOpsArb, ({ total, maxRanges, ops }) => {
      const r = checkRangeAllocator(total, maxRanges, ops);
      if (r !== '') fail(r);
    }),
  },
  {
    name: 'run queue and waiter set',
    what: 'RunQueue and WaiterSet against FIFO arrays: each task at most once, order kept by remove, wakeAll empties the set',
    property: () => fc.property(queueOpsArb, ({ maxTasks, extra, ops }) => {
      const r = checkQueues(maxTasks, extra, ops);
      if (r !== '') fail(r);
    }),
  },
  {
    name: 'pool hand-off',
    what: "Pool and its waiter set against a free set and a FIFO array: takes, exhaustion, a freed slot handed to the longest waiter, waiters dropped before and after the hand-off",
    property: () => fc.property(poolOpsArb, ({ slots, ops }) => {
      const r = checkPool(slots, ops);
      if (r !== '') fail(r);
    }),
  },
  {
    name: 'channel ring',
    what: 'Channel trySend/tryRecv against an array, numbers and references',
    property: () => fc.property(channelOpsArb, ({ capacity, refs, ops }) => {
      const r = checkChannel(capacity, refs, ops);
      if (r !== '') fail(r);
    }),
  },
];
