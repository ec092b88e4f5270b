import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { defineFuture, PENDING, READY } from '../executor/abi.ts';
import { isFrugalError, type FrugalError } from '../executor/errors.ts';
import { Executor } from '../executor/executor.ts';
import { taskIndex } from '../contract/task-handle.ts';
import { sleep } from '../primitives/sleep.ts';
import { SimBoard } from '../boards/sim/sim-board.ts';
import { freeCounts, Script, spawnScript } from './support/script-task.ts';

function spawnError(fn: () => void): FrugalError {
  try {
    fn();
  } catch (e) {
    assert.ok(isFrugalError(e, 'spawn'), 'a spawn error: ' + String(e));
    return e as FrugalError;
  }
  throw new Error('spawn did not fail');
}

test('a full task table is a spawn error naming maxTasks, and nothing is taken', () => {
  const ex = new Executor({ maxTasks: 2 });
  spawnScript(ex, [(x) => sleep(x, 10)]);
  spawnScript(ex, [(x) => sleep(x, 10)]);
  const before = freeCounts(ex);
  const e = spawnError(() => spawnScript(ex, []));
  assert.is(e.budget, 'tasks');
  assert.match(e.message, "spawn 'script': the task table is full (maxTasks 2, all running)");
  assert.equal(freeCounts(ex), before);
});

test('an entry frame larger than the side stack says how large a stack to ask for', () => {
  const Big = defineFuture({ name: 'big', words: 40, refs: 0, poll: () => READY });
  const ex = new Executor({ sideStackWords: 16 });
  const e = spawnError(() => ex.spawn(Big));
  assert.is(e.budget, 'sideStack');
  assert.is(e.shortBy, 25);
  assert.match(e.message, "the entry frame 'big' needs 41 words (40 + 1 header)");
  assert.match(e.message, 'pass { sideStack: 41');
  ex.spawn(Big, { sideStack: 41 });
  assert.is(ex.liveTasks(), 1);
});

test('per-task overrides come out of the shared arena; too much is refused with the shortfall', () => {
  const ex = new Executor({ maxTasks: 4, sideStackWords: 16, scratchWords: 4 }); // arena 80 words
  const start = freeCounts(ex);
  const a = spawnScript(ex, [(x) => sleep(x, 5)], { sideStack: 40, scratch: 20 });
  assert.is(ex.words.free, 20);
  const e = spawnError(() => spawnScript(ex, [], { sideStack: 30 }));
  assert.is(e.budget, 'task memory');
  assert.is(e.shortBy, 14);
  assert.match(e.message, 'needs 34 words (side stack 30 + scratch 4), the task arena has 20 contiguous words free (short by 14)');
  assert.is(ex.words.free, 20, 'the failed spawn took nothing');
  ex.cancel(a);
  assert.equal(freeCounts(ex), { ...start, leakedFrames: 0 });
});

test('bad spawn options are config errors', () => {
  const ex = new Executor();
  try {
    spawnScript(ex, [], { scratch: -1 });
    assert.unreachable();
  } catch (e) {
    assert.ok(isFrugalError(e, 'config'));
    assert.match((e as Error).message, "spawn 'script': scratch must be at least 0, got -1");
  }
  assert.is(ex.liveTasks(), 0);
});

test('side stack overflow at run time names the task and the sizes', () => {
  const ex = new Executor({ sideStackWords: 6 });
  const sim = new SimBoard();
  // Script takes 3 words (2 + header), the sleep 3 more: fits exactly; a second sleep does not.
  spawnScript(ex, [(x) => { sleep(x, 1); return sleep(x, 1); }], { name: 'deep' });
  sim.run(ex, 5);
  assert.is(ex.faults.length, 1);
  assert.match(ex.faults[0].message, "side stack overflow in task 0 ('deep'): future 'sleep' needs 3 words and 0 refs, 0 of 6 words");
  assert.is(ex.frames.inUse, 0, 'the fault released every frame');
});

test("a future that fits the side stack only without its header word overflows", () => {
  const ex = new Executor({ sideStackWords: 5 });
  const sim = new SimBoard();
  // Script takes 3 words (2 + header); the sleep needs 3 (2 + header) and 2 are left.
  spawnScript(ex, [(x) => sleep(x, 1)], { name: 'tight' });
  sim.run(ex, 5);
  assert.is(ex.faults.length, 1);
  assert.match(ex.faults[0].message, "side stack overflow in task 0 ('tight'): future 'sleep' needs 3 words and 0 refs, 2 of 5 words");
});

test('frames dropped out of order leave the side stack once everything above them is gone', () => {
  const ex = new Executor();
  let a = 0, b = 0, c = 0;
  let topAfter = -1;
  spawnScript(ex, [(x) => {
    a = sleep(x, 1);
    b = sleep(x, 2);
    c = sleep(x, 3);
    const base = x.tasks.wordBase[x.cur];
    x.drop(b); // below the top: only marked dead
    assert.is(x.tasks.stackTop[x.cur] - base, 3 + 9);
    x.drop(c); // pops c and the dead b
    topAfter = x.tasks.stackTop[x.cur] - base;
    x.drop(a);
  }]);
  ex.runUntilIdle();
  assert.is(topAfter, 3 + 3, 'script frame + a remain');
  assert.is(ex.tasks.stackHigh[0], 12);
});

test('a task result and its end are reported; the slot is reused with a new generation', () => {
  const Answer = defineFuture({ name: 'answer', words: 0, refs: 0, poll: (ex) => { ex.rn[0] = 42; return READY; } });
  const ex = new Executor({ maxTasks: 1 });
  const h1 = ex.spawn(Answer);
  ex.runUntilIdle();
  assert.is(ex.tasks.result[0], 42);
  assert.is(ex.isRunning(h1), false);
  const h2 = ex.spawn(Script);
  assert.is.not(h2, h1);
  assert.is(taskIndex(h2), taskIndex(h1));
});

test('pending tasks stay pending; a busy loop is reported by runUntilIdle', () => {
  const Spin = defineFuture({ name: 'spin', words: 0, refs: 0, poll: (ex) => { ex.wake(ex.cur); return PENDING; } });
  const ex = new Executor();
  ex.spawn(Spin);
  assert.throws(() => ex.runUntilIdle(100), /still 1 ready task\(s\) after 100 polls; a task yields forever/);
});

test.run();
