// The budget report of a device program, read out of its memory (the Float64Array the bundle
// exposes as the global `frugal`) through the build's name map: what `frugal run`, `frugal/testing`
// and `frugal size` show of a simulated run, and what `frugal run --espruino` shows of a real
// interpreter. Nothing here is counted on the host: every figure is a word the board itself keeps,
// so a counter the board does not keep (wakes, a frame table) is not in it. A call site's counter
// words (compiler/program-facts.ts SiteCount) are added here into the adapter's and the task's
// counters they stand for: the board counts a call there with one increment.

import type { DeviceMap } from '../bundler/device-image.ts';
import { A_ALLOCS, A_CALLS, A_HIGH_WORDS, A_POOL, A_REFUSED, A_REUSES, A_SCRATCH, A_STACK, A_WAITS } from '../contract/adapter-counters.ts';
import { POLICY_NAMES } from '../contract/pool-policy.ts';
import { TASK_STATE_NAMES } from '../contract/task-states.ts';
import {
  AD_COUNTERS, AD_POLICY, CH_CAP, CH_HIGH, CH_LEN, CH_REFUSED, SL_CAPACITY, SL_CUT, SL_DROPPED, SL_LENGTH, EV_CAP, EV_DROPPED, EV_HIGH, EV_LEN,
  EV_RECORDS, EV_SEEN, EV_STORED, EV_UNSTORED, TP_BUSY, TP_FIRST, TP_HIGH, TP_SLOTS, TP_SPAWNED,
} from '../device/layout.ts';
import { TASK_LIVE } from '../contract/task-states.ts';
import type { AdapterReport } from '../executor/telemetry.ts';

export interface DeviceTaskReport {
  id: number;
  name: string;
  /** live, ended or faulted (contract/task-states.ts). */
  state: string;
  polls: number;
  /** The task's side stack (SideStack adapter) in host words: its size and high-water mark; null without one. */
  sideStack: { words: number; high: number } | null;
  /** The task's scratch (ScratchOrPool) in host words: size, high-water mark, calls placed in it; null without one. */
  scratch: { words: number; high: number; hits: number } | null;
  /** Dyn calls of this task that did not fit its scratch and went to the pool. */
  poolFallbacks: number;
}

export interface DeviceReport {
  /** Words of W, the one typed array that holds every number of the program, and its bytes. */
  memory: { words: number; bytes: number };
  tasks: DeviceTaskReport[];
  timers: { capacity: number; pending: number; highWater: number };
  /** null when no dyn object uses ScratchOrPool (the program has no pool then). */
  pool: { slots: number; slotWords: number; free: number; highWater: number; exhausted: number } | null;
  channels: { label: string; capacity: number; length: number; highWater: number; refused: number }[];
  serialLines: { label: string; capacity: number; length: number; dropped: number; cut: number }[];
  /**
   * Queues of the board's events (boards/board-events.ts): entries queued of the capacity, the
   * high-water mark, events seen and dropped because the queue was full; a Storage log's entries
   * stored in its file, of the records it holds, and those the full file could not take.
   */
  events: { label: string; source: string; capacity: number; length: number; highWater: number; seen: number; dropped: number;
    stored: number; records: number; unstored: number }[];
  adapters: (AdapterReport & { policy: string })[];
  /**
   * Task pools (setup's taskPool): their slots, the tasks running in them now, the most that ran
   * at once, the tasks spawned into them and the spawns refused as BUSY.
   */
  taskPools: { name: string; fn: string; slots: number; running: number; highWater: number; spawned: number; busy: number }[];
  /** `cancelled`: tasks cancelled by task code, counted only where the code cancels (else left out). */
  totals: { polls: number; ended: number; faults: number; cancelled?: number };
}

/**
 * The report of the program whose name map is `map`, from its memory `w`.
 * - `w` is the bundle's W (as long as map.words) at a moment between two runs of its loop.
 */
export function deviceReport(map: DeviceMap, w: ArrayLike<number>): DeviceReport {
  const L = map.layout;
  const tasks: DeviceTaskReport[] = [];
  let polls = 0;
  // Per adapter record: counter -> what its call sites counted; per task: scratch hits and high-water mark, pool fallbacks.
  const bySite = new Map<number, number[]>();
  const siteHits: number[] = [];
  const siteHigh: number[] = [];
  const siteFallbacks: number[] = [];
  for (const s of map.sites) {
    const add = bySite.get(s.adapter) ?? [];
    bySite.set(s.adapter, add);
    let calls = 0;
    for (let t = 0; t < (s.perTask ? L.TASKS : 1); t++) {
      const n = w[s.at + t];
      calls += n;
      if (s.counter === A_SCRATCH && n > 0) {
        siteHits[t] = (siteHits[t] ?? 0) + n;
        siteHigh[t] = Math.max(siteHigh[t] ?? 0, s.hostWords);
      }
      if (s.counter === A_POOL) siteFallbacks[t] = (siteFallbacks[t] ?? 0) + n;
    }
    if (calls === 0) continue;
    add[A_CALLS] = (add[A_CALLS] ?? 0) + calls;
    if (s.counter >= 0) add[s.counter] = (add[s.counter] ?? 0) + calls;
    add[A_HIGH_WORDS] = Math.max(add[A_HIGH_WORDS] ?? 0, s.hostWords);
  }
  for (let t = 0; t < L.TASKS; t++) {
    polls += w[L.T_POLLS + t];
    tasks.push({
      id: t,
      name: map.tasks[t],
      state: TASK_STATE_NAMES[w[L.T_STATE + t]],
      polls: w[L.T_POLLS + t],
      sideStack: L.STACK_WORDS > 0 ? { words: w[L.STACK_WORDS + t], high: w[L.STACK_HIGH + t] } : null,
      scratch: L.SCR_WORDS > 0 ? {
        words: w[L.SCR_WORDS + t], high: Math.max(w[L.SCR_HIGH + t], siteHigh[t] ?? 0), hits: w[L.SCR_HITS + t] + (siteHits[t] ?? 0),
      } : null,
      poolFallbacks: (L.T_FALLBACKS > 0 ? w[L.T_FALLBACKS + t] : 0) + (siteFallbacks[t] ?? 0),
    });
  }
  const pool = L.POOL_NFREE > 0 ? {
    slots: L.POOL_SLOTS, slotWords: L.POOL_SLOT_WORDS, free: w[L.POOL_NFREE], highWater: w[L.POOL_HIGH], exhausted: w[L.POOL_EXHAUSTED],
  } : null;
  const adapters = map.adapters.map((a) => {
    const add = bySite.get(a.at) ?? [];
    const c = (k: number): number => k === A_HIGH_WORDS ? Math.max(w[a.at + AD_COUNTERS + k], add[k] ?? 0) : w[a.at + AD_COUNTERS + k] + (add[k] ?? 0);
    return {
      strategy: a.strategy, label: a.label, policy: a.strategy === 'ScratchOrPool' ? POLICY_NAMES[w[a.at + AD_POLICY]] : '',
      calls: c(A_CALLS), scratch: c(A_SCRATCH), pool: c(A_POOL), sideStack: c(A_STACK), reuses: c(A_REUSES), allocations: c(A_ALLOCS),
      waits: c(A_WAITS), refused: c(A_REFUSED), largestFrame: c(A_HIGH_WORDS),
    };
  });
  return {
    memory: { words: map.words, bytes: map.words * 8 },
    tasks,
    timers: { capacity: L.TIMERS, pending: L.TIMERS > 0 ? w[L.TM_USED] : 0, highWater: L.TIMERS > 0 ? w[L.TM_HIGH] : 0 },
    pool,
    channels: map.records.filter((r) => r.kind === 'channel').map((r) => ({
      label: r.label, capacity: w[r.at + CH_CAP], length: w[r.at + CH_LEN], highWater: w[r.at + CH_HIGH], refused: w[r.at + CH_REFUSED],
    })),
    serialLines: map.records.filter((r) => r.kind === 'serial').map((r) => ({
      label: r.label, capacity: w[r.at + SL_CAPACITY], length: w[r.at + SL_LENGTH], dropped: w[r.at + SL_DROPPED], cut: w[r.at + SL_CUT],
    })),
    events: map.records.filter((r) => r.kind === 'events').map((r) => ({
      label: r.label, source: r.source ?? '', capacity: w[r.at + EV_CAP], length: w[r.at + EV_LEN], highWater: w[r.at + EV_HIGH], seen: w[r.at + EV_SEEN],
      dropped: w[r.at + EV_DROPPED], stored: w[r.at + EV_STORED], records: w[r.at + EV_RECORDS], unstored: w[r.at + EV_UNSTORED],
    })),
    adapters,
    taskPools: map.pools.map((p) => {
      let running = 0;
      for (let t = w[p.at + TP_FIRST]; t < w[p.at + TP_FIRST] + w[p.at + TP_SLOTS]; t++) if (w[L.T_STATE + t] === TASK_LIVE) running++;
      return { name: p.name, fn: p.fn, slots: w[p.at + TP_SLOTS], running, highWater: w[p.at + TP_HIGH], spawned: w[p.at + TP_SPAWNED], busy: w[p.at + TP_BUSY] };
    }),
    totals: L.CANCELLED > 0 ? { polls, ended: w[L.ENDED], faults: w[L.FAULTS], cancelled: w[L.CANCELLED] } : { polls, ended: w[L.ENDED], faults: w[L.FAULTS] },
  };
}

function pad(s: string | number, n: number): string {
  const t = String(s);
  return t.length >= n ? t : ' '.repeat(n - t.length) + t;
}

function padEnd(s: string, n: number): string {
  return s.length >= n ? s + ' ' : s + ' '.repeat(n - s.length);
}

/** The task column's width: 16, or wider so that a longer task name still leaves the columns after it aligned. */
export function taskColumn(tasks: readonly { id: number; name: string }[]): number {
  let n = 16;
  for (const t of tasks) n = Math.max(n, (t.id + ' ' + t.name).length + 1);
  return n;
}

/** The report as `frugal run` prints it; docs/report.md explains each line and column. */
export function formatDeviceReport(rep: DeviceReport): string {
  const lines: string[] = [];
  const scratch = rep.tasks.some((t) => t.scratch !== null);
  const stack = rep.tasks.some((t) => t.sideStack !== null);
  lines.push('budget report, read from the device memory (' + rep.memory.words + ' words, ' + rep.memory.bytes + ' bytes in one Float64Array)');
  const name = taskColumn(rep.tasks);
  lines.push(padEnd('task', name) + padEnd('state', 9) + pad('polls', 8) + (stack ? pad('stack hi/size', 15) : '') +
    (scratch ? pad('scratch hi/size', 17) + pad('hits', 7) + pad('pool fallbacks', 16) : ''));
  for (const t of rep.tasks) {
    lines.push(padEnd(t.id + ' ' + t.name, name) + padEnd(t.state, 9) + pad(t.polls, 8) +
      (stack ? pad(t.sideStack === null ? '-' : t.sideStack.high + '/' + t.sideStack.words, 15) : '') +
      (scratch ? pad(t.scratch === null ? '-' : t.scratch.high + '/' + t.scratch.words, 17) + pad(t.scratch === null ? '-' : t.scratch.hits, 7) +
        pad(t.poolFallbacks, 16) : ''));
  }
  lines.push('timers    ' + rep.timers.pending + ' pending of ' + rep.timers.capacity + ', high-water ' + rep.timers.highWater);
  if (rep.pool !== null) {
    const p = rep.pool;
    lines.push('pool      ' + p.slots + ' x ' + p.slotWords + ' words, high-water ' + p.highWater + ', free ' + p.free + ', exhausted ' + p.exhausted + 'x');
  }
  for (const c of rep.channels) {
    lines.push('channel   ' + c.label + ': ' + c.length + ' of ' + c.capacity + ' queued, high-water ' + c.highWater + ', refused ' + c.refused);
  }
  for (const s of rep.serialLines) {
    lines.push('serial    ' + s.label + ': ' + s.length + ' of ' + s.capacity + ' bytes buffered, dropped ' + s.dropped + ', lines cut ' + s.cut);
  }
  for (const e of rep.events) {
    lines.push('events    ' + e.label + ' (' + e.source + '): ' + e.length + ' of ' + e.capacity + ' queued, high-water ' + e.highWater + ', seen ' + e.seen +
      ', dropped ' + e.dropped + (e.records > 0 ? '; stored ' + e.stored + ' of ' + e.records + ' in Storage, not stored ' + e.unstored : ''));
  }
  for (const a of rep.adapters) {
    lines.push('adapter   ' + a.label + ' (' + a.strategy + (a.policy !== '' ? ', ' + a.policy : '') + '): ' + a.calls + ' calls, scratch ' + a.scratch +
      ', pool ' + a.pool + ', side stack ' + a.sideStack + ', reused ' + a.reuses + ', allocated ' + a.allocations + ', waited ' + a.waits +
      ', refused ' + a.refused + ', largest frame ' + a.largestFrame + ' words');
  }
  for (const p of rep.taskPools) {
    lines.push('tasks     pool \'' + p.name + '\' (' + p.fn + '): ' + p.running + ' of ' + p.slots + ' slots running, high-water ' + p.highWater + ', spawned ' +
      p.spawned + ', busy ' + p.busy);
  }
  lines.push('totals    polls ' + rep.totals.polls + ', ended ' + rep.totals.ended + (rep.totals.cancelled !== undefined ? ', cancelled ' + rep.totals.cancelled : '') +
    ', faults ' + rep.totals.faults);
  return lines.join('\n');
}
