// Every budget's size, use and high-water mark in one plain object, and a table for people.
// Built on demand (it allocates), never on a hot path.

import {
  A_ALLOCS, A_CALLS, A_HIGH_WORDS, A_POOL, A_REFUSED, A_REUSES, A_SCRATCH, A_STACK, A_WAITS,
} from '../contract/adapter-counters.ts';
import type { Executor } from './executor.ts';
import { FRAMES_HIGH, FRAMES_REFUSED } from './frame-table.ts';
import { RANGES_LOW } from './range-allocator.ts';
import { TASK_FREE, TASK_STATE_NAMES } from './task-table.ts';
import { TIMERS_HIGH, TIMERS_REFUSED } from './timer-heap.ts';

/** A reference slot costs one JS variable: 16 bytes on the largest Espruino builds. */
export const REF_SLOT_BYTES = 16;

/** What an adapter tells the budget report (adapters/ implements it). */



export interface AdapterReport {
  strategy: string;
  label: string;
  calls: number;
  scratch: number;
  pool: number;
  sideStack: number;
  reuses: number;
  allocations: number;
  waits: number;
  refused: number;
  largestFrame: number;
}

export interface TaskReport {
  id: number;
  name: string;
  state: string;
  polls: number;
  wakes: number;
  sideStack: { words: number; high: number };
  scratch: { words: number; high: number; need: number; hits: number };
  poolFallbacks: number;
}

export interface BudgetReport {
  footprint: Footprint;
  tasks: TaskReport[];
  taskArena: { words: number; free: number; lowWater: number; refs: number; refsFree: number };
  pool: { slots: number; slotWords: number; free: number; highWater: number; exhausted: number; policy: string };
  frames: { capacity: number; inUse: number; highWater: number; refused: number };
  timers: { capacity: number; pending: number; highWater: number; refused: number };
  runQueue: { capacity: number; highWater: number };
  adapters: AdapterReport[];
  totals: {
    polls: number; wakes: number; spawned: number; ended: number; faults: number; cancelled: number;
    leakedFrames: number; boxedFrames: number;
  };
}

export interface Footprint {
  /** Bytes of every typed array the executor allocated at creation. */
  typedBytes: number;
  /** Plain reference slots (frame refs, task names, waiter lists are typed). */
  refSlots: number;
  /** typedBytes + refSlots * REF_SLOT_BYTES: the executor's whole budget. */
  bytes: number;
}

function typedBytesOf(o: object): number {
  let n = 0;
  const rec = o as { [k: string]: unknown };
  for (const k in rec) {
    const v = rec[k];
    if (ArrayBuffer.isView(v)) n += v.byteLength;
    else if (v !== null && typeof v === 'object' && k === 'waiters') n += typedBytesOf(v);
  }
  return n;
}

export function footprint(ex: Executor): Footprint {
  const parts: object[] = [ex, ex.frames, ex.tasks, ex.words, ex.refs, ex.pool, ex.timers, ex.runQueue];
  let typed = 0;
  for (let i = 0; i < parts.length; i++) typed += typedBytesOf(parts[i]);
  const refSlots = ex.r.length + ex.ar.length + ex.tasks.capacity;
  return { typedBytes: typed, refSlots: refSlots, bytes: typed + refSlots * REF_SLOT_BYTES };
}

export function report(ex: Executor): BudgetReport {
  const ts = ex.tasks;
  const tasks: TaskReport[] = [];
  for (let t = 0; t < ts.capacity; t++) {
    if (ts.state[t] === TASK_FREE) continue;
    tasks.push({
      id: t,
      name: ts.name[t],
      state: TASK_STATE_NAMES[ts.state[t]],
      polls: ts.polls[t],
      wakes: ts.wakes[t],
      sideStack: { words: ts.stackWords[t], high: ts.stackHigh[t] },
      scratch: { words: ts.scratchWords[t], high: ts.scratchHigh[t], need: ts.scratchNeed[t], hits: ts.scratchHits[t] },
      poolFallbacks: ts.poolFallbacks[t],
    });
  }
  const adapters: AdapterReport[] = [];
  for (let i = 0; i < ex.adapters.length; i++) {
    const a = ex.adapters[i];
    const s = a.stats;
    adapters.push({
      strategy: a.strategy, label: a.label, calls: s[A_CALLS], scratch: s[A_SCRATCH], pool: s[A_POOL],
      sideStack: s[A_STACK], reuses: s[A_REUSES], allocations: s[A_ALLOCS], waits: s[A_WAITS],
      refused: s[A_REFUSED], largestFrame: s[A_HIGH_WORDS],
    });
  }
  const p = ex.pool;
  return {
    footprint: footprint(ex),
    tasks: tasks,
    taskArena: { words: ex.words.total, free: ex.words.free, lowWater: ex.words.st[RANGES_LOW], refs: ex.refs.total, refsFree: ex.refs.free },
    pool: { slots: p.slots, slotWords: p.slotWords, free: p.free, highWater: p.highWater, exhausted: p.exhausted, policy: ex.config.poolFullPolicy },
    frames: { capacity: ex.frames.capacity, inUse: ex.frames.inUse, highWater: ex.frames.st[FRAMES_HIGH], refused: ex.frames.st[FRAMES_REFUSED] },
    timers: { capacity: ex.timers.capacity, pending: ex.timers.size, highWater: ex.timers.st[TIMERS_HIGH], refused: ex.timers.st[TIMERS_REFUSED] },
    runQueue: { capacity: ex.runQueue.ids.length, highWater: ex.runQueue.highWater },
    adapters: adapters,
    totals: {
      polls: ex.polls, wakes: ex.wakes, spawned: ex.spawned, ended: ex.ended, faults: ex.faultCount,
      cancelled: ex.cancelled, leakedFrames: ex.leakedFrames, boxedFrames: ex.boxedFrames,
    },
  };
}

function pad(s: string | number, n: number): string {
  let t = String(s);
  while (t.length < n) t = ' ' + t;
  return t;
}

function padEnd(s: string, n: number): string {
  let t = s;
  while (t.length < n) t += ' ';
  return t;
}

/** The budget table: per task and per shared budget, size / high-water mark / counters. */
export function formatReport(rep: BudgetReport): string {
  const lines: string[] = [];
  lines.push('budget report (footprint ' + rep.footprint.bytes + ' bytes: ' + rep.footprint.typedBytes + ' in typed arrays + ' +
    rep.footprint.refSlots + ' reference slots)');
  lines.push(padEnd('task', 16) + padEnd('state', 10) + pad('polls', 8) + pad('wakes', 8) + pad('stack hi/size', 15) +
    pad('scratch hi/need/size', 22) + pad('pool fallbacks', 16));
  for (let i = 0; i < rep.tasks.length; i++) {
    const t = rep.tasks[i];
    lines.push(padEnd(t.id + ' ' + t.name, 16) + padEnd(t.state, 10) + pad(t.polls, 8) + pad(t.wakes, 8) +
      pad(t.sideStack.high + '/' + t.sideStack.words, 15) +
      pad(t.scratch.high + '/' + t.scratch.need + '/' + t.scratch.words, 22) + pad(t.poolFallbacks, 16) +
      (t.scratch.need > t.scratch.words ? '  ! scratch smaller than the largest frame offered' : ''));
  }
  const p = rep.pool;
  lines.push('pool      ' + p.slots + ' x ' + p.slotWords + ' words, high-water ' + p.highWater + ', free ' + p.free +
    ', exhausted ' + p.exhausted + 'x, policy ' + p.policy);
  lines.push('frames    ' + rep.frames.inUse + ' live of ' + rep.frames.capacity + ', high-water ' + rep.frames.highWater);
  lines.push('timers    ' + rep.timers.pending + ' pending of ' + rep.timers.capacity + ', high-water ' + rep.timers.highWater +
    (rep.timers.refused > 0 ? ', refused ' + rep.timers.refused : ''));
  lines.push('run queue high-water ' + rep.runQueue.highWater + ' of ' + rep.runQueue.capacity);
  for (let i = 0; i < rep.adapters.length; i++) {
    const a = rep.adapters[i];
    lines.push('adapter   ' + a.label + ' (' + a.strategy + '): ' + a.calls + ' calls, scratch ' + a.scratch + ', pool ' + a.pool +
      ', side stack ' + a.sideStack + ', reused ' + a.reuses + ', allocations ' + a.allocations + ', waits ' + a.waits +
      ', refused ' + a.refused + ', largest frame ' + a.largestFrame + ' words');
  }
  lines.push('arena     ' + rep.taskArena.free + ' of ' + rep.taskArena.words + ' words free (low-water ' + rep.taskArena.lowWater + ')');
  const s = rep.totals;
  lines.push('totals    polls ' + s.polls + ', wakes ' + s.wakes + ', spawned ' + s.spawned + ', ended ' + s.ended +
    ', faults ' + s.faults + ', cancelled ' + s.cancelled + (s.boxedFrames > 0 ? ', boxed frames ' + s.boxedFrames : '') +
    (s.leakedFrames > 0 ? ', frames leaked by a drop ' + s.leakedFrames : ''));
  return lines.join('\n');
}
