import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { defineFuture, PENDING } from '../executor/abi.ts';
import { numberChannel, recv } from '../primitives/channel.ts';
import { isFrugalError } from '../executor/errors.ts';
import { Executor } from '../executor/executor.ts';
import { frameIndex } from '../executor/frame-handle.ts';
import { join } from '../primitives/join.ts';
import { select } from '../primitives/select.ts';
import { Signal, waitSignal } from '../primitives/signal.ts';
import { sleep } from '../primitives/sleep.ts';
import { SimBoard } from '../boards/sim/sim-board.ts';
import { freeCounts, spawnScript } from './support/script-task.ts';

test('cancelling a task mid-await runs every drop and returns all of its memory', () => {
  const ex = new Executor({ poolSlots: 2 });
  const sim = new SimBoard();
  const start = freeCounts(ex);
  const ch = numberChannel(ex, 1);
  const sig = new Signal(ex);
  let poolHandle = 0;
  const h = spawnScript(ex, [(x) => {
    poolHandle = x.inPool(Sleepy);
    return join(x, select(x, recv(x, ch), sleep(x, 1000)), waitSignal(x, sig));
  }], { name: 'victim' });
  sim.run(ex, 10);
  assert.is(ex.timers.size, 1);
  assert.is(ch.receivers.length, 1);
  assert.is(sig.waiters.length, 1);
  assert.is(ex.pool.free, 1);
  ex.cancel(h);
  assert.is(ex.timers.size, 0, 'the sleep left the timer heap');
  assert.is(ch.receivers.length, 0, 'the receive left the channel');
  assert.is(sig.waiters.length, 0, 'the wait left the signal');
  assert.is(ex.leakedFrames, 1, 'the pool frame nobody dropped was reclaimed by the backstop');
  assert.equal(freeCounts(ex), { ...start, leakedFrames: 1 });
  assert.throws(() => ex.poll(poolHandle), /future handle \d+ is stale/);
  assert.throws(() => ex.cancel(h), /task handle \d+ is stale: task 0 \('victim'\) has ended or been cancelled/);
  // a late interrupt for the cancelled task is ignored
  sig.set(ex, 1);
  ch.trySend(ex, 1);
  assert.is(ex.runQueue.length, 0);
});

const Sleepy = defineFuture({ name: 'sleepy', words: 1, refs: 0, poll: () => PENDING });

test('a task cannot cancel itself', () => {
  const ex = new Executor();
  let h = 0;
  h = spawnScript(ex, [(x) => { x.cancel(h); }]);
  ex.runUntilIdle();
  assert.is(ex.faults.length, 1);
  assert.match(ex.faults[0].message, 'cannot cancel itself');
});

const Thrower = defineFuture({
  name: 'thrower', words: 1, refs: 0,
  poll: function (ex, f, w, b) {
    if (w[b]++ < 2) { ex.wake(ex.cur); return PENDING; }
    throw new Error('sensor unplugged');
  },
});

test('a throwing task is stopped and reported; the others keep running; budgets come back', () => {
  const ex = new Executor();
  const sim = new SimBoard();
  const start = freeCounts(ex);
  const seen: string[] = [];
  ex.onFault = (x, f) => seen.push(f.task + ' ' + f.name + ' ' + f.phase + ': ' + f.message);
  const log: string[] = [];
  spawnScript(ex, [(x) => sleep(x, 10), (x) => { log.push('survivor@' + x.now); }]);
  ex.spawn(Thrower, { name: 'flaky' });
  sim.run(ex, 20);
  assert.equal(seen, ['1 flaky poll: sensor unplugged']);
  assert.equal(log, ['survivor@10']);
  assert.is(ex.faults[0].error instanceof Error, true);
  assert.is(ex.faultCount, 1);
  assert.equal(freeCounts(ex), start);
});

const BadDrop = defineFuture({
  name: 'bad-drop', words: 0, refs: 0,
  poll: () => PENDING,
  drop: () => { throw new Error('drop failed'); },
});

test('a throwing drop is reported and its memory is still returned', () => {
  const ex = new Executor();
  const start = freeCounts(ex);
  const h = spawnScript(ex, [(x) => x.push(BadDrop)]);
  ex.runUntilIdle();
  ex.cancel(h);
  assert.is(ex.faults.length, 1);
  assert.is(ex.faults[0].phase, 'drop');
  assert.is(ex.faults[0].message, 'drop failed');
  assert.equal(freeCounts(ex), start);
});

test('stale handles: poll or drop after a drop, and the zero handle, are clear errors', () => {
  const ex = new Executor();
  const msgs: string[] = [];
  spawnScript(ex, [(x) => {
    const h = sleep(x, 5);
    x.drop(h);
    for (const bad of [() => x.poll(h), () => x.drop(h), () => x.poll(0)]) {
      try { bad(); } catch (e) {
        assert.ok(isFrugalError(e, 'stale-handle'));
        msgs.push((e as Error).message);
      }
    }
    // A new frame reuses the entry with another generation: the old handle stays stale.
    const h2 = sleep(x, 5);
    assert.is(frameIndex(h2), frameIndex(h));
    assert.throws(() => x.poll(h), /stale/);
    x.drop(h2);
  }]);
  ex.runUntilIdle();
  assert.is(ex.faults.length, 0, ex.faults.length ? ex.faults[0].message : '');
  assert.is(msgs.length, 3);
  assert.match(msgs[0], /future handle \d+ is stale: frame \d+ was dropped since \(generation 1, now 2\)/);
  assert.match(msgs[2], 'it is 0 (no future)');
});

test.run();
