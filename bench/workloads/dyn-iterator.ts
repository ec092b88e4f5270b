// Workload 1: n next() calls through an iterator interface whose next() is ready at once, so the
// loop measures what a call through an interface costs in each form: native async method + await,
// async generator + for-await, a Promise-returning method chained with .then, frugal's dyn call
// through each adapter (awaited in a hand-written state machine), and a synchronous iterator as the
// floor. Every form sums the values 0..n-1, the checksum they must agree on.

import { copyArgs, defineFuture, PENDING, READY } from '../../executor/abi.ts';
import { Executor } from '../../executor/executor.ts';
import { taskIndex } from '../../contract/task-handle.ts';
import { dyn, next, type Dyn } from '../../adapters/dyn.ts';
import { AsyncIterator, implement } from '../../adapters/interface.ts';
import type { Adapter } from '../../adapters/adapter.ts';
import { Boxing } from '../../adapters/boxing.ts';
import { Inline } from '../../adapters/inline.ts';
import { Recycling } from '../../adapters/recycling.ts';
import { ScratchOrPool } from '../../adapters/scratch-or-pool.ts';
import { SideStack } from '../../adapters/side-stack.ts';
import type { ExecutorOptions } from '../../executor/config.ts';
import type { Form } from '../harness.ts';

export const WORKLOAD = 'dyn iterator';
const OPS = 1000000;

// ---- synchronous floor ------------------------------------------------------------------------

interface SyncIter { next(): IteratorResult<number, undefined> }

class SyncCounter implements SyncIter {
  i = 0;
  limit = 0;
  next(): IteratorResult<number, undefined> {
    if (this.i >= this.limit) return { value: undefined, done: true };
    return { value: this.i++, done: false };
  }
}

function sumSync(it: SyncIter): number {
  let s = 0;
  for (let r = it.next(); !r.done; r = it.next()) s += r.value;
  return s;
}

// ---- native async method + await -------------------------------------------------------------

interface AsyncIter { next(): Promise<IteratorResult<number, undefined>> }

class AsyncCounter implements AsyncIter {
  i = 0;
  limit = 0;
  async next(): Promise<IteratorResult<number, undefined>> {
    if (this.i >= this.limit) return { value: undefined, done: true };
    return { value: this.i++, done: false };
  }
}

async function sumAwait(it: AsyncIter): Promise<number> {
  let s = 0;
  for (;;) {
    const r = await it.next();
    if (r.done) return s;
    s += r.value;
  }
}

// ---- async generator + for-await ---------------------------------------------------------------

async function* countGen(limit: number): AsyncGenerator<number> {
  for (let i = 0; i < limit; i++) yield i;
}

async function sumForAwait(limit: number): Promise<number> {
  let s = 0;
  for await (const v of countGen(limit)) s += v;
  return s;
}

// ---- Promise-returning method + .then --------------------------------------------------------

class ThenCounter implements AsyncIter {
  i = 0;
  limit = 0;
  next(): Promise<IteratorResult<number, undefined>> {
    if (this.i >= this.limit) return Promise.resolve({ value: undefined, done: true });
    return Promise.resolve({ value: this.i++, done: false });
  }
}

// One callback made per run, not per call, so the chain stays flat (no nested Promise per step).
function sumThen(it: AsyncIter): Promise<number> {
  return new Promise((resolve) => {
    let s = 0;
    const onValue = (r: IteratorResult<number, undefined>): void => {
      if (r.done) resolve(s);
      else {
        s += r.value;
        it.next().then(onValue);
      }
    };
    it.next().then(onValue);
  });
}

// ---- frugal: a dyn AsyncIterator whose next() is ready at once ---------------------------------

interface CountState {
  /** [next value, limit] */
  st: Float64Array;
}

// words [], refs [self]
const CountNext = defineFuture({
  name: 'bench.count.next',
  words: 0,
  refs: 1,
  init: copyArgs(0, 1),
  poll: function (ex, f, w, b, r, rb) {
    const st = (r[rb] as CountState).st;
    if (st[0] >= st[1]) {
      ex.rn[0] = 0;
      ex.rn[1] = 1;
    } else {
      ex.rn[0] = st[0]++;
      ex.rn[1] = 0;
    }
    return READY;
  },
});

// words [child, sum], refs [dyn]: the consumer, as test/support/counter-impl.ts's SumAll.
const SumNext = defineFuture({
  name: 'bench.sum',
  words: 2,
  refs: 1,
  init: copyArgs(0, 1),
  poll: function (ex, f, w, b, r, rb) {
    for (;;) {
      if (w[b] !== 0) {
        if (ex.awaitAt(w, b) === PENDING) return PENDING;
        if (ex.rn[1] === 1) {
          ex.rn[0] = w[b + 1];
          return READY;
        }
        w[b + 1] += ex.rn[0];
      }
      w[b] = next(ex, r[rb] as Dyn);
    }
  },
  drop: function (ex, f, w, b) {
    if (w[b] !== 0) ex.drop(w[b]);
  },
});

const SPAWN = { name: 'sum' };

function frugalForm(label: string, adapter: Adapter, config: ExecutorOptions, allocates: boolean): Form {
  const ex = new Executor(config);
  const self: CountState = { st: new Float64Array(2) };
  const d = dyn(implement(AsyncIterator, 'count', self, { next: CountNext }), adapter);
  return {
    workload: WORKLOAD, form: 'frugal ' + label, kind: 'frugal', opsPerRun: OPS, allocates: allocates,
    allocWindow: allocates ? 20000 : OPS, minAllocWindow: 1000,
    run: (n) => {
      self.st[0] = 0;
      self.st[1] = n;
      ex.ar[0] = d;
      const t = taskIndex(ex.spawn(SumNext, SPAWN));
      ex.runUntilIdle();
      if (ex.faults.length > 0) throw new Error(label + ': ' + ex.faults[0].message);
      return ex.tasks.result[t];
    },
  };
}

export function forms(): Form[] {
  const sync = new SyncCounter();
  const asyncC = new AsyncCounter();
  const thenC = new ThenCounter();
  const base = { workload: WORKLOAD, opsPerRun: OPS, minAllocWindow: 1000 };
  // Frames: SumNext is 2 words + 1 header and 1 ref on the side stack; CountNext is 0 words, 1 ref.
  const small: ExecutorOptions = { maxTasks: 1, sideStackWords: 8, sideStackRefs: 2, scratchWords: 0, scratchRefs: 0, poolSlots: 0 };
  return [
    {
      ...base, form: 'sync iterator (floor)', kind: 'floor', allocWindow: OPS,
      run: (n) => { sync.i = 0; sync.limit = n; return sumSync(sync); },
    },
    {
      ...base, form: 'native async method + await', kind: 'native', baseline: true, allocWindow: 20000,
      run: (n) => { asyncC.i = 0; asyncC.limit = n; return sumAwait(asyncC); },
    },
    {
      ...base, form: 'native async generator + for-await', kind: 'native', allocWindow: 20000,
      run: (n) => sumForAwait(n),
    },
    {
      ...base, form: 'native Promise method + .then', kind: 'native', allocWindow: 20000,
      run: (n) => { thenC.i = 0; thenC.limit = n; return sumThen(thenC); },
    },
    frugalForm('Boxing', new Boxing(), small, true),
    frugalForm('ScratchOrPool (scratch)', new ScratchOrPool(), { ...small, scratchWords: 2, scratchRefs: 1 }, false),
    frugalForm('ScratchOrPool (pool slot)', new ScratchOrPool(), { ...small, poolSlots: 1, poolSlotWords: 2, poolSlotRefs: 1 }, false),
    frugalForm('Inline', new Inline(), small, false),
    frugalForm('SideStack', new SideStack(), small, false),
    frugalForm('Recycling', new Recycling(), small, false),
  ];
}
