import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Executor } from '../executor/executor.ts';
import { sleep } from '../primitives/sleep.ts';
import { PinEdges, waitEdge } from '../boards/pin-edge.ts';
import { EDGE_FALLING, EDGE_RISING } from '../contract/pin-edge-kinds.ts';
import { LINES_CUT, readLine, SerialLines } from '../boards/serial-lines.ts';
import { SimBoard } from '../boards/sim/sim-board.ts';
import { freeCounts, spawnScript, type Step } from './support/script-task.ts';
import { measureAllocation, WINDOW_NOISE_BYTES } from './support/alloc-meter.ts';

test('the virtual clock jumps between events: an hour of blinking, LED log in order', () => {
  const ex = new Executor();
  const sim = new SimBoard({ logCapacity: 8 });
  const led = sim.pin('LED1');
  const steps: Step[] = [];
  for (let i = 0; i < 3600; i++) steps.push((x) => { sim.digitalWrite(led, i & 1 ? 0 : 1); return sleep(x, 1000); });
  spawnScript(ex, steps);
  sim.run(ex, 3600 * 1000);
  assert.is(sim.now(), 3600000);
  assert.is(sim.ledLog.total, 3600);
  assert.equal(sim.ledLines().slice(-2), ['t=3598000 LED1=1', 't=3599000 LED1=0']);
  assert.is(ex.polls, 3601);
});

test('LED writes are counted per LED over the whole run; the log keeps the last ones', () => {
  const ex = new Executor();
  const sim = new SimBoard({ logCapacity: 8 });
  const led1 = sim.pin('LED1');
  sim.digitalWrite(sim.pin('LED2'), 1);
  const steps: Step[] = [];
  for (let i = 0; i < 5000; i++) steps.push((x) => { sim.digitalWrite(led1, i & 1 ? 0 : 1); return sleep(x, 10); });
  spawnScript(ex, steps);
  sim.run(ex, 60000);
  assert.equal(sim.ledSummary('LED1'), { writes: 5000, last: 't=49990 LED1=0' });
  // Written once, before the log filled with LED1.
  assert.equal(sim.ledSummary('LED2'), { writes: 1, last: 't=0 LED2=1' });
  assert.is(sim.ledSummary('BTN1'), null);
  assert.is(sim.ledLines().length, 8);
  assert.is(sim.ledLog.total, 5001);
});

test('scripted button presses with bounce reach a waiting task once per press after debounce', () => {
  const ex = new Executor();
  const sim = new SimBoard();
  const start = freeCounts(ex);
  const btn = new PinEdges(ex, sim, sim.pin('BTN1'), 20);
  const log: string[] = [];
  const steps: Step[] = [];
  for (let i = 0; i < 2; i++) {
    steps.push((x) => waitEdge(x, btn, EDGE_RISING), (x) => { log.push('down ' + x.rn[1]); });
    steps.push((x) => waitEdge(x, btn, EDGE_FALLING), (x) => { log.push('up ' + x.rn[1]); });
  }
  spawnScript(ex, steps);
  sim.press('BTN1', 100, 200, 3);
  sim.press('BTN1', 1000, 50, 3);
  sim.run(ex, 2000);
  assert.equal(log, ['down 100', 'up 300', 'down 1000', 'up 1050']);
  assert.equal(freeCounts(ex), start);
});

test('unknown pins are refused with the valid names', () => {
  const sim = new SimBoard();
  assert.throws(() => sim.pin('LED9'), /board 'sim' has no pin 'LED9'; valid pins: LED1, LED2, BTN1, D0/);
});

test('serial: scripted lines are read into a preallocated buffer; output is captured', () => {
  const ex = new Executor();
  const sim = new SimBoard();
  const rx = new SerialLines(ex, sim, 0, 64);
  const buf = new Uint8Array(8);
  const got: string[] = [];
  const steps: Step[] = [];
  for (let i = 0; i < 3; i++) {
    steps.push((x) => readLine(x, rx, buf), (x) => {
      got.push(String.fromCharCode.apply(null, Array.from(buf.subarray(0, x.rn[0]))) + '@' + Math.floor(x.now));
      sim.serialWrite(0, buf, x.rn[0]);
      sim.serialPrint(0, '\n');
    });
  }
  spawnScript(ex, steps);
  sim.serialInput(0, 10, 'hi\r\n');
  sim.serialInput(0, 50, 'a line longer than eight\nok\n');
  sim.run(ex, 100);
  assert.equal(got, ['hi@10', 'a line l@52', 'ok@52']);
  assert.is(rx.st[LINES_CUT], 1, 'the cut line is counted');
  assert.is(sim.output(), 'hi\na line l\nok\n');
});

test('pin-edge interrupts wake without allocating: 10,000 edges', async () => {
  const ex = new Executor();
  const sim = new SimBoard({ scriptCapacity: 1 });
  const btn = new PinEdges(ex, sim, sim.pin('BTN1'), 0);
  spawnScript(ex, [(x) => waitEdge(x, btn, EDGE_RISING)]);
  ex.runUntilIdle();
  const pin = sim.pin('BTN1');
  const toggle = () => { for (let i = 0; i < 10000; i++) sim.digitalWrite(pin, i & 1); };
  const m = await measureAllocation(toggle, { warmStep: toggle });
  assert.is(m.gcs, 0);
  assert.ok(m.bytes < WINDOW_NOISE_BYTES, m.bytes + ' bytes');
  assert.is(btn.counts[0], 5000 * (m.warmSteps + 1), 'every rising edge counted');
  assert.is(ex.runQueue.length, 1);
});

test.run();
