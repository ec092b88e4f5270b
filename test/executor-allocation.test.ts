import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { numberChannel } from '../executor/channel.ts';
import { Executor } from '../executor/executor.ts';
import { Signal } from '../executor/signal.ts';
import { SimBoard } from '../boards/sim/sim-board.ts';
import { measureAllocation } from './support/alloc-meter.ts';
import { spawnPingPong } from './support/ping-pong.ts';

// V8 keeps compiling (and allocating feedback) for the first few thousand rounds; the claim is
// about the steady state after that.
const WARMUP = 20000;
const ROUNDS = 10000;
// Whole window budget: the meter's noise, not a per-round allowance (10,000 rounds x even 8 bytes
// would be 80 KB).
const NOISE_BYTES = 2048;

function setup(leaky: boolean) {
  const ex = new Executor({ maxTasks: 4 });
  const sim = new SimBoard();
  const ch = numberChannel(ex, 2);
  const sig = new Signal(ex);
  spawnPingPong(ex, ch, sig, WARMUP + ROUNDS, leaky);
  // Each round sleeps 1 ms of virtual time: the warm-up runs WARMUP rounds, in several runs so that
  // V8 has optimized sim.run itself and not only its loop (on-stack replacement).
  for (let i = 0; i < 10; i++) sim.run(ex, WARMUP / 10);
  return { ex, sim };
}

test('10,000 ping-pong rounds (sleep, signal, channel) allocate nothing after warm-up', async () => {
  const { ex, sim } = setup(false);
  const pollsBefore = ex.polls;
  const m = await measureAllocation(() => sim.run(ex, ROUNDS + 10));
  assert.is(ex.ended, 2, 'both tasks finished all rounds');
  assert.ok(ex.polls - pollsBefore >= 3 * ROUNDS - 3, 'the window did the work: ' + (ex.polls - pollsBefore) + ' polls');
  console.log('  ping-pong window: ' + m.bytes + ' bytes, ' + m.gcs + ' GCs, ' + (ex.polls - pollsBefore) + ' polls');
  assert.is(m.gcs, 0, 'no GC ran inside the window');
  assert.ok(m.bytes < NOISE_BYTES, 'new-space growth ' + m.bytes + ' bytes over ' + ROUNDS + ' rounds');
});

test('the same measurement catches a variant that allocates one object per round', async () => {
  const { ex, sim } = setup(true);
  const m = await measureAllocation(() => sim.run(ex, ROUNDS + 10));
  assert.is(ex.ended, 2);
  console.log('  allocating variant: ' + m.bytes + ' bytes, ' + m.gcs + ' GCs');
  assert.ok(m.gcs > 0 || m.bytes > ROUNDS * 16, 'allocation seen: ' + m.bytes + ' bytes, ' + m.gcs + ' GCs');
});

test.run();
