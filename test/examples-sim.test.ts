// The examples as `frugal run` runs them: built through the async/await lowering and run on the
// simulated board. Outputs and budgets are pinned; the tour's and blinky's are the same as when
// the examples were hand-written state machines (the uart writer's frame is one word smaller).

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { VTABLES } from '../executor/abi.ts';
import { frameIndex } from '../executor/frame-handle.ts';
import { formatReport, report } from '../executor/telemetry.ts';
import { EXAMPLES, EXAMPLE_NAMES, findExample } from '../program/examples.ts';
import { describeRun } from '../program/describe-run.ts';
import { runOnSim } from '../program/simulate-program.ts';
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

test('tour: every task did its part, within its budget', () => {
  const ex = findExample('tour');
  const run = runOnSim(ex, ex.runMs);
  assert.is(run.sim.output(), 'echo: hello frugal\nbutton: press 1\necho: no allocation per line\necho: two lines at once\nbutton: press 2\nbutton: press 3\n');
  const leds = run.sim.ledLines();
  assert.is(leds.filter((l) => l.indexOf('LED2') > 0).length, 11);
  assert.equal(leds.filter((l) => l.indexOf('LED1') > 0), ['t=200 LED1=1', 't=900 LED1=0', 't=1500 LED1=1']);
  const rep = report(run.ex);
  assert.is(rep.tasks.length, 4);
  assert.is(rep.totals.faults, 0);
  for (const t of rep.tasks) assert.ok(t.sideStack.high <= t.sideStack.words);
  assert.equal(rep.tasks.map((t) => t.sideStack.high), [9, 8, 6, 5]);
  const text = describeRun(ex, run, ex.runMs);
  assert.match(text, 'button BTN1');
  assert.match(text, 'budget report (footprint');
});

test('every example runs on the simulated board without faults and ends with its memory accounted', () => {
  for (const ex of EXAMPLES) {
    const run = runOnSim(ex, ex.runMs);
    assert.is(run.ex.faults.length, 0, ex.name + ': ' + (run.ex.faults[0] || { message: '' }).message);
    const rep = report(run.ex);
    // Each example task loops forever: at the end each holds its entry frame and one awaited child,
    // plus the future that child awaits where the child is a lowered dyn implementation's next():
    // the median's receive, each sensor source's sleepUntil.
    const live = rep.tasks.filter((t) => t.state === 'live').length;
    assert.is(live, rep.tasks.length);
    const nested = ex.name === 'pipeline' || ex.name === 'sensor-stream' ? live : 0;
    assert.is(rep.frames.inUse, 2 * live + nested, ex.name + ' frames');
    assert.ok(run.ex.polls > 0, ex.name + ' polled');
  }
});

test('the budget table lists each task and the shared budgets', () => {
  const ex = findExample('blinky');
  const run = runOnSim(ex, 1000);
  const table = formatReport(report(run.ex));
  // blinky gives no sizes: each side stack is computed, 9 words, and the run fills it.
  assert.match(table, /0 blink LED1\s+live\s+3\s+3\s+9\/9/);
  assert.match(table, /1 blink LED2\s+live\s+4\s+4\s+9\/9/);
  assert.match(table, 'timers    2 pending of 2, high-water 2');
  assert.equal(run.sim.ledLines(), ['t=0 LED1=1', 't=0 LED2=1', 't=300 LED2=0', 't=500 LED1=0', 't=600 LED2=1', 't=900 LED2=0', 't=1000 LED1=1']);
});

test('pipeline: the producer\'s source fits scratch, the median falls back to the pool every window', () => {
  const ex = findExample('pipeline');
  const run = runOnSim(ex, ex.runMs);
  // Medians of 8 readings of the simulated wave on D0, one window every 400 ms.
  assert.is(run.sim.output(), 'window 1 t=400 median 0.467\nwindow 2 t=800 median 0.314\nwindow 3 t=1200 median 0.191\n' +
    'window 4 t=1600 median 0.117\nwindow 5 t=2000 median 0.103\n');
  assert.equal(run.sim.ledLines(), ['t=400 LED1=1', 't=800 LED1=0', 't=1200 LED1=1', 't=1600 LED1=0', 't=2000 LED1=1']);
  const rep = report(run.ex);
  const [producer, consumer] = rep.tasks;
  assert.is(producer.poolFallbacks, 0);
  assert.ok(producer.scratch.hits >= 40, 'producer reads in scratch');
  // Six next() calls by t=2000 (five windows completed, the sixth pending): each in the pool.
  assert.is(consumer.poolFallbacks, 6);
  assert.is(consumer.scratch.need, 3);
  assert.is(rep.pool.highWater, 1);
  assert.is(rep.pool.exhausted, 0);
});

test.run();
