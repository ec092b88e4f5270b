// examples/adapter-strategies.ts as the board runs it (frugal/testing: its Puck.js bundle on the
// model of the board): the same thermometer behind every adapter gives every reader the same five
// readings, and the report read from the device memory shows where each adapter put the frames and
// what it allocated.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runProgram } from '../testing.ts';

const PROGRAM = new URL('../examples/adapter-strategies.ts', import.meta.url);
const STRATEGIES = ['ScratchOrPool', 'SideStack', 'Inline', 'MaxSpace', 'Recycling', 'CallerCachedBox', 'Boxing'];

test('every adapter reads the same five temperatures; its counters say where the frames lived and what was allocated', async () => {
  const run = await runProgram(PROGRAM);
  assert.equal(run.faults, []);
  assert.equal(run.uncaught, []);
  // The model's E.getTemperature on a Puck.js: 20 C. The readers run side by side and each prints
  // once, after its fifth reading, in spawn order.
  assert.is(run.serial, STRATEGIES.map((s) => s + ': read 20 20 20 20 20\n').join(''));
  // Five sleeps of 100 ms, then the end: each task polled once to start and once per reading.
  assert.equal(run.report.tasks.map((t) => [t.name, t.state, t.polls]), STRATEGIES.map((s) => [s, 'ended', 6]));
  assert.equal(run.report.timers, { pending: 0, capacity: 7, highWater: 7 });

  const counters = run.report.adapters.map((a) => [a.strategy, a.calls, a.scratch, a.pool, a.sideStack, a.reuses, a.allocations, a.refused]);
  assert.equal(counters, [
    // [strategy, calls, scratch, pool, side stack, reused, allocations, refused]
    ['ScratchOrPool', 5, 5, 0, 0, 0, 0, 0],
    ['SideStack', 5, 0, 0, 5, 0, 0, 0],
    // Both hold one frame of their own, lent to every call.
    ['Inline', 5, 0, 0, 0, 5, 0, 0],
    ['MaxSpace', 5, 0, 0, 0, 5, 0, 0],
    // The first call boxes a frame that the next four reuse (one cache for the adapter, one per calling task).
    ['Recycling', 5, 0, 0, 0, 4, 1, 0],
    ['CallerCachedBox', 5, 0, 0, 0, 4, 1, 0],
    // A fresh box per call.
    ['Boxing', 5, 0, 0, 0, 0, 5, 0],
  ]);
  assert.ok(run.report.adapters.every((a) => a.largestFrame === 2), 'Thermometer.next is 2 words wherever it lives');
  // Only the ScratchOrPool reader has scratch (the frame, 2 words), only the SideStack reader pushes
  // the frame and its header on its side stack; nothing went to the pool.
  assert.equal(run.report.tasks.map((t) => t.scratch === null ? 0 : t.scratch.hits), [5, 0, 0, 0, 0, 0, 0]);
  assert.equal(run.report.tasks.map((t) => t.poolFallbacks), [0, 0, 0, 0, 0, 0, 0]);
  assert.is(run.report.tasks[1].sideStack?.high, 4);
});

test.run();
