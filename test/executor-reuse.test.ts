// Reuse of the executor's entries over long runs: frame handles past the generation wrap, the
// backstop over a completely full frame table, and side-stack space given back when frames leave
// in any order.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { defineFuture, MAX_GENERATION, PENDING, READY } from '../executor/abi.ts';
import { Executor } from '../executor/executor.ts';
import { Sleep } from '../primitives/sleep.ts';
import { freeCounts } from './support/script-task.ts';

const Done = defineFuture({ name: 'done', words: 0, refs: 0, poll: () => READY });

test('frame handles stay non-zero and valid after the generation wraps: 2 x 16,383 tasks on one frame', () => {
  // Frame 0 is the only entry ever used, so it wraps after MAX_GENERATION frees. A wrap to
  // generation 0 would give it handle 0, which every parent reads as "no child".
  const ex = new Executor({ maxTasks: 1, maxFrames: 1 });
  const runs = 2 * MAX_GENERATION + 10;
  for (let i = 0; i < runs; i++) {
    ex.spawn(Done);
    const root = ex.tasks.root[0];
    if (root <= 0 || !ex.isLive(root)) assert.unreachable('spawn ' + i + ': entry handle ' + root + ' is not a live handle');
    ex.runUntilIdle();
  }
  assert.is(ex.ended, runs);
  assert.is(ex.leakedFrames, 0, 'every entry frame was dropped, none reclaimed by the backstop');
  assert.is(ex.frames.inUse, 0);
  assert.ok(ex.frames.gen[0] >= 1 && ex.frames.gen[0] <= MAX_GENERATION);
});

// words [opened, how it ends]: opens sleeps until the frame table is full and never drops them
// (as a faulty drop would leave them); at its second poll it ends, throws, or waits to be cancelled.
const Hoarder = defineFuture({
  name: 'hoarder',
  words: 2,
  refs: 0,
  init: function (ex, f, w, b) {
    w[b + 1] = ex.an[0];
  },
  poll: function (ex, f, w, b) {
    if (w[b] > 0) {
      if (w[b + 1] === 1) return READY;
      if (w[b + 1] === 2) throw new Error('hoarder gives up');
      return PENDING;
    }
    while (ex.frames.inUse < ex.frames.capacity) {
      ex.push(Sleep);
      w[b]++;
    }
    ex.wake(ex.cur);
    return PENDING;
  },
});

const ENDINGS = ['cancelled', 'ended', 'faulted'];

for (let how = 0; how < ENDINGS.length; how++) {
  test('the backstop reclaims every orphaned frame of a ' + ENDINGS[how] + ' task, the last table entry included', () => {
    const ex = new Executor({ maxTasks: 1, maxFrames: 8, sideStackWords: 32 });
    const before = freeCounts(ex);
    ex.an[0] = how;
    const h = ex.spawn(Hoarder);
    ex.runPass();
    assert.is(ex.frames.live[7], 1, 'the last entry is in use');
    if (how === 0) ex.cancel(h);
    ex.runUntilIdle();
    assert.is(ex.isRunning(h), false);
    assert.is(ex.leakedFrames, 7, 'the seven orphaned sleeps');
    assert.equal(freeCounts(ex), { ...before, leakedFrames: 7 });
  });
}

test.run();
