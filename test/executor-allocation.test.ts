import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { dyn } from '../adapters/dyn.ts';
import { ScratchOrPool } from '../adapters/scratch-or-pool.ts';
import { defineFuture, PENDING, READY } from '../executor/abi.ts';
import { numberChannel } from '../primitives/channel.ts';
import { Executor } from '../executor/executor.ts';
import { join } from '../primitives/join.ts';
import { select, timeout } from '../primitives/select.ts';
import { yieldNow } from '../primitives/yield.ts';
import { Signal } from '../primitives/signal.ts';
import { sleep } from '../primitives/sleep.ts';
import { A_WAITS } from '../contract/adapter-counters.ts';
import { SimBoard } from '../boards/sim/sim-board.ts';
import { measureAllocation, WINDOW_NOISE_BYTES } from './support/alloc-meter.ts';
import { counter, spawnSum } from './support/counter-impl.ts';
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

/** Runs `step(ROUNDS)` in measured windows after warm-up steps of `step(1000)`, and asserts it allocated nothing. */
async function allocatesNothing(what: string, step: (n: number) => void): Promise<void> {
  const m = await measureAllocation(() => step(ROUNDS), {
    warmStep: () => step(1000), maxWarmSteps: WARMUP_STEPS, windows: WINDOWS, bound: WINDOW_NOISE_BYTES, rounds: 3,
  });
  console.log('  ' + what + ': ' + m.bytes + ' bytes, ' + m.gcs + ' GCs (warm-up ' + m.warmSteps + 'k)');
  assert.is(m.gcs, 0, 'no GC ran inside the window');
  assert.ok(m.bytes < WINDOW_NOISE_BYTES, what + ': new-space growth ' + m.bytes + ' bytes over ' + ROUNDS + ' rounds');
}

const Done = defineFuture({ name: 'done', words: 0, refs: 0, poll: () => READY });

// words [child]: parks on a long sleep until cancelled
const Parked = defineFuture({
  name: 'parked',
  words: 1,
  refs: 0,
  poll: function (ex, f, w, b) {
    if (w[b] === 0) w[b] = sleep(ex, 1e9);
    return ex.awaitAt(w, b);
  },
  drop: function (ex, f, w, b) {
    if (w[b] !== 0) ex.drop(w[b]);
  },
});

// words [child, rounds]: the future `open` makes, awaited once a round, forever
function roundLoop(name: string, open: (ex: Executor) => number) {
  return defineFuture({
    name: name,
    words: 2,
    refs: 0,
    poll: function (ex, f, w, b) {
      for (;;) {
        if (w[b] === 0) w[b] = open(ex);
        if (ex.awaitAt(w, b) === PENDING) return PENDING;
        w[b + 1]++;
      }
    },
    drop: function (ex, f, w, b) {
      if (w[b] !== 0) ex.drop(w[b]);
    },
  });
}

// The combinators and yield, each awaited once a round; `ms` is a round's board time.
const ROUND_LOOPS: { what: string; ms: number; loop: ReturnType<typeof roundLoop> }[] = [
  { what: 'selects over two sleeps', ms: 1, loop: roundLoop('select-loop', (ex) => select(ex, sleep(ex, 1), sleep(ex, 2))) },
  { what: 'joins of two sleeps', ms: 2, loop: roundLoop('join-loop', (ex) => join(ex, sleep(ex, 1), sleep(ex, 2))) },
  { what: 'timeouts of a longer sleep', ms: 1, loop: roundLoop('timeout-loop', (ex) => timeout(ex, 1, sleep(ex, 2))) },
  { what: 'yields joined with a 1 ms sleep', ms: 1, loop: roundLoop('yield-loop', (ex) => join(ex, yieldNow(ex), sleep(ex, 1))) },
];

test('10,000 spawns of a task that ends at its first poll allocate nothing after warm-up', async () => {
  const ex = new Executor({ maxTasks: 2 });
  let spawned = 0;
  await allocatesNothing('spawn and exit', (n) => {
    for (let i = 0; i < n; i++) {
      ex.spawn(Done);
      ex.runUntilIdle();
    }
    spawned += n;
  });
  assert.is(ex.ended, spawned);
  assert.is(ex.frames.inUse, 0);
});

test('10,000 spawns and cancels of a sleeping task allocate nothing after warm-up', async () => {
  const ex = new Executor({ maxTasks: 2 });
  let spawned = 0;
  await allocatesNothing('spawn and cancel', (n) => {
    for (let i = 0; i < n; i++) {
      const h = ex.spawn(Parked);
      ex.runUntilIdle();
      ex.cancel(h);
    }
    spawned += n;
  });
  assert.is(ex.cancelled, spawned);
  assert.is(ex.timers.size, 0, 'every cancelled sleep left the timer heap');
  assert.is(ex.frames.inUse, 0);
});

for (const r of ROUND_LOOPS) {
  test('10,000 ms of ' + r.what + ' allocate nothing after warm-up', async () => {
    const ex = new Executor({ maxTasks: 1 });
    const sim = new SimBoard();
    ex.spawn(r.loop);
    // The entry frame sits at the bottom of task 0's side stack.
    const rounds = () => ex.w[ex.tasks.wordBase[0] + 1];
    let ms = 0;
    await allocatesNothing(r.what, (n) => {
      sim.run(ex, n);
      ms += n;
    });
    assert.is(rounds(), Math.floor(ms / r.ms));
    assert.is(ex.faults.length, 0);
  });
}

test("10,000 ms of two tasks taking turns at one pool slot (policy 'wait') allocate nothing after warm-up", async () => {
  const ex = new Executor({ maxTasks: 2, scratchWords: 0, poolSlots: 1, poolSlotWords: 16 });
  const sim = new SimBoard();
  const a = new ScratchOrPool({ policy: 'wait' });
  // Each next() holds the slot for 1 ms of its sleep, so the other task waits for it every call.
  const values = 3 * (WARMUP_STEPS * 1000 + WINDOWS * ROUNDS);
  spawnSum(ex, dyn(counter(values, 6, 1), a));
  spawnSum(ex, dyn(counter(values, 6, 1), a));
  let waits0 = 0;
  await allocatesNothing('pool wait', (n) => {
    if (n === ROUNDS) waits0 = a.stats[A_WAITS];
    sim.run(ex, n);
  });
  assert.ok(a.stats[A_WAITS] - waits0 >= ROUNDS / 2, a.stats[A_WAITS] - waits0 + ' calls waited for the slot in the last window');
  assert.is(ex.faults.length, 0);
});

test.run();
