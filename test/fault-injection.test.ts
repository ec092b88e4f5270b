// Faults injected from outside and inside tasks. Each scenario checks four things: nothing escapes
// the executor, every budget's free count comes back, the work done is bounded (polls counted),
// and the report (fault message, error kind) says what happened.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { defineFuture, PENDING } from '../executor/abi.ts';
import { numberChannel, recv } from '../primitives/channel.ts';
import { isFrugalError } from '../executor/errors.ts';
import { Executor } from '../executor/executor.ts';
import { taskIndex } from '../contract/task-handle.ts';
import { join } from '../primitives/join.ts';
import { select, timeout } from '../primitives/select.ts';
import { Signal, waitSignal } from '../primitives/signal.ts';
import { sleep } from '../primitives/sleep.ts';
import { yieldNow } from '../primitives/yield.ts';
import { dyn, next } from '../adapters/dyn.ts';
import { ScratchOrPool } from '../adapters/scratch-or-pool.ts';
import { PinEdges, waitEdge } from '../boards/pin-edge.ts';
import { EDGE_BOTH } from '../contract/pin-edge-kinds.ts';
import { readLine, SerialLines } from '../boards/serial-lines.ts';
import { SimBoard } from '../boards/sim/sim-board.ts';
import { RQ_HEAD } from '../executor/run-queue.ts';
import { TIMERS_REFUSED } from '../executor/timer-heap.ts';
import { counter } from './support/counter-impl.ts';
import { freeCounts, spawnScript } from './support/script-task.ts';

function messages(ex: Executor): string[] {
  return ex.faults.map((f) => f.phase + ': ' + f.message);
}

// words [polls before throwing, polls so far]
const ThrowAfter = defineFuture({
  name: 'throw-after', words: 2, refs: 0,
  init: (ex, f, w, b) => { w[b] = ex.an[0]; },
  poll: (ex, f, w, b) => {
    if (w[b + 1]++ < w[b]) { ex.wake(ex.cur); return PENDING; }
    throw new Error('poll exploded');
  },
});

// Holds a child (a sleep and a channel receive under a join) and throws from drop before or after
// dropping it: words [child, drop child first]
function holder(name: string) {
  return defineFuture({
    name, words: 2, refs: 1,
    init: (ex, f, w, b, r, rb) => { w[b + 1] = ex.an[0]; r[rb] = ex.ar[0]; },
    poll: (ex, f, w, b, r, rb) => {
      if (w[b] === 0) w[b] = join(ex, sleep(ex, 1000), recv(ex, r[rb] as never));
      return ex.poll(w[b]);
    },
    drop: (ex, f, w, b) => {
      if (w[b + 1] === 1 && w[b] !== 0) ex.drop(w[b]);
      throw new Error('drop exploded');
    },
  });
}
const DropThrowsAfterChildren = holder('drop-throws-late');
const DropThrowsBeforeChildren = holder('drop-throws-early');

test('a throw inside poll: the task is stopped once, reported, and the other tasks keep running', () => {
  const ex = new Executor();
  const sim = new SimBoard();
  const start = freeCounts(ex);
  let survivorPolls = 0;
  const steps = [];
  for (let i = 0; i < 5; i++) steps.push((x: Executor) => { survivorPolls++; return sleep(x, 10); });
  spawnScript(ex, steps, { name: 'survivor' });
  ex.an[0] = 3;
  ex.spawn(ThrowAfter, { name: 'bomb' });
  sim.run(ex, 100);
  assert.equal(messages(ex), ['poll: poll exploded']);
  assert.is(ex.faults[0].name, 'bomb');
  assert.is(ex.tasks.polls[1], 4, 'three pending polls, then the throw: never polled again');
  assert.is(survivorPolls, 5);
  assert.is(ex.polls, 6 + 4, 'survivor: 5 sleeps + the final poll; bomb: 4');
  assert.equal(freeCounts(ex), start);
});

test('a throw inside drop after the children were dropped: reported with phase drop, nothing leaks', () => {
  const ex = new Executor();
  const ch = numberChannel(ex, 1);
  const start = freeCounts(ex);
  ex.an[0] = 1;
  ex.ar[0] = ch;
  const h = ex.spawn(DropThrowsAfterChildren, { name: 'late' });
  ex.runUntilIdle();
  assert.is(ex.timers.size, 1);
  assert.is(ch.receivers.length, 1);
  ex.cancel(h);
  assert.equal(messages(ex), ['drop: drop exploded']);
  assert.is(ex.cancelled, 1);
  assert.equal(freeCounts(ex), start);
  assert.is(ch.receivers.length, 0);
});

test('a throw inside drop before the children were dropped: the backstop returns frames and timers', () => {
  const ex = new Executor();
  const ch = numberChannel(ex, 1);
  const start = freeCounts(ex);
  ex.an[0] = 0;
  ex.ar[0] = ch;
  const h = ex.spawn(DropThrowsBeforeChildren, { name: 'early' });
  ex.runUntilIdle();
  ex.cancel(h);
  assert.equal(messages(ex), ['drop: drop exploded']);
  // join, sleep and receive were never dropped: the backstop freed them and counted them.
  assert.equal(freeCounts(ex), { ...start, leakedFrames: 3 });
  // A late send finds no live task to wake; the next task in the slot runs normally.
  ch.trySend(ex, 1);
  assert.is(ex.runQueue.length, 0);
  const polls = ex.polls;
  spawnScript(ex, [(x) => sleep(x, 5)]);
  const sim = new SimBoard();
  sim.run(ex, 10);
  assert.is(ex.polls - polls, 2);
  assert.is(ex.timers.size, 0);
});

test('a throw in poll and then in drop: two faults, one release, memory back', () => {
  const Both = defineFuture({
    name: 'both', words: 1, refs: 0,
    poll: (ex, f, w, b) => { w[b] = sleep(ex, 10); throw new Error('poll broke'); },
    drop: (ex, f, w, b) => { ex.drop(w[b]); throw new Error('drop broke too'); },
  });
  const ex = new Executor();
  const start = freeCounts(ex);
  const seen: string[] = [];
  ex.onFault = (x, f) => seen.push(f.phase);
  ex.spawn(Both);
  ex.runUntilIdle();
  assert.equal(messages(ex), ['poll: poll broke', 'drop: drop broke too']);
  // The hook runs for both; its order is not the log's (the poll fault's hook runs after the release).
  assert.equal(seen.slice().sort(), ['drop', 'poll']);
  assert.is(ex.faultCount, 2);
  assert.is(ex.polls, 1);
  assert.equal(freeCounts(ex), start);
});

test('callbacks firing after their task was cancelled (pin edge, signal, channel, serial, timer) wake nothing', () => {
  const ex = new Executor({ maxTasks: 2 });
  const sim = new SimBoard();
  const edges = new PinEdges(ex, sim, sim.pin('BTN1'), 0);
  const sig = new Signal(ex);
  const ch = numberChannel(ex, 2);
  const lines = new SerialLines(ex, sim, 0, 16);
  const buf = new Uint8Array(4);
  const start = freeCounts(ex);
  const victim = spawnScript(ex, [(x) => join(x, waitEdge(x, edges, EDGE_BOTH), waitSignal(x, sig), recv(x, ch), readLine(x, lines, buf)),
    (x) => timeout(x, 50, yieldNow(x))], { name: 'victim' });
  sim.run(ex, 5);
  assert.equal([edges.waiters.length, sig.waiters.length, ch.receivers.length, lines.readers.length, ex.timers.size], [1, 1, 1, 1, 0]);
  const victimPolls = ex.tasks.polls[0];
  ex.cancel(victim);
  assert.equal([edges.waiters.length, sig.waiters.length, ch.receivers.length, lines.readers.length], [0, 0, 0, 0]);
  // A bystander in the same slot must not be woken by the victim's old registrations.
  const polls = ex.polls;
  const bystander = spawnScript(ex, [(x) => sleep(x, 1000)], { name: 'bystander' });
  assert.is(taskIndex(bystander), 0, 'the bystander reuses the victim\'s slot');
  ex.runUntilIdle();
  sim.edge('BTN1', 10, 1);
  sim.serialInput(0, 11, 'hi\n');
  sim.run(ex, 20);
  sig.set(ex, 1);
  ch.trySend(ex, 1);
  ex.advanceTo(100);
  assert.is(ex.runQueue.length, 0);
  assert.is(ex.polls - polls, 1, 'only the bystander\'s first poll');
  assert.is(ex.tasks.polls[0], 1);
  assert.ok(victimPolls >= 1);
  ex.cancel(bystander);
  assert.equal(freeCounts(ex), start);
});

test('a timer firing for a task cancelled during its sleep is gone with the sleep', () => {
  const ex = new Executor();
  const sim = new SimBoard();
  const start = freeCounts(ex);
  const h = spawnScript(ex, [(x) => select(x, sleep(x, 10), sleep(x, 20))]);
  sim.run(ex, 5);
  assert.is(ex.timers.size, 2);
  ex.cancel(h);
  assert.is(ex.timers.size, 0);
  const polls = ex.polls;
  sim.run(ex, 100);
  assert.is(ex.polls, polls);
  assert.equal(freeCounts(ex), start);
});

test('polling or dropping a stale handle is a clear stale-handle error, from outside and from a task', () => {
  const ex = new Executor();
  let h = 0;
  spawnScript(ex, [(x) => { h = sleep(x, 5); x.drop(h); }, (x) => x.poll(h) as never]);
  ex.runUntilIdle();
  assert.is(ex.faults.length, 1);
  assert.ok(isFrugalError(ex.faults[0].error, 'stale-handle'));
  assert.match(ex.faults[0].message, /^future handle \d+ is stale: frame \d+ was dropped since \(generation 1, now 2\)/);
  for (const bad of [h, 0, -1, 1 << 29, NaN]) {
    try {
      ex.poll(bad);
      assert.unreachable('poll(' + bad + ')');
    } catch (e) {
      assert.ok(isFrugalError(e, 'stale-handle'), 'poll(' + bad + '): ' + String(e));
      assert.match((e as Error).message, 'is stale');
    }
    assert.throws(() => ex.drop(bad), /is stale/);
    assert.is(ex.isLive(bad), false);
  }
  // Stale task handles.
  const t = spawnScript(ex, []);
  ex.runUntilIdle();
  assert.is(ex.isRunning(t), false);
  assert.throws(() => ex.cancel(t), /task handle \d+ is stale: task 0 \('script'\) has ended or been cancelled since/);
  assert.throws(() => ex.cancel(0), /task handle 0 is stale/);
});

test('10,000 interrupt-style wakes between two polls from every source: queued once, polled once', () => {
  const ex = new Executor({ maxTasks: 2 });
  const sim = new SimBoard({ scriptCapacity: 1 });
  const edges = new PinEdges(ex, sim, sim.pin('BTN1'), 0);
  const sig = new Signal(ex);
  const ch = numberChannel(ex, 1);
  const lines = new SerialLines(ex, sim, 0, 8);
  const buf = new Uint8Array(4);
  spawnScript(ex, [(x) => join(x, waitEdge(x, edges, EDGE_BOTH), waitSignal(x, sig), recv(x, ch), readLine(x, lines, buf))]);
  ex.runUntilIdle();
  const polls = ex.polls, wakes = ex.wakes;
  const pin = sim.pin('BTN1');
  for (let i = 0; i < 10000; i++) {
    sim.digitalWrite(pin, i & 1);
    sig.set(ex, i);
    ch.trySend(ex, i);
    ch.tryRecv(ex);
    lines.receive(ex, 10);
    ex.wake(0);
    ex.wake(1); // a free slot: ignored
  }
  assert.is(ex.runQueue.length, 1);
  assert.is(ex.wakes - wakes, 1);
  ex.runUntilIdle();
  assert.is(ex.polls - polls, 1, 'one poll for 70,000 wake attempts');
});

test('a timer heap at capacity: the sleep that does not fit faults its task; the heap works again after', () => {
  const ex = new Executor({ maxTasks: 4, timerCapacity: 2 });
  const sim = new SimBoard();
  const start = freeCounts(ex);
  const done: string[] = [];
  for (let i = 0; i < 3; i++) spawnScript(ex, [(x) => sleep(x, 10), (x) => { done.push('s' + i); }], { name: 's' + i });
  // A dyn call whose implementation sleeps meets the full heap inside the pool frame.
  spawnScript(ex, [(x) => next(x, dyn(counter(5, 4, 3), new ScratchOrPool()))], { name: 'dyn' });
  sim.run(ex, 50);
  assert.equal(done, ['s0', 's1']);
  assert.equal(messages(ex), [
    "poll: sleep in task 2 ('s2'): the timer heap is full (timerCapacity 2 pending deadlines); raise timerCapacity",
    "poll: sleep in task 3 ('dyn'): the timer heap is full (timerCapacity 2 pending deadlines); raise timerCapacity",
  ]);
  assert.is(ex.timers.st[TIMERS_REFUSED], 2, 'refusals counted');
  assert.ok(ex.polls <= 8, ex.polls + ' polls');
  assert.equal(freeCounts(ex), start);
  spawnScript(ex, [(x) => sleep(x, 5), (x) => sleep(x, 5)]);
  sim.run(ex, 20);
  assert.is(ex.faults.length, 2);
  assert.equal(freeCounts(ex), start);
});

test('a frame table at capacity: a spawn is refused whole, an open faults its task, slots come back', () => {
  const ex = new Executor({ maxTasks: 3, maxFrames: 3, scratchWords: 0, poolSlots: 1, poolSlotWords: 8 });
  const sim = new SimBoard();
  const start = freeCounts(ex);
  const a = spawnScript(ex, [(x) => sleep(x, 100)], { name: 'a' });
  ex.runUntilIdle();
  spawnScript(ex, [(x) => next(x, dyn(counter(1, 4, 0), new ScratchOrPool()))], { name: 'b' });
  const before = freeCounts(ex);
  try {
    spawnScript(ex, [], { name: 'c' });
    assert.unreachable();
  } catch (e) {
    assert.ok(isFrugalError(e, 'spawn'));
    assert.is((e as Error).message, "spawn 'c': the frame table is full (maxFrames 3 live futures); raise maxFrames");
  }
  assert.equal(freeCounts(ex), before, 'the failed spawn took nothing');
  sim.run(ex, 1);
  assert.equal(messages(ex), ["poll: future 'counter.next/4': the frame table is full (maxFrames 3 live futures); raise maxFrames"]);
  assert.is(ex.pool.free, 1, 'the pool slot found for the frame went back');
  ex.cancel(a);
  assert.equal(freeCounts(ex), start);
});

test('a full run queue cannot happen: every source waking every task keeps each queued once', () => {
  const ex = new Executor({ maxTasks: 4, runQueueCapacity: 4 });
  const sig = new Signal(ex);
  const ch = numberChannel(ex, 1);
  for (let i = 0; i < 4; i++) spawnScript(ex, [(x) => select(x, waitSignal(x, sig), recv(x, ch), yieldNow(x))]);
  let maxLen = 0;
  for (let round = 0; round < 100; round++) {
    for (let t = 0; t < 8; t++) ex.wake(t);
    sig.set(ex, round);
    ch.trySend(ex, round);
    const q = ex.runQueue;
    maxLen = Math.max(maxLen, q.length);
    const ids: number[] = [];
    for (let k = 0; k < q.length; k++) ids.push(q.ids[(q.st[RQ_HEAD] + k) % q.ids.length]);
    assert.is(new Set(ids).size, ids.length, 'no task queued twice');
    ex.runPass();
  }
  assert.ok(maxLen <= 4);
  assert.is(ex.runQueue.highWater, 4);
});

test.run();
