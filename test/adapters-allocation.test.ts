import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Boxing } from '../adapters/boxing.ts';
import { CallerCachedBox } from '../adapters/caller-cached-box.ts';
import { dyn } from '../adapters/dyn.ts';
import { Inline } from '../adapters/inline.ts';
import { MaxSpace } from '../adapters/max-space.ts';
import { Recycling } from '../adapters/recycling.ts';
import { ScratchOrPool } from '../adapters/scratch-or-pool.ts';
import { SideStack } from '../adapters/side-stack.ts';
import type { Adapter } from '../adapters/adapter.ts';
import { Executor } from '../executor/executor.ts';
import { SimBoard } from '../boards/sim/sim-board.ts';
import { measureAllocation, WINDOW_NOISE_BYTES } from './support/alloc-meter.ts';
import { counter, spawnSum } from './support/counter-impl.ts';

// Warm-up runs in steps of 1,000 calls until V8 has settled (at most WARMUP_STEPS steps).
const WARMUP_STEPS = 60;
const CALLS = 10000;
const WINDOWS = 3;
const ROUNDS = 3;

async function measure(a: Adapter, scratchWords: number) {
  const ex = new Executor({ scratchWords: scratchWords, poolSlots: 2, poolSlotWords: 16 });
  const sim = new SimBoard();
  // One value per virtual ms: each next() sleeps 1 ms.
  spawnSum(ex, dyn(counter(ROUNDS * (WARMUP_STEPS * 1000 + WINDOWS * CALLS), 6, 1), a));
  let calls0 = 0;
  const m = await measureAllocation(() => {
    calls0 = a.stats[0];
    sim.run(ex, CALLS);
  }, { warmStep: () => sim.run(ex, 1000), maxWarmSteps: WARMUP_STEPS, windows: WINDOWS, bound: WINDOW_NOISE_BYTES, rounds: ROUNDS });
  assert.is(a.stats[0] - calls0, CALLS, a.strategy + ' made the calls');
  assert.is(ex.faults.length, 0);
  console.log('  ' + a.strategy.padEnd(16) + String(m.bytes).padStart(8) + ' bytes over ' + CALLS + ' calls, ' + m.gcs + ' GCs (warm-up ' + m.warmSteps + 'k calls)');
  return m;
}

const NON_ALLOCATING: [string, () => Adapter, number][] = [
  ['ScratchOrPool (scratch)', () => new ScratchOrPool(), 8],
  ['ScratchOrPool (pool)', () => new ScratchOrPool(), 0],
  ['Inline', () => new Inline(), 0],
  ['SideStack', () => new SideStack(), 0],
  ['MaxSpace', () => new MaxSpace(8, 1), 0],
  ['Recycling', () => new Recycling(), 0],
  ['CallerCachedBox', () => new CallerCachedBox(), 0],
];

for (const [name, make, scratch] of NON_ALLOCATING) {
  test(name + ': 10,000 dyn calls after warm-up allocate nothing', async () => {
    const m = await measure(make(), scratch);
    assert.is(m.gcs, 0);
    assert.ok(m.bytes < WINDOW_NOISE_BYTES, m.bytes + ' bytes');
  });
}

test('Boxing: the same measurement sees a heap frame per call', async () => {
  const m = await measure(new Boxing(), 0);
  assert.ok(m.gcs > 0 || m.bytes > CALLS * 48, m.bytes + ' bytes, ' + m.gcs + ' GCs');
});

test.run();
