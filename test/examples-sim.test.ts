import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { formatReport, report } from '../executor/telemetry.ts';
import { EXAMPLES, findExample } from '../examples/index.ts';
import { describeRun, runOnSim } from '../cli/run-sim.ts';

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
  const text = describeRun(ex, run, ex.runMs);
  assert.match(text, 'button BTN1');
  assert.match(text, 'budget report (footprint');
});

test('every example runs on the simulated board without faults and ends with its memory accounted', () => {
  for (const ex of EXAMPLES) {
    const run = runOnSim(ex, ex.runMs);
    assert.is(run.ex.faults.length, 0, ex.name + ': ' + (run.ex.faults[0] || { message: '' }).message);
    const rep = report(run.ex);
    // Each example task loops forever: at the end each holds its entry frame and one awaited child.
    const live = rep.tasks.filter((t) => t.state === 'live').length;
    assert.is(live, rep.tasks.length);
    assert.is(rep.frames.inUse, 2 * live, ex.name + ' frames');
    assert.ok(run.ex.polls > 0, ex.name + ' polled');
  }
});

test('the budget table lists each task and the shared budgets', () => {
  const ex = findExample('blinky');
  const run = runOnSim(ex, 1000);
  const table = formatReport(report(run.ex));
  assert.match(table, /0 blink LED1\s+live\s+3\s+3\s+9\/16/);
  assert.match(table, /1 blink LED2\s+live\s+4\s+4\s+9\/16/);
  assert.match(table, 'timers    2 pending of 2, high-water 2');
  assert.equal(run.sim.ledLines(), ['t=0 LED1=1', 't=0 LED2=1', 't=300 LED2=0', 't=500 LED1=0', 't=600 LED2=1', 't=900 LED2=0', 't=1000 LED1=1']);
});

test.run();
