import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { numberChannel, recv, refChannel, send } from '../primitives/channel.ts';
import { Executor } from '../executor/executor.ts';
import { join } from '../primitives/join.ts';
import { select, timeout } from '../primitives/select.ts';
import { Signal, waitSignal } from '../primitives/signal.ts';
import { sleep } from '../primitives/sleep.ts';
import { yieldNow } from '../primitives/yield.ts';
import { SimBoard } from '../boards/sim/sim-board.ts';
import { TIMERS_REFUSED } from '../executor/timer-heap.ts';
import { freeCounts, spawnScript, type Step } from './support/script-task.ts';

function world(opts?: object) {
  const ex = new Executor(opts);
  const sim = new SimBoard();
  return { ex, sim, start: freeCounts(ex), log: [] as string[] };
}

test('sleep wakes at its deadline in virtual time', () => {
  const { ex, sim, start, log } = world();
  spawnScript(ex, [(x) => sleep(x, 250), (x) => { log.push('a@' + x.now); return sleep(x, 250); }, (x) => { log.push('a@' + x.now); }]);
  spawnScript(ex, [(x) => sleep(x, 100), (x) => { log.push('b@' + x.now); }]);
  sim.run(ex, 1000);
  assert.equal(log, ['b@100', 'a@250', 'a@500']);
  assert.equal(freeCounts(ex), start);
});

test('a timer heap at capacity faults the task that asked, with the budget named', () => {
  const { ex, sim, log } = world({ maxTasks: 3, timerCapacity: 2 });
  for (let i = 0; i < 3; i++) spawnScript(ex, [(x) => sleep(x, 10 + i), (x) => { log.push('woke ' + x.now); }], { name: 's' + i });
  sim.run(ex, 50);
  assert.equal(log, ['woke 10', 'woke 11']);
  assert.is(ex.faults.length, 1);
  assert.match(ex.faults[0].message, "sleep in task 2 ('s2'): the timer heap is full (timerCapacity 2 pending deadlines); raise timerCapacity");
  assert.is(ex.timers.st[TIMERS_REFUSED], 1, 'refusal counted');
});

test('yield lets every other ready task run first', () => {
  const { ex, log } = world();
  const step = (name: string): Step => (x) => { log.push(name); return yieldNow(x); };
  spawnScript(ex, [step('a1'), step('a2'), step('a3')]);
  spawnScript(ex, [step('b1'), step('b2')]);
  ex.runUntilIdle();
  assert.equal(log, ['a1', 'b1', 'a2', 'b2', 'a3']);
});

test('signal: the latest value wins, a set before the wait is kept, set from a pin callback wakes', () => {
  const { ex, sim, start, log } = world();
  const sig = new Signal(ex);
  sig.set(ex, 1);
  sig.set(ex, 2);
  spawnScript(ex, [(x) => waitSignal(x, sig), (x) => { log.push('got ' + x.rn[0]); return waitSignal(x, sig); },
    (x) => { log.push('got ' + x.rn[0] + ' at ' + x.now); }]);
  sim.watch(sim.pin('BTN1'), 0, (v, t) => sig.set(ex, 100 + t));
  sim.edge('BTN1', 30, 1);
  sim.run(ex, 100);
  assert.equal(log, ['got 2', 'got 130 at 30']);
  assert.equal(freeCounts(ex), start);
});

test('number channel: FIFO, a full channel parks the sender until a receive', () => {
  const { ex, sim, start, log } = world();
  const ch = numberChannel(ex, 2);
  const sends: Step[] = [];
  for (let i = 1; i <= 4; i++) sends.push((x) => send(x, ch, i * 10), (x) => { log.push('sent ' + i + '@' + x.now); });
  spawnScript(ex, sends);
  const recvs: Step[] = [(x) => sleep(x, 5)];
  for (let i = 0; i < 4; i++) recvs.push((x) => recv(x, ch), (x) => { log.push('recv ' + x.rn[0] + '@' + x.now); });
  spawnScript(ex, recvs);
  sim.run(ex, 20);
  assert.equal(log, ['sent 1@0', 'sent 2@0', 'recv 10@5', 'recv 20@5', 'sent 3@5', 'sent 4@5', 'recv 30@5', 'recv 40@5']);
  assert.is(ch.highWater, 2);
  assert.is(ch.trySend(ex, 1), true);
  assert.is(ch.trySend(ex, 2), true);
  assert.is(ch.trySend(ex, 3), false, 'trySend refuses when full, for interrupt callbacks');
  assert.equal(freeCounts(ex), start);
});

test('reference channel: passes objects through preallocated slots and releases them', () => {
  const { ex, start, log } = world();
  const ch = refChannel(ex, 1);
  const msg = { text: 'hello' };
  spawnScript(ex, [(x) => send(x, ch, 0, msg)]);
  spawnScript(ex, [(x) => recv(x, ch), (x) => { log.push((x.rr as { text: string }).text); }]);
  ex.runUntilIdle();
  assert.equal(log, ['hello']);
  assert.is(ch.refs[0], undefined, 'the slot no longer holds the message');
  assert.equal(freeCounts(ex), start);
});

test('join waits for all and returns each result; finished children free their memory early', () => {
  const { ex, sim, start, log } = world();
  const s1 = new Signal(ex), s2 = new Signal(ex);
  spawnScript(ex, [(x) => join(x, sleep(x, 30), waitSignal(x, s1), waitSignal(x, s2)),
    (x) => { log.push('joined@' + x.now + ' ' + x.rn[1] + ',' + x.rn[2]); }]);
  spawnScript(ex, [(x) => sleep(x, 10), (x) => { s1.set(x, 7); return sleep(x, 40); }, (x) => { s2.set(x, 8); }]);
  sim.run(ex, 100);
  assert.equal(log, ['joined@50 7,8']);
  assert.equal(freeCounts(ex), start);
});

test('select: the first ready child wins, the others are dropped (their timers leave the heap)', () => {
  const { ex, sim, start, log } = world();
  const ch = numberChannel(ex, 1);
  spawnScript(ex, [(x) => select(x, recv(x, ch), sleep(x, 1000)),
    (x) => { log.push('which ' + x.which + ' value ' + x.rn[0] + ' timers ' + x.timers.size); }]);
  spawnScript(ex, [(x) => sleep(x, 20), (x) => send(x, ch, 5)]);
  sim.run(ex, 50);
  assert.equal(log, ['which 0 value 5 timers 0']);
  assert.equal(freeCounts(ex), start);
});

test('timeout: completes with the child, or reports which = 1 at the deadline', () => {
  const { ex, sim, start, log } = world();
  const sig = new Signal(ex);
  spawnScript(ex, [(x) => timeout(x, 100, waitSignal(x, sig)), (x) => { log.push('t1 which ' + x.which + '@' + x.now); },
    (x) => timeout(x, 100, waitSignal(x, sig)), (x) => { log.push('t2 which ' + x.which + ' value ' + x.rn[0] + '@' + x.now); }]);
  spawnScript(ex, [(x) => sleep(x, 150), (x) => { sig.set(x, 9); }]);
  sim.run(ex, 500);
  assert.equal(log, ['t1 which 1@100', 't2 which 0 value 9@150']);
  assert.is(sig.waiters.length, 0);
  assert.equal(freeCounts(ex), start);
});

test('10,000 interrupt-style wakes between two polls queue the task once', () => {
  const { ex, log } = world();
  const sig = new Signal(ex);
  spawnScript(ex, [(x) => waitSignal(x, sig), (x) => { log.push('v ' + x.rn[0]); }]);
  ex.runUntilIdle();
  const wakesBefore = ex.wakes;
  for (let i = 1; i <= 10000; i++) sig.set(ex, i);
  assert.is(ex.runQueue.length, 1);
  assert.is(ex.wakes - wakesBefore, 1);
  for (let i = 0; i < 10000; i++) ex.wake(0);
  assert.is(ex.runQueue.length, 1);
  ex.runUntilIdle();
  assert.equal(log, ['v 10000']);
});

test.run();
