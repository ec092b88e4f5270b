import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { numberChannel } from '../executor/channel.ts';
import { Executor } from '../executor/executor.ts';
import { Signal } from '../executor/signal.ts';
import { SimBoard } from '../boards/sim/sim-board.ts';
import { measureAllocation, WINDOW_NOISE_BYTES } from './support/alloc-meter.ts';
import { spawnPingPong } from './support/ping-pong.ts';

// V8 keeps compiling (and allocating feedback) for the first few thousand rounds; the claim is
// about the steady state after that. Warm-up runs 1,000 rounds a step until V8 has settled.
const WARMUP_STEPS = 60;
const ROUNDS = 10000;
const WINDOWS = 3;

async function pingPong(leaky: boolean) {
  const ex = new Executor({ maxTasks: 4 });
  const sim = new SimBoard();
  spawnPingPong(ex, numberChannel(ex, 2), new Signal(ex), 3 * ((WARMUP_STEPS + 2) * 1000 + WINDOWS * ROUNDS), leaky);
  let polls0 = 0, pongPolls0 = 0;
  // Each round sleeps 1 ms of virtual time, so ROUNDS ms of board time are ROUNDS rounds.
  const m = await measureAllocation(() => {
    polls0 = ex.polls;
    pongPolls0 = ex.tasks.polls[1];
    sim.run(ex, ROUNDS);
  }, { warmStep: () => sim.run(ex, 1000), maxWarmSteps: leaky ? 2 : WARMUP_STEPS, windows: WINDOWS, bound: WINDOW_NOISE_BYTES, rounds: 3 });
  assert.is(ex.faults.length, 0);
  assert.is(ex.tasks.polls[1] - pongPolls0, ROUNDS, 'pong answered every round in the window');
  console.log('  ' + (leaky ? 'allocating variant' : 'ping-pong') + ': ' + m.bytes + ' bytes, ' + m.gcs + ' GCs, ' +
    (ex.polls - polls0) + ' polls in the window (warm-up ' + m.warmSteps + 'k rounds)');
  return m;
}

test('10,000 ping-pong rounds (sleep, signal, channel) allocate nothing after warm-up', async () => {
  const m = await pingPong(false);
  assert.is(m.gcs, 0, 'no GC ran inside the window');
  assert.ok(m.bytes < WINDOW_NOISE_BYTES, 'new-space growth ' + m.bytes + ' bytes over ' + ROUNDS + ' rounds');
});

test('the same measurement catches a variant that allocates one object per round', async () => {
  const m = await pingPong(true);
  assert.ok(m.gcs > 0 || m.bytes > ROUNDS * 16, 'allocation seen: ' + m.bytes + ' bytes, ' + m.gcs + ' GCs');
});

test.run();
