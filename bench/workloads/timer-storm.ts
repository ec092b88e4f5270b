// Workload 3: a timer storm. 1,000 tasks each sleep 100 times for random virtual durations
// (1..100 ms, seeded, the same table for every form) on a virtual clock that jumps from one
// deadline to the next. One op is one sleep completed. Checksum: the sum over tasks of the time
// each finished, relative to the start, which is the sum of its durations whatever the order.
//
// frugal's task table holds at most 255 tasks (a task handle keeps its id in 8 bits), so the
// 1,000 tasks run as 4 groups of 250, each on its own executor and simulated board. Sleepers only
// wait for time, so the groups are independent; every form runs the same 4 x 250 split.

import { defineFuture, PENDING, READY } from '../../executor/abi.ts';
import { Executor } from '../../executor/executor.ts';
import { sleep } from '../../primitives/sleep.ts';
import { SimBoard } from '../../boards/sim/sim-board.ts';
import type { Form } from '../harness.ts';

export const WORKLOAD = 'timer storm';
const TASKS = 1000;
const GROUPS = 4;
const PER_GROUP = TASKS / GROUPS;
const ROUNDS = 100;
const OPS = TASKS * ROUNDS;

/** mulberry32: a small seeded generator, so every run and every form sleeps the same durations. */
function durations(seed: number): Float64Array {
  const d = new Float64Array(TASKS * ROUNDS);
  let a = seed >>> 0;
  for (let i = 0; i < d.length; i++) {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    d[i] = 1 + (((t ^ (t >>> 14)) >>> 0) % 100);
  }
  return d;
}

const D = durations(20240601);

/** Rounds per task for a run of n ops (at least one). */
function roundsFor(n: number): number {
  return Math.max(1, Math.min(ROUNDS, Math.round(n / TASKS)));
}

// ---- native: async tasks awaiting Promise timers on a virtual clock ------------------------------

/**
 * Pending timers in a binary min-heap; run() jumps to the earliest deadline, resolves every timer
 * due then, and lets the woken tasks run (they sleep again or end) before the next jump.
 */
class VirtualClock {
  now = 0;
  private deadlines: number[] = [];
  private resolvers: (() => void)[] = [];
  /** Tasks woken (or started) that have not yet slept again or ended. */
  private runnable = 0;

  start(tasks: number): void {
    this.runnable += tasks;
  }

  sleep(ms: number): Promise<void> {
    this.runnable--;
    return new Promise<void>((resolve) => this.push(this.now + ms, resolve));
  }

  end(): void {
    this.runnable--;
  }

  async run(): Promise<void> {
    while (this.runnable > 0) await null;
    while (this.deadlines.length > 0) {
      this.now = this.deadlines[0];
      while (this.deadlines.length > 0 && this.deadlines[0] <= this.now) {
        const r = this.pop();
        this.runnable++;
        r();
      }
      while (this.runnable > 0) await null;
    }
  }

  private push(d: number, r: () => void): void {
    const h = this.deadlines;
    const rs = this.resolvers;
    let i = h.length;
    h.push(d);
    rs.push(r);
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (h[p] <= d) break;
      h[i] = h[p];
      rs[i] = rs[p];
      i = p;
    }
    h[i] = d;
    rs[i] = r;
  }

  private pop(): () => void {
    const h = this.deadlines;
    const rs = this.resolvers;
    const top = rs[0];
    const d = h.pop() as number;
    const r = rs.pop() as () => void;
    const n = h.length;
    if (n > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const m = l + 1 < n && h[l + 1] < h[l] ? l + 1 : l;
        if (h[m] >= d) break;
        h[i] = h[m];
        rs[i] = rs[m];
        i = m;
      }
      h[i] = d;
      rs[i] = r;
    }
    return top;
  }
}

async function nativeSleeper(clock: VirtualClock, task: number, rounds: number): Promise<number> {
  const start = clock.now;
  for (let k = 0; k < rounds; k++) await clock.sleep(D[task * ROUNDS + k]);
  clock.end();
  return clock.now - start;
}

async function nativeStorm(n: number): Promise<number> {
  const rounds = roundsFor(n);
  let sum = 0;
  for (let g = 0; g < GROUPS; g++) {
    const clock = new VirtualClock();
    clock.start(PER_GROUP);
    const tasks: Promise<number>[] = [];
    for (let i = 0; i < PER_GROUP; i++) tasks.push(nativeSleeper(clock, g * PER_GROUP + i, rounds));
    await clock.run();
    const done = await Promise.all(tasks);
    for (let i = 0; i < done.length; i++) sum += done[i];
  }
  return sum;
}

// ---- frugal: sleep() on the executor's timer heap, driven by the simulated board ---------------

// words [round, rounds, child, task, start], refs [sum]
const Sleeper = defineFuture({
  name: 'bench.sleeper',
  words: 5,
  refs: 1,
  init: function (ex, f, w, b, r, rb) {
    w[b + 1] = ex.an[0];
    w[b + 3] = ex.an[1];
    w[b + 4] = -1;
    r[rb] = ex.ar[0];
  },
  poll: function (ex, f, w, b, r, rb) {
    // The start is read at the first poll: the board sets the clock when its run begins.
    if (w[b + 4] < 0) w[b + 4] = ex.now;
    for (;;) {
      if (w[b + 2] !== 0 && ex.awaitAt(w, b + 2) === PENDING) return PENDING;
      if (w[b] >= w[b + 1]) {
        (r[rb] as Float64Array)[0] += ex.now - w[b + 4];
        return READY;
      }
      w[b + 2] = sleep(ex, D[w[b + 3] * ROUNDS + w[b]]);
      w[b]++;
    }
  },
  drop: function (ex, f, w, b) {
    if (w[b + 2] !== 0) ex.drop(w[b + 2]);
  },
});

const SLEEPER = { name: 'sleeper' };
// Longer than any run: sim.run returns as soon as no timer is left.
const RUN_MS = 1e6;

function frugalForm(): Form {
  const groups: { ex: Executor; sim: SimBoard }[] = [];
  for (let g = 0; g < GROUPS; g++) {
    // Sleeper: 5 words + header; sleep: 2 words + header.
    groups.push({
      ex: new Executor({
        maxTasks: PER_GROUP, sideStackWords: 9, sideStackRefs: 1, scratchWords: 0, scratchRefs: 0, poolSlots: 0,
        maxFrames: 2 * PER_GROUP, timerCapacity: PER_GROUP, runQueueCapacity: PER_GROUP,
      }),
      sim: new SimBoard({ logCapacity: 1, outputCapacity: 1, scriptCapacity: 1 }),
    });
  }
  const sum = new Float64Array(1);
  return {
    workload: WORKLOAD, form: 'frugal sleep + sim board', kind: 'frugal', opsPerRun: OPS, allocWindow: OPS, minAllocWindow: TASKS,
    run: (n) => {
      const rounds = roundsFor(n);
      sum[0] = 0;
      for (let g = 0; g < GROUPS; g++) {
        const { ex, sim } = groups[g];
        for (let i = 0; i < PER_GROUP; i++) {
          ex.an[0] = rounds;
          ex.an[1] = g * PER_GROUP + i;
          ex.ar[0] = sum;
          ex.spawn(Sleeper, SLEEPER);
        }
        sim.run(ex, RUN_MS);
        if (ex.faults.length > 0) throw new Error('timer storm: ' + ex.faults[0].message);
        if (ex.liveTasks() !== 0) throw new Error('timer storm: tasks still sleeping after ' + RUN_MS + ' ms');
      }
      return sum[0];
    },
  };
}

// ---- floor: the same deadlines through a typed-array heap, no tasks --------------------------------

function syncStorm(n: number): number {
  const rounds = roundsFor(n);
  const dl = new Float64Array(PER_GROUP);
  const heap = new Int32Array(PER_GROUP);
  const round = new Int32Array(PER_GROUP);
  let sum = 0;
  for (let g = 0; g < GROUPS; g++) {
    let size = 0;
    for (let i = 0; i < PER_GROUP; i++) {
      round[i] = 1;
      dl[i] = D[(g * PER_GROUP + i) * ROUNDS];
      let j = size++;
      while (j > 0 && dl[heap[(j - 1) >> 1]] > dl[i]) { heap[j] = heap[(j - 1) >> 1]; j = (j - 1) >> 1; }
      heap[j] = i;
    }
    while (size > 0) {
      const i = heap[0];
      const now = dl[i];
      if (round[i] < rounds) {
        dl[i] = now + D[(g * PER_GROUP + i) * ROUNDS + round[i]];
        round[i]++;
      } else {
        sum += now;
        heap[0] = heap[--size];
      }
      // Sift the root down (it was replaced by a later deadline or by the last entry).
      let j = 0;
      const x = heap[0];
      for (;;) {
        const l = 2 * j + 1;
        if (l >= size) break;
        const m = l + 1 < size && dl[heap[l + 1]] < dl[heap[l]] ? l + 1 : l;
        if (dl[heap[m]] >= dl[x]) break;
        heap[j] = heap[m];
        j = m;
      }
      if (size > 0) heap[j] = x;
    }
  }
  return sum;
}

export function forms(): Form[] {
  return [
    {
      workload: WORKLOAD, form: 'sync heap of deadlines (floor)', kind: 'floor', opsPerRun: OPS, allocWindow: OPS, minAllocWindow: TASKS,
      run: syncStorm,
    },
    {
      workload: WORKLOAD, form: 'native async/await + Promise timers', kind: 'native', baseline: true, opsPerRun: OPS,
      allocWindow: 25000, minAllocWindow: TASKS,
      run: nativeStorm,
    },
    frugalForm(),
  ];
}
