// Reuse of the executor's entries over long runs: frame handles past the generation wrap, the
// backstop over a completely full frame table, and side-stack space given back when frames leave
// in any order.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { defineFuture, MAX_GENERATION, READY } from '../executor/abi.ts';
import { Executor } from '../executor/executor.ts';

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

test.run();
