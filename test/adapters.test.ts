import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Boxing } from '../adapters/boxing.ts';
import { CallerCachedBox } from '../adapters/caller-cached-box.ts';
import { dyn, next, type Dyn } from '../adapters/dyn.ts';
import { Inline } from '../adapters/inline.ts';
import { MaxSpace } from '../adapters/max-space.ts';
import { Recycling } from '../adapters/recycling.ts';
import { ScratchOrPool } from '../adapters/scratch-or-pool.ts';
import { SideStack } from '../adapters/side-stack.ts';
import type { Adapter } from '../adapters/adapter.ts';
import { isFrugalError, type FrugalError } from '../executor/errors.ts';
import { Executor } from '../executor/executor.ts';
import type { ExecutorOptions } from '../executor/config.ts';
import { formatReport, report } from '../executor/telemetry.ts';
import { SimBoard } from '../boards/sim/sim-board.ts';
import { counter, spawnSum } from './support/counter-impl.ts';
import { freeCounts, spawnScript } from './support/script-task.ts';

function world(opts?: ExecutorOptions) {
  const ex = new Executor(opts);
  return { ex, sim: new SimBoard(), start: freeCounts(ex) };
}

function adapterStats(ex: Executor, a: Adapter) {
  const r = report(ex).adapters.find((x) => x.label === a.label);
  if (!r) throw new Error('adapter not in the report');
  return r;
}

const ALL: [string, () => Adapter][] = [
  ['ScratchOrPool', () => new ScratchOrPool()],
  ['SideStack', () => new SideStack()],
  ['Inline', () => new Inline()],
  ['MaxSpace', () => new MaxSpace(8, 1)],
  ['Recycling', () => new Recycling()],
  ['CallerCachedBox', () => new CallerCachedBox()],
  ['Boxing', () => new Boxing()],
];

for (const [name, make] of ALL) {
  test(name + ': a task sums an iterator through the interface; memory comes back', () => {
    const { ex, sim, start } = world();
    const a = make();
    const d = dyn(counter(10, 6, 1), a);
    spawnSum(ex, d);
    sim.run(ex, 100);
    assert.is(ex.tasks.result[0], 45);
    const s = adapterStats(ex, a);
    assert.is(s.calls, 11);
    assert.is(s.largestFrame, 6);
    assert.equal(freeCounts(ex), start);
  });

  test(name + ': dropping the future mid-flight and cancelling the caller give everything back', () => {
    const { ex, sim, start } = world();
    const a = make();
    const d = dyn(counter(10, 6, 50), a);
    spawnScript(ex, [(x) => { x.drop(next(x, d)); return next(x, d); }, (x) => { assert.is(x.rn[0], 0); }]);
    // Inline and MaxSpace hold one frame: the victim gets its own adapter of the same strategy.
    const victim = spawnSum(ex, dyn(counter(10, 6, 50), make()));
    sim.run(ex, 10);
    ex.cancel(victim);
    sim.run(ex, 100);
    assert.is(ex.faults.length, 0, name + ' ' + (ex.faults[0] || { message: '' }).message);
    assert.equal(freeCounts(ex), start);
    // the memory the strategy holds is usable again
    spawnSum(ex, dyn(counter(3, 6, 0), a));
    ex.runUntilIdle();
    assert.is(ex.faults.length, 0);
  });
}

test('ScratchOrPool: scratch when it fits, the pool when it does not, counted per adapter and per task', () => {
  const { ex, sim } = world({ scratchWords: 8, poolSlots: 2, poolSlotWords: 16 });
  const small = new ScratchOrPool({ label: 'small' });
  const big = new ScratchOrPool({ label: 'big' });
  spawnSum(ex, dyn(counter(4, 6, 0), small), { name: 'fits' });
  spawnSum(ex, dyn(counter(4, 12, 0), big), { name: 'too big' });
  sim.run(ex, 10);
  assert.equal([adapterStats(ex, small).scratch, adapterStats(ex, small).pool], [5, 0]);
  assert.equal([adapterStats(ex, big).scratch, adapterStats(ex, big).pool], [0, 5]);
  const rep = report(ex);
  assert.is(rep.tasks[1].scratch.need, 12, 'the size the task would have needed');
  assert.is(rep.tasks[1].poolFallbacks, 5);
  assert.match(formatReport(rep), 'adapter   big (ScratchOrPool): 5 calls, scratch 0, pool 5');
});

test('ScratchOrPool: a frame that fits nowhere names scratch, slot and the sizes to raise', () => {
  const { ex, sim, start } = world({ scratchWords: 4, poolSlots: 1, poolSlotWords: 8 });
  spawnSum(ex, dyn(counter(2, 20, 0), new ScratchOrPool()), { name: 'reader' });
  sim.run(ex, 10);
  assert.is(ex.faults.length, 1);
  assert.is(ex.faults[0].message, "ScratchOrPool: AsyncIterator 'counter' next() (future 'counter.next/20', 20 words, 1 ref) fits nowhere: " +
    "task 'reader' scratch is 4 words, a pool slot is 8 words and 4 refs; raise scratchWords (or the spawn option scratch) or poolSlotWords to 20 (and the refs to 1)");
  assert.equal(freeCounts(ex), start);
});

test('ScratchOrPool with no pool slots: a frame that fits nowhere names more scratch or pool slots, not larger slots, in good English', () => {
  const { ex, sim, start } = world({ scratchWords: 1, scratchRefs: 1, poolSlots: 0 });
  const d = dyn(counter(2, 6, 0), new ScratchOrPool());
  spawnSum(ex, d, { name: 'reader' });
  sim.run(ex, 10);
  assert.is(ex.faults.length, 1);
  const e = ex.faults[0].error as FrugalError;
  assert.is(e.message, "ScratchOrPool: AsyncIterator 'counter' next() (future 'counter.next/6', 6 words, 1 ref) fits nowhere: " +
    "task 'reader' scratch is 1 word, and the pool has no slots; raise scratchWords (or the spawn option scratch) to 6 (and the refs to 1), " +
    'or add pool slots: poolSlots 1 or more');
  assert.equal([e.budget, e.shortBy], ['pool', 1]);
  assert.equal(freeCounts(ex), start);
  // Outside a task no scratch can help; a slot size too small for the frame is named too.
  const { ex: bare } = world({ poolSlots: 0, poolSlotWords: 4 });
  try {
    next(bare, dyn(counter(2, 6, 0), new ScratchOrPool()));
    assert.unreachable('refused');
  } catch (err) {
    assert.is((err as Error).message, "ScratchOrPool: AsyncIterator 'counter' next() (future 'counter.next/6', 6 words, 1 ref) fits nowhere: " +
      'no calling task, and the pool has no slots; add pool slots: poolSlots 1 or more, poolSlotWords 6');
  }
});

test("ScratchOrPool policy 'error': an exhausted pool is a clear error naming the pool", () => {
  const { ex, sim } = world({ scratchWords: 0, poolSlots: 1, poolSlotWords: 8 });
  const d = dyn(counter(100, 6, 5), new ScratchOrPool());
  spawnSum(ex, d, { name: 'first' });
  spawnSum(ex, d, { name: 'second' });
  sim.run(ex, 20);
  assert.is(ex.faults.length, 1);
  assert.match(ex.faults[0].message, "task 'second' scratch is 0 words, and the pool is exhausted (all 1 slots of 8 words in use); raise poolSlots, or set poolFullPolicy to 'wait'");
  assert.ok(ex.pool.exhausted >= 1);
});

test("ScratchOrPool policy 'wait': callers park and get the slot in FIFO order", () => {
  const { ex, sim, start } = world({ scratchWords: 0, poolSlots: 1, poolSlotWords: 8, poolFullPolicy: 'wait' });
  const order: string[] = [];
  const a = new ScratchOrPool();
  for (const name of ['a', 'b', 'c']) {
    const d = dyn(counter(2, 6, 10), a);
    spawnScript(ex, [(x) => next(x, d), (x) => { order.push(name + '@' + x.now); }], { name });
  }
  sim.run(ex, 100);
  assert.equal(order, ['a@10', 'b@20', 'c@30']);
  assert.is(adapterStats(ex, a).waits, 2);
  assert.is(ex.pool.waiters.length, 0);
  assert.equal(freeCounts(ex), start);
});

test("ScratchOrPool policy 'wait': each parked call counts one pool exhaustion", () => {
  const { ex, sim, start } = world({ maxTasks: 22, scratchWords: 0, poolSlots: 1, poolSlotWords: 8, poolFullPolicy: 'wait' });
  const a = new ScratchOrPool();
  let done = 0;
  for (let i = 0; i < 22; i++) {
    const d = dyn(counter(2, 6, 10), a);
    spawnScript(ex, [(x) => next(x, d), () => { done++; }], { name: 'caller ' + i });
  }
  sim.run(ex, 1000);
  assert.is(done, 22);
  assert.is(adapterStats(ex, a).waits, 21);
  assert.is(report(ex).pool.exhausted, 21);
  assert.match(formatReport(report(ex)), 'pool      1 x 8 words, high-water 1, free 1, exhausted 21x, policy wait');
  assert.equal(freeCounts(ex), start);
});

test("ScratchOrPool policy 'box': the opted-in fallback allocates and says so", () => {
  const { ex, sim, start } = world({ scratchWords: 0, poolSlots: 0 });
  const a = new ScratchOrPool({ policy: 'box' });
  spawnSum(ex, dyn(counter(3, 6, 0), a));
  sim.run(ex, 10);
  assert.is(ex.tasks.result[0], 3);
  assert.is(adapterStats(ex, a).allocations, 4);
  assert.is(ex.boxedFrames, 4);
  assert.equal(freeCounts(ex), start);
});

test('escaping futures skip the scratch; a kept handle to a dropped scratch future is stale', () => {
  const { ex } = world({ scratchWords: 8 });
  const d = dyn(counter(10, 6, 0), new ScratchOrPool());
  const kinds: string[] = [];
  spawnScript(ex, [(x) => {
    const kept = d.open(x, 0, true);
    kinds.push(x.kindOf(kept));
    const h1 = next(x, d);
    kinds.push(x.kindOf(h1));
    x.drop(h1);
    const h2 = next(x, d);
    kinds.push(x.kindOf(h2));
    assert.throws(() => x.poll(h1), /future handle \d+ is stale/);
    x.drop(h2);
    return kept;
  }]);
  ex.runUntilIdle();
  assert.is(ex.faults.length, 0, (ex.faults[0] || { message: '' }).message);
  assert.equal(kinds, ['pool', 'scratch', 'scratch']);
});

test('Inline and MaxSpace refuse an overlapping call clearly; Recycling allocates for it and counts', () => {
  for (const a of [new Inline(), new MaxSpace(8, 2)] as Adapter[]) {
    const { ex } = world();
    const d = dyn(counter(10, 6, 10), a);
    spawnScript(ex, [(x) => { next(x, d); next(x, d); }]);
    ex.runUntilIdle();
    assert.match(ex.faults[0].message, a.strategy + ": AsyncIterator 'counter' next() (future 'counter.next/6', 6 words, 1 ref) called while the previous future");
    assert.is(adapterStats(ex, a).refused, 1);
  }
  const { ex, start } = world();
  const r = new Recycling();
  const d = dyn(counter(10, 6, 0), r);
  spawnScript(ex, [(x) => { const h = next(x, d); x.drop(next(x, d)); x.drop(h); x.drop(next(x, d)); }]);
  ex.runUntilIdle();
  const s = adapterStats(ex, r);
  assert.equal([s.calls, s.allocations, s.reuses], [3, 2, 1], 'first call fills the cache, the overlapping one boxes, the third reuses');
  assert.equal(freeCounts(ex), start);
});

test('MaxSpace refuses an implementation larger than its reserve when the dyn object is built', () => {
  try {
    dyn(counter(1, 24, 0), new MaxSpace(16, 2));
    assert.unreachable();
  } catch (e) {
    assert.ok(isFrugalError(e, 'misuse'));
    assert.is((e as Error).message, "MaxSpace(16, 2) cannot hold AsyncIterator 'counter': its futures need up to 24 words and 1 refs, " +
      'the reserve holds 16 words and 2 refs; reserve new MaxSpace(24, 2) or pick ScratchOrPool');
  }
});

test('SideStack: the frame is pushed on the caller\'s stack; overflow names the task and sizes', () => {
  const { ex, sim } = world({ sideStackWords: 12 });
  spawnSum(ex, dyn(counter(2, 20, 0), new SideStack()), { name: 'deep' });
  sim.run(ex, 5);
  assert.match(ex.faults[0].message, "side stack overflow in task 0 ('deep'): future 'counter.next/20' needs 21 words and 1 refs, 7 of 12 words");
});

test('CallerCachedBox keeps one box per calling task', () => {
  const { ex, sim } = world();
  const a = new CallerCachedBox();
  const d = dyn(counter(40, 6, 1), a);
  spawnSum(ex, d);
  spawnSum(ex, d);
  sim.run(ex, 100);
  const s = adapterStats(ex, a);
  assert.is(s.calls, 42);
  assert.is(s.allocations, 2, 'one box per task');
  assert.is(s.reuses, 40);
});

test('calling through an interface without an adapter is refused, naming the interface and the adapters', () => {
  const { ex } = world();
  const d: Dyn = dyn(counter(1, 6, 0));
  spawnScript(ex, [(x) => next(x, d)]);
  ex.runUntilIdle();
  assert.match(ex.faults[0].message, "calling AsyncIterator.next() on 'counter' needs an adapter that says where its future lives; " +
    'build it with dyn(impl, adapter), e.g. dyn(impl, new ScratchOrPool())');
  assert.is(ex.boxedFrames, 0);
});

test.run();
