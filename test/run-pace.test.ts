// The run loop and its clock (device/scheduler.ts). The batches in a program of one task
// (batchOne): while the task keeps waking itself the clock is read where it says something, at the
// slice's end or at a deadline of the task's own, not every so many polls. A clock that goes back
// leaves board time going on. Measured on the device bundle in V8 with a
// clock that digitalWrite moves (the task writes its pin once a poll), so a poll takes board time
// as on a board.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { findBoard } from '../boards/descriptors.ts';
import { MAX_POLLS, SLICE_MS } from '../device/layout.ts';
import { loadInV8, type V8Clock } from './support/device-v8.ts';
import { deviceBundle, importLines, ProgramDir } from './support/device-program.ts';

const programs = new ProgramDir('run-pace');
const board = findBoard('puckjs');

/** One task whose every poll writes LED1 once; `body` is its loop's await. */
async function oneTask(name: string, body: string, clock: V8Clock): Promise<ReturnType<typeof loadInV8>> {
  const { file, program } = await programs.load(name, [
    ...importLines([
      ['{ select, sleep, yieldNow }', 'tasks/task-api.ts'],
      ['{ spawnTask }', 'tasks/lowered.ts'],
      ['type { Executor }', 'executor/executor.ts'],
      ['type { Hal }', 'boards/hal.ts'],
      ['type { Example }', 'program/example.ts'],
    ]),
    'async function spin(hal: Hal, led: number): Promise<number> {',
    '  for (;;) { hal.digitalWrite(led, 1); await yieldNow(); }',
    '}',
    'export async function measured(hal: Hal, led: number): Promise<void> {',
    '  for (;;) { ' + body + ' }',
    '}',
    'export const program: Example = {',
    "  name: '" + name + "', description: 'one task that keeps waking itself',",
    '  config: { maxTasks: 1 },',
    "  setup: function (ex: Executor, hal: Hal) { spawnTask(ex, measured, [hal, hal.pin('LED1')], { name: 'measured' }); },",
    '  simulate: function () {},',
    '  runMs: 100,',
    '};',
    '',
  ].join('\n'));
  const dev = loadInV8(await deviceBundle(file, program, board), ['LED1'], clock);
  assert.equal(dev.printed(), [], 'no fault line at the start');
  return dev;
}

/** Polls (pin writes) and clock reads of one more run. */
function oneRun(dev: ReturnType<typeof loadInV8>): { polls: number; reads: number } {
  const w = dev.writes();
  const r = dev.clockReads();
  dev.step(1);
  return { polls: dev.writes() - w, reads: dev.clockReads() - r };
}

test('a clock that stands still while code runs: a run is its poll cap in two batches, three clock reads', async () => {
  const dev = await oneTask('still', 'hal.digitalWrite(led, 1); await yieldNow();', { msPerWrite: 0 });
  for (let i = 0; i < 3; i++) {
    const r = oneRun(dev);
    assert.is(r.polls, MAX_POLLS, 'polls a run');
    assert.is(r.reads, 3, 'clock reads a run (the start, after the first batch, after the rest)');
  }
});

test('polls of 50 us: a run ends at the slice, with its batch sized to the time left', async () => {
  const perPoll = 0.05;
  const dev = await oneTask('paced', 'hal.digitalWrite(led, 1); await yieldNow();', { msPerWrite: perPoll });
  for (let i = 0; i < 3; i++) {
    const r = oneRun(dev);
    // 16 polls, then the 184 that fit in the 9.2 ms left, and the one the rounding adds.
    assert.ok(r.polls >= SLICE_MS / perPoll && r.polls <= SLICE_MS / perPoll + 2, 'polls a run: ' + r.polls);
    assert.ok(r.reads <= 4, 'clock reads a run: ' + r.reads);
  }
});

test("a deadline of the task's own: the batch ends at it, the select's sleep wins on time", async () => {
  const perPoll = 0.05;
  // Each round: the select's 5 ms of polls until its sleep wins, then one write of 0.
  const dev = await oneTask('deadline', 'await select(sleep(5), spin(hal, led)); hal.digitalWrite(led, 0);', { msPerWrite: perPoll, msPerStep: 0 });
  for (let i = 0; i < 3; i++) {
    const w = dev.writes();
    const rounds = dev.lows();
    dev.step(1);
    const polls = dev.writes() - w;
    // The slice (10 ms) holds two rounds when each ends at its deadline, one when the batch passes it.
    assert.is(dev.lows() - rounds, 2, 'rounds in a run of ' + polls + ' writes');
    assert.ok(polls <= 2 * (5 / perPoll + 3), 'writes in a run: ' + polls);
  }
});

test('a clock that goes back (a board booted from a saved image, E.setTime): board time goes on from where it was', async () => {
  const dev = await oneTask('back', 'hal.digitalWrite(led, 1); await sleep(100);', { msPerStep: 50 });
  dev.step(10);
  const before = dev.writes();
  assert.ok(before >= 5, 'a write every 100 ms: ' + before);
  dev.setClock(0);
  dev.step(10);
  // Without the clock's move, board time stood at 500 ms until the clock came back to it: no write.
  assert.ok(dev.writes() - before >= 4, 'writes in the 500 ms after the clock went back: ' + (dev.writes() - before));
});

test.after(() => programs.remove());

test.run();
