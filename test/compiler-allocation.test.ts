import { test } from 'uvu';
import * as assert from 'uvu/assert';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Executor } from '../executor/executor.ts';
import { numberChannel } from '../primitives/channel.ts';
import { Signal } from '../primitives/signal.ts';
import { SimBoard } from '../boards/sim/sim-board.ts';
import { AsyncIterator, implement } from '../adapters/interface.ts';
import { ScratchOrPool } from '../adapters/scratch-or-pool.ts';
import { Boxing } from '../adapters/boxing.ts';
import type { Adapter } from '../adapters/adapter.ts';
import { importLowered } from '../compiler/node-build.ts';
import { spawnTask } from '../tasks/lowered.ts';
import { dyn } from '../adapters/dyn.ts';
import { measureAllocation, WINDOW_NOISE_BYTES } from './support/alloc-meter.ts';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ALLOC = path.join(HERE, 'compiler-corpus', 'alloc.ts');

const mod = await importLowered<typeof import('./compiler-corpus/alloc.ts')>(ALLOC);

// As in executor-allocation.test.ts: V8 compiles (and allocates feedback) for the first thousands
// of rounds, so the claim is about the steady state: warm-up runs 1,000 rounds a step until V8
// has settled (at most WARMUP_STEPS steps).
const WARMUP_STEPS = 60;
const ROUNDS = 10000;

function setup(adapter: Adapter) {
  const ex = new Executor({ maxTasks: 4, scratchWords: 8, scratchRefs: 2, poolSlots: 2, poolSlotWords: 8, poolSlotRefs: 2 });
  const sim = new SimBoard();
  const ch = numberChannel(ex, 2);
  const sig = new Signal(ex);
  const it = dyn(implement(AsyncIterator, 'ticker', new mod.Ticker()), adapter);
  const rounds = 3 * ((WARMUP_STEPS + 2) * 1000 + 3 * ROUNDS);
  spawnTask(ex, mod.pinger, [ch, sig, it, rounds], { name: 'ping' });
  spawnTask(ex, mod.ponger, [ch, sig, rounds], { name: 'pong' });
  return { ex, sim, warm: { warmStep: () => sim.run(ex, 1000), maxWarmSteps: WARMUP_STEPS, windows: 3, bound: WINDOW_NOISE_BYTES, rounds: 3 } };
}

test('lowered async functions allocate nothing per await: 10,000 rounds of 5 awaits each', async () => {
  const { ex, sim, warm } = setup(new ScratchOrPool());
  let polls = 0;
  const m = await measureAllocation(() => {
    polls = ex.polls;
    sim.run(ex, ROUNDS);
  }, warm);
  assert.is(ex.faultCount, 0, ex.faults.map((f) => f.message).join('; '));
  const done = ex.polls - polls;
  assert.ok(done >= 2 * ROUNDS, 'the window did the work: ' + done + ' polls');
  console.log('  lowered ping-pong window: ' + m.bytes + ' bytes, ' + m.gcs + ' GCs, ' + done + ' polls, ' + ROUNDS * 5 + ' awaits');
  assert.is(m.gcs, 0, 'no GC ran inside the window');
  assert.ok(m.bytes < WINDOW_NOISE_BYTES, 'new-space growth ' + m.bytes + ' bytes over ' + ROUNDS + ' rounds');
});

test('the same measurement sees the allocation of a dyn call through Boxing', async () => {
  const { ex, sim } = setup(new Boxing());
  const m = await measureAllocation(() => sim.run(ex, ROUNDS), { warmStep: () => sim.run(ex, 1000), maxWarmSteps: 2, windows: 3, bound: WINDOW_NOISE_BYTES, rounds: 3 });
  assert.is(ex.faultCount, 0);
  console.log('  with Boxing: ' + m.bytes + ' bytes, ' + m.gcs + ' GCs');
  assert.ok(m.gcs > 0 || m.bytes > ROUNDS * 16, 'allocation seen: ' + m.bytes + ' bytes, ' + m.gcs + ' GCs');
});

test.run();
