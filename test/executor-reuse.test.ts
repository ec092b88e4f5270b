// Reuse of the executor's entries over long runs: frame, task and timer handles past the
// generation wrap, the backstop over a completely full frame table, and side-stack space given
// back when frames leave in any order.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { defineFuture, PENDING, READY } from '../executor/abi.ts';
import { Executor } from '../executor/executor.ts';
import { MAX_FRAME_GENERATION } from '../executor/frame-handle.ts';
import { MAX_TASK_GENERATION, TASK_GEN_SCALE, taskGeneration, taskIndex } from '../contract/task-handle.ts';
import { TimerHeap } from '../executor/timer-heap.ts';
import { MAX_TIMER_GENERATION, timerEntry } from '../executor/timer-handle.ts';
import { Sleep } from '../primitives/sleep.ts';
import { freeCounts } from './support/script-task.ts';

const Done = defineFuture({ name: 'done', words: 0, refs: 0, poll: () => READY });

test('frame handles stay non-zero and valid after the generation wraps: 2 x 16,383 tasks on one frame', () => {
  // Frame 0 is the only entry ever used, so it wraps after MAX_FRAME_GENERATION frees. A wrap to
  // generation 0 would give it handle 0, which every parent reads as "no child".
  const ex = new Executor({ maxTasks: 1, maxFrames: 1 });
  const runs = 2 * MAX_FRAME_GENERATION + 10;
  for (let i = 0; i < runs; i++) {
    ex.spawn(Done);
    const root = ex.tasks.root[0];
    if (root <= 0 || !ex.isLive(root)) assert.unreachable('spawn ' + i + ': entry handle ' + root + ' is not a live handle');
    ex.runUntilIdle();
  }
  assert.is(ex.ended, runs);
  assert.is(ex.leakedFrames, 0, 'every entry frame was dropped, none reclaimed by the backstop');
  assert.is(ex.frames.inUse, 0);
  assert.ok(ex.frames.gen[0] >= 1 && ex.frames.gen[0] <= MAX_FRAME_GENERATION);
});

test('task handles stay non-zero and name one task after the generation wraps: 2 x 255 tasks in one slot', () => {
  // Slot 0 is the only one ever used. A wrap to generation 0 would give its task handle 0.
  const ex = new Executor({ maxTasks: 1 });
  let prev = 0;
  for (let i = 0; i < 2 * MAX_TASK_GENERATION + 10; i++) {
    const h = ex.spawn(Done);
    if (h < TASK_GEN_SCALE || taskIndex(h) !== 0) assert.unreachable('spawn ' + i + ': task handle ' + h + ' is not slot 0 with a generation');
    if (!ex.isRunning(h) || prev !== 0 && (prev === h || ex.isRunning(prev))) assert.unreachable('spawn ' + i + ': handle ' + h + ' after ' + prev);
    ex.runUntilIdle();
    prev = h;
  }
  assert.ok(taskGeneration(prev) >= 1 && taskGeneration(prev) <= MAX_TASK_GENERATION);
});

test('a timer handle from before the generation wrap never removes the entry reused since', () => {
  const heap = new TimerHeap(1);
  let old = heap.add(5, 0);
  heap.remove(old);
  for (let i = 0; i < 2 * MAX_TIMER_GENERATION + 10; i++) {
    const h = heap.add(10, 0);
    if (h <= 0 || timerEntry(h) !== 0 || h === old) assert.unreachable('add ' + i + ': timer handle ' + h + ' after ' + old);
    heap.remove(old);
    if (heap.size !== 1) assert.unreachable('add ' + i + ': the stale handle ' + old + ' removed the new timer');
    heap.remove(h);
    old = h;
  }
  assert.is(heap.size, 0);
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
