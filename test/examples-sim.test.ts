// The examples as `frugal run` runs them: each one's device bundle for a Puck.js on the model of its
// Espruino, outputs, LED logs and the budget report read from the device memory pinned; and, on the
// host, that each is written with async/await and lowered.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { VTABLES } from '../executor/abi.ts';
import { frameIndex } from '../executor/frame-handle.ts';
import { EXAMPLE_NAMES } from '../program/examples.ts';
import { BOARDS } from '../boards/descriptors.ts';
import { describeRun } from '../program/describe-run.ts';
import { formatDeviceReport } from '../program/device-report.ts';
import { simulateProgram } from '../program/simulate-program.ts';
import { runOnSim } from '../program/reference-run.ts';
import { loadExample } from '../program/load-program.ts';

test('every example is written with async/await and its tasks are lowered state machines', async () => {
  for (const name of EXAMPLE_NAMES) {
    const src = readFileSync(new URL('../examples/' + name + '.ts', import.meta.url), 'utf8');
    assert.not.match(src, 'defineFuture', name + ': no hand-written state machine');
    const loaded = await loadExample(name);
    const fns = loaded.taskFiles.flatMap((f) => f.functions);
    assert.ok(fns.length > 0, name + ' has lowered async functions');
    const run = runOnSim(loaded.example, 1);
    // Every task's entry frame is the vtable of one of those lowered functions.
    for (let t = 0; t < run.ex.tasks.capacity; t++) {
      const h = run.ex.tasks.root[t];
      if (h === 0) continue;
      const vt = VTABLES[run.ex.frames.vt[frameIndex(h)]] as unknown as { name: string; params?: string };
      assert.is(typeof vt.params, 'string', name + ' task ' + t + ' spawned from a lowered function');
      assert.ok(fns.some((f) => f.name === vt.name), name + ': ' + vt.name);
    }
  }
});

test('tour: every task did its part, in its device bundle on the model of a Puck.js', async () => {
  const run = await simulateProgram('tour', { programInputs: true });
  assert.is(run.build.board.id, 'puckjs', 'the default board');
  assert.is(run.output, 'echo: hello frugal\nbutton: press 1\necho: no allocation per line\necho: two lines at once\nbutton: press 2\nbutton: press 3\n');
  assert.is(run.leds.LED2.writes, 11);
  // Each press is seen when BTN1's 25 ms debounce has passed, as Espruino's setWatch reports it.
  assert.equal(run.ledLog.filter((l) => l.indexOf('LED1') > 0), ['t=228 LED1=1', 't=927 LED1=0', 't=1529 LED1=1']);
  assert.equal(run.report.tasks.map((t) => [t.name, t.state, t.polls]), [
    ['blink LED2', 'live', 11], ['button BTN1', 'live', 7], ['uart reader', 'live', 4], ['uart writer', 'live', 4]]);
  assert.equal(run.faults, []);
  assert.equal(run.report.totals, { polls: 26, ended: 0, faults: 0 });
  const text = describeRun(run);
  assert.match(text, 'on Puck.js (puckjs, simulated: the bundle frugal build writes');
  assert.match(text, 'budget report, read from the device memory');
});

test('every example runs as its Puck.js bundle without faults, every task still live (or done) and its timers accounted', async () => {
  for (const name of EXAMPLE_NAMES) {
    const run = await simulateProgram(name, { programInputs: true });
    assert.equal(run.faults, [], name);
    assert.equal(run.uncaught, [], name);
    // adapter-strategies' readers end after their five readings; every other example's tasks loop for ever.
    const state = name === 'adapter-strategies' ? 'ended' : 'live';
    assert.ok(run.report.tasks.every((t) => t.state === state && t.polls > 0), name + ': every task ' + state);
    const sleeping = run.report.timers.pending;
    assert.ok(sleeping <= run.report.timers.capacity && run.report.timers.highWater <= run.report.timers.capacity, name + ' timers');
  }
});

test('every board frugal boards lists is simulated: tour runs as each one\'s bundle, on the model of that board', async () => {
  const puck = await simulateProgram('tour', { programInputs: true });
  for (const b of BOARDS) {
    if (b.id === 'sim') continue;
    const run = await simulateProgram('tour', { programInputs: true, board: b.id });
    assert.is(run.build.board.id, b.id);
    assert.equal(run.faults, [], b.id);
    assert.equal(run.uncaught, [], b.id);
    assert.is(run.output, puck.output, b.id + ' prints what a Puck.js prints');
    assert.match(describeRun(run), 'on ' + b.name + ' (' + b.id + ', simulated: ', b.id);
  }
});

test('the budget table lists each task and the timers, read from the device memory', async () => {
  const run = await simulateProgram('blinky', { programInputs: true, ms: 1000 });
  const table = formatDeviceReport(run.report);
  assert.match(table, /0 blink LED1\s+live\s+3\n/);
  assert.match(table, /1 blink LED2\s+live\s+4\n/);
  assert.match(table, 'timers    2 pending of 2, high-water 2');
  assert.equal(run.ledLog, ['t=0 LED1=1', 't=0 LED2=1', 't=300 LED2=0', 't=500 LED1=0', 't=600 LED2=1', 't=900 LED2=0', 't=1000 LED1=1']);
});

test('pipeline: the producer\'s source fits scratch, the median falls back to the pool every window', async () => {
  const run = await simulateProgram('pipeline', { programInputs: true });
  // Medians of 8 readings of the model's analog wave on D0 (a Puck.js pin), one window every 400 ms.
  assert.is(run.output, 'window 1 t=400 median 0.725\nwindow 2 t=800 median 0.875\nwindow 3 t=1200 median 0.475\n' +
    'window 4 t=1600 median 0.100\nwindow 5 t=2000 median 0.325\n');
  assert.equal(run.ledLog, ['t=400 LED1=1', 't=800 LED1=0', 't=1200 LED1=1', 't=1600 LED1=0', 't=2000 LED1=1']);
  const [producer, consumer] = run.report.tasks;
  assert.is(producer.poolFallbacks, 0);
  assert.ok(producer.scratch !== null && producer.scratch.hits >= 40, 'producer reads in scratch');
  // Six next() calls by t=2000 (five windows completed, the sixth pending): each in the pool.
  assert.is(consumer.poolFallbacks, 6);
  assert.equal(run.report.pool, { slots: 1, slotWords: 3, free: 0, highWater: 1, exhausted: 0 });
});

test.run();
