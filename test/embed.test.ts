import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { defineFuture, PENDING, READY } from '../executor/abi.ts';
import { Executor } from '../executor/executor.ts';
import { Sleep } from '../primitives/sleep.ts';
import { SimBoard } from '../boards/sim/sim-board.ts';
import { freeCounts, spawnScript } from './support/script-task.ts';

// words [state, child, sleep frame (Sleep.words)]: the child's frame lives inside this one
const TwoNaps = defineFuture({
  name: 'two-naps',
  words: 2 + Sleep.words,
  refs: 0,
  poll: function (ex, f, w, b) {
    for (;;) {
      if (w[b + 1] !== 0 && ex.awaitAt(w, b + 1) === PENDING) return PENDING;
      if (w[b] === 2) {
        ex.rn[0] = ex.now;
        return READY;
      }
      w[b]++;
      ex.an[0] = 10;
      w[b + 1] = ex.embed(Sleep, f, 2, 0);
    }
  },
  drop: function (ex, f, w, b) {
    if (w[b + 1] !== 0) ex.drop(w[b + 1]);
  },
});

test('an embedded child uses its parent\'s frame: the side stack holds the parent only', () => {
  const ex = new Executor();
  const sim = new SimBoard();
  const start = freeCounts(ex);
  let doneAt = -1;
  spawnScript(ex, [(x) => x.push(TwoNaps), (x) => { doneAt = x.rn[0]; }]);
  sim.run(ex, 100);
  assert.is(doneAt, 20);
  // script (2 + 1 header) + two-naps (4 + 1 header); the sleeps added nothing
  assert.is(ex.tasks.stackHigh[0], 8);
  assert.equal(freeCounts(ex), start);
});

test('a child embedded in a boxed parent lives in the box', () => {
  const ex = new Executor();
  const sim = new SimBoard();
  const start = freeCounts(ex);
  let done = -1;
  spawnScript(ex, [(x) => x.inBox(TwoNaps), (x) => { done = x.rn[0]; }]);
  sim.run(ex, 100);
  assert.is(done, 20);
  assert.is(ex.boxedFrames, 1);
  assert.equal(freeCounts(ex), start);
});

test('cancelling while the embedded child is pending removes its timer', () => {
  const ex = new Executor();
  const sim = new SimBoard();
  const start = freeCounts(ex);
  const h = spawnScript(ex, [(x) => x.push(TwoNaps)]);
  sim.run(ex, 5);
  assert.is(ex.timers.size, 1);
  ex.cancel(h);
  assert.equal(freeCounts(ex), start);
});

test.run();
