// Model-based properties of the executor's building blocks: random operation sequences run against
// the typed-array structure and against a few lines of plain JavaScript that obviously do the same
// thing; any difference is a bug in the structure (or in the model, which the shrunk case shows).

import fc from 'fast-check';
import { Channel } from '../../executor/channel.ts';
import { Executor } from '../../executor/executor.ts';
import { RangeAllocator } from '../../executor/range-allocator.ts';
import { RunQueue } from '../../executor/run-queue.ts';
import { TimerHeap } from '../../executor/timer-heap.ts';
import { WaiterSet } from '../../executor/waiter-set.ts';

function fail(msg: string): never {
  throw new Error(msg);
}

// ---- timer heap ----------------------------------------------------------------------------------

export type TimerOp =
  | { k: 'add'; deadline: number; task: number }
  | { k: 'remove'; nth: number }
  | { k: 'pop'; now: number }
  | { k: 'removeTask'; task: number };

export const timerOpsArb: fc.Arbitrary<{ capacity: number; ops: TimerOp[] }> = fc.record({
  capacity: fc.integer({ min: 1, max: 10 }),
  ops: fc.array(fc.oneof(
    { weight: 4, arbitrary: fc.record({ k: fc.constant('add' as const), deadline: fc.integer({ min: 0, max: 12 }), task: fc.integer({ min: 0, max: 2 }) }) },
    { weight: 1, arbitrary: fc.record({ k: fc.constant('remove' as const), nth: fc.nat({ max: 30 }) }) },
    { weight: 1, arbitrary: fc.record({ k: fc.constant('pop' as const), now: fc.integer({ min: 0, max: 12 }) }) },
    { weight: 1, arbitrary: fc.record({ k: fc.constant('removeTask' as const), task: fc.integer({ min: 0, max: 2 }) }) },
  ), { maxLength: 40 }),
});

/** Replays the ops; returns '' when the heap agreed with the model throughout, else what differed. */
export function checkTimerHeap(capacity: number, ops: TimerOp[]): string {
  const th = new TimerHeap(capacity);
  const issued: { h: number; deadline: number; task: number }[] = [];
  let live: { h: number; deadline: number; task: number }[] = [];
  const inHeap = (h: number): boolean => {
    const id = (h & 0xffff) - 1;
    return th.gen[id] === (h >>> 16) && th.pos[id] >= 0;
  };
  for (let step = 0; step < ops.length; step++) {
    const op = ops[step];
    const at = 'step ' + step + ' ' + JSON.stringify(op) + ': ';
    if (op.k === 'add') {
      const h = th.add(op.deadline, op.task);
      if ((h === 0) !== (live.length === capacity)) return at + 'add returned ' + h + ' with ' + live.length + ' of ' + capacity + ' pending';
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
        if (t !== -1) return at + 'popped task ' + t + ' though the earliest deadline is ' + min;
        continue;
      }
      const gone = live.filter((x) => !inHeap(x.h));
      if (gone.length !== 1 || gone[0].deadline !== min || gone[0].task !== t) {
        return at + 'expected one timer with deadline ' + min + ' to fire, task ' + t + ' returned, gone: ' + JSON.stringify(gone);
      }
      live = live.filter((x) => x !== gone[0]);
    } else {
      const want = live.filter((x) => x.task === op.task).length;
      const n = th.removeTask(op.task);
      live = live.filter((x) => x.task !== op.task);
      const left = issued.filter((x) => x.task === op.task && inHeap(x.h));
      if (n !== want || left.length > 0) return at + 'removed ' + n + ' of ' + want + ' timers; still pending for the task: ' + JSON.stringify(left);
    }
    if (th.size !== live.length) return at + 'size ' + th.size + ', model ' + live.length;
    for (const x of live) if (!inHeap(x.h)) return at + 'timer ' + x.h + ' vanished';
    const min = live.reduce((m, x) => Math.min(m, x.deadline), Infinity);
    if (th.next() !== (live.length === 0 ? -1 : min)) return at + 'next() ' + th.next() + ', model ' + min;
    for (let i = 1; i < th.size; i++) {
      if (th.deadline[th.heap[(i - 1) >> 1]] > th.deadline[th.heap[i]]) return at + 'heap order broken at ' + i;
      if (th.pos[th.heap[i]] !== i) return at + 'pos of entry at ' + i + ' is ' + th.pos[th.heap[i]];
    }
  }
  return '';
}

// ---- range allocator -----------------------------------------------------------------------------

export type RangeOp = { k: 'alloc'; n: number } | { k: 'release'; nth: number };

const rangeOpsArb = fc.record({
  total: fc.integer({ min: 0, max: 64 }),
  ops: fc.array(fc.oneof(
    fc.record({ k: fc.constant('alloc' as const), n: fc.integer({ min: 0, max: 24 }) }),
    fc.record({ k: fc.constant('release' as const), nth: fc.nat({ max: 20 }) }),
  ), { maxLength: 40 }),
});

export function checkRangeAllocator(total: number, ops: RangeOp[]): string {
  const maxRanges = 8;
  const ra = new RangeAllocator(0, total, maxRanges);
  let used: { s: number; n: number }[] = [];
  for (let step = 0; step < ops.length; step++) {
    const op = ops[step];
    const at = 'step ' + step + ' ' + JSON.stringify(op) + ': ';
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
      if (op.n === 0) { if (s !== 0) return at + 'alloc(0) returned ' + s; continue; }
      if (s !== first) return at + 'alloc returned ' + s + ', first fit is ' + first;
      if (s >= 0) used.push({ s, n: op.n });
    } else {
      if (used.length === 0) continue;
      const u = used[op.nth % used.length];
      ra.release(u.s, u.n);
      used = used.filter((x) => x !== u);
    }
    const free = total - used.reduce((m, x) => m + x.n, 0);
    if (ra.free !== free) return at + 'free ' + ra.free + ', model ' + free;
    for (let i = 0; i < ra.st[0]; i++) {
      if (ra.len[i] <= 0) return at + 'empty free range kept at ' + i;
      if (i > 0 && ra.start[i - 1] + ra.len[i - 1] >= ra.start[i]) return at + 'free ranges ' + (i - 1) + ' and ' + i + ' overlap or touch';
      for (const x of used) {
        if (ra.start[i] < x.s + x.n && x.s < ra.start[i] + ra.len[i]) return at + 'free range ' + i + ' overlaps allocated ' + JSON.stringify(x);
      }
    }
  }
  return '';
}

// ---- run queue and waiter set --------------------------------------------------------------------

export type QueueOp = { k: 'push'; t: number } | { k: 'shift' } | { k: 'remove'; t: number };

const queueOpsArb = fc.record({
  maxTasks: fc.integer({ min: 1, max: 6 }),
  extra: fc.integer({ min: 0, max: 2 }),
  ops: fc.array(fc.oneof(
    { weight: 3, arbitrary: fc.record({ k: fc.constant('push' as const), t: fc.nat({ max: 5 }) }) },
    { weight: 2, arbitrary: fc.constant({ k: 'shift' as const }) },
    { weight: 1, arbitrary: fc.record({ k: fc.constant('remove' as const), t: fc.nat({ max: 5 }) }) },
  ), { maxLength: 60 }),
});

export function checkQueues(maxTasks: number, extra: number, ops: QueueOp[]): string {
  const q = new RunQueue(maxTasks + extra, maxTasks);
  // The waiter list links frames; frame index t stands for task t's waiting future here.
  const ex = new Executor({ maxTasks: maxTasks, maxFrames: Math.max(maxTasks, 8) });
  const ws = new WaiterSet(ex);
  let model: number[] = [];
  for (let step = 0; step < ops.length; step++) {
    const op = ops[step];
    const at = 'step ' + step + ' ' + JSON.stringify(op) + ': ';
    if (op.k === 'push') {
      const t = op.t % maxTasks;
      q.push(t);
      ws.add(ex, t);
      if (model.indexOf(t) < 0) model.push(t);
    } else if (op.k === 'shift') {
      const t = q.shift();
      const want = model.length ? model.shift() as number : -1;
      if (t !== want) return at + 'run queue gave ' + t + ', FIFO order says ' + want;
      if (want >= 0) ws.remove(ex, want);
    } else {
      const t = op.t % maxTasks;
      q.remove(t);
      ws.remove(ex, t);
      model = model.filter((x) => x !== t);
    }
    if (q.length !== model.length || ws.length !== model.length) return at + 'lengths ' + q.length + '/' + ws.length + ', model ' + model.length;
    let f = ws.st[0];
    for (let k = 0; k < model.length; k++) {
      if (q.ids[(q.st[0] + k) % q.ids.length] !== model[k]) return at + 'run queue order differs at ' + k;
      if (f !== model[k]) return at + 'waiter order differs at ' + k;
      f = ex.frames.waitNext[f];
    }
    if (f !== -1) return at + 'waiter list longer than its count';
    for (let t = 0; t < maxTasks; t++) if ((q.queued[t] === 1) !== (model.indexOf(t) >= 0)) return at + 'queued flag of ' + t + ' wrong';
  }
  return '';
}

// ---- channel ring --------------------------------------------------------------------------------

const channelOpsArb = fc.record({
  capacity: fc.integer({ min: 1, max: 5 }),
  refs: fc.boolean(),
  ops: fc.array(fc.oneof(fc.integer({ min: 0, max: 99 }), fc.constant(-1)), { maxLength: 60 }),
});

/** ops: a number >= 0 is trySend of it, -1 is tryRecv. */
export function checkChannel(capacity: number, refs: boolean, ops: number[]): string {
  const ex = new Executor({ maxTasks: 1 });
  const ch = new Channel(ex, capacity, refs);
  const model: number[] = [];
  let high = 0, refused = 0;
  for (let step = 0; step < ops.length; step++) {
    const v = ops[step];
    const at = 'step ' + step + ' (' + (v < 0 ? 'recv' : 'send ' + v) + '): ';
    if (v >= 0) {
      const ok = ch.trySend(ex, v, { v });
      if (ok !== (model.length < capacity)) return at + 'trySend said ' + ok + ' with ' + model.length + ' of ' + capacity;
      if (ok) model.push(v); else refused++;
      high = Math.max(high, model.length);
    } else {
      ex.rn[0] = -7;
      ex.rr = undefined;
      const ok = ch.tryRecv(ex);
      if (ok !== (model.length > 0)) return at + 'tryRecv said ' + ok + ' with ' + model.length + ' queued';
      if (ok) {
        const want = model.shift() as number;
        const got = refs ? (ex.rr as { v: number }).v : ex.rn[0];
        if (got !== want) return at + 'received ' + got + ', FIFO says ' + want;
      }
    }
    if (ch.length !== model.length || ch.highWater !== high || ch.st[3] !== refused) return at + 'length/high-water/refused differ';
    if (refs) for (let i = 0; i < capacity; i++) {
      // A slot not holding a queued item must not keep a reference alive.
      const k = (i - ch.st[0] + capacity) % capacity;
      if (k >= model.length && ch.refs[i] !== undefined) return at + 'slot ' + i + ' still holds a reference';
    }
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
    property: () => fc.property(rangeOpsArb, ({ total, ops }) => {
      const r = checkRangeAllocator(total, ops);
      if (r !== '') fail(r);
    }),
  },
  {
    name: 'run queue and waiter set',
    what: 'RunQueue and WaiterSet against a FIFO array: each task at most once, order kept by remove',
    property: () => fc.property(queueOpsArb, ({ maxTasks, extra, ops }) => {
      const r = checkQueues(maxTasks, extra, ops);
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
