// The periodic sensor source (an AsyncIterator) on the simulated board. Its device form runs in the
// engine tests (boards-engines.test.ts), on the examples that read sensors.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { defineFuture, PENDING, READY, type Vtable } from '../executor/abi.ts';
import { Executor } from '../executor/executor.ts';
import { sleep } from '../primitives/sleep.ts';
import { report } from '../executor/telemetry.ts';
import { dyn, next, type Dyn } from '../adapters/dyn.ts';
import { AsyncIterator, implement } from '../adapters/interface.ts';
import { ScratchOrPool } from '../adapters/scratch-or-pool.ts';
import { SimBoard } from '../boards/sim/sim-board.ts';
import { SENSOR_ANALOG, SENSOR_LIGHT, SENSOR_TEMPERATURE, samplesOf } from '../tasks/sensor-source.ts';
import { importLowered } from '../compiler/node-build.ts';

// The source's next() is async code: it runs on the executor only once lowered.
const { SensorSource } = await importLowered<typeof import('../tasks/sensor-source.ts')>('tasks/sensor-source.ts');

// words [state, child, remaining, pause], refs [dyn, times, values]: reads `remaining` values,
// sleeping `pause` ms after each, recording when each came and what it was.
const Reader = defineFuture({
  name: 'reader',
  words: 4,
  refs: 3,
  init: function (ex, f, w, b, r, rb) {
    w[b + 2] = ex.an[0];
    w[b + 3] = ex.an[1];
    r[rb] = ex.ar[0];
    r[rb + 1] = ex.ar[1];
    r[rb + 2] = ex.ar[2];
  },
  poll: function (ex, f, w, b, r, rb) {
    for (;;) {
      if (w[b + 1] !== 0 && ex.awaitAt(w, b + 1) === PENDING) return PENDING;
      if (w[b] === 1) {
        if (ex.rn[1] === 1) return READY;
        (r[rb + 1] as number[]).push(ex.now);
        (r[rb + 2] as number[]).push(ex.rn[0]);
        w[b + 2]--;
        w[b] = 2;
        if (w[b + 3] > 0) { w[b + 1] = sleep(ex, w[b + 3]); continue; }
      }
      if (w[b + 2] <= 0) return READY;
      w[b] = 1;
      w[b + 1] = next(ex, r[rb] as Dyn);
    }
  },
  drop: function (ex, f, w, b) {
    if (w[b + 1] !== 0) ex.drop(w[b + 1]);
  },
});

function run(kind: number, pin: string, periodMs: number, limit: number, count: number, pauseMs: number, ms: number) {
  const ex = new Executor({ maxTasks: 1, sideStackWords: 8, sideStackRefs: 3, scratchWords: 2, scratchRefs: 1, poolSlots: 0, timerCapacity: 2 });
  const sim = new SimBoard();
  const src = new SensorSource(ex, sim, kind, pin, periodMs, limit);
  const times: number[] = [];
  const values: number[] = [];
  ex.an[0] = count;
  ex.an[1] = pauseMs;
  ex.ar[0] = dyn(implement(AsyncIterator, 'test', src), new ScratchOrPool());
  ex.ar[1] = times;
  ex.ar[2] = values;
  const task = ex.spawn(Reader, { name: 'reader' });
  sim.run(ex, ms);
  return { ex, sim, src, times, values, task };
}

test('each next() waits for the next period and returns that reading', () => {
  const r = run(SENSOR_ANALOG, 'D3', 100, 0, 5, 0, 1000);
  assert.equal(r.times, [100, 200, 300, 400, 500]);
  // The simulated board's wave: 0.5 + 0.4 sin(t/1000 + pin), pin D3 being pin number 6 there.
  const pin = r.sim.pin('D3');
  assert.equal(r.values, r.times.map((t) => 0.5 + 0.4 * Math.sin(t / 1000 + pin)));
  assert.is(samplesOf(r.src), 5);
  // next()'s frame lived in the task's scratch every time: no pool, no heap.
  const rep = report(r.ex);
  assert.is(rep.tasks.length, 1);
  assert.is(rep.tasks[0].scratch.hits, 5);
  assert.is(rep.totals.boxedFrames, 0);
  assert.is(r.ex.timers.size, 0);
});

test('a consumer that falls behind skips the periods it missed and keeps the phase', () => {
  // Reads at 100, then sleeps 250 ms: the next call comes at 350, after the period due at 200
  // (and 300) passed; it reads at once, and the one after comes at 400, not 450.
  const r = run(SENSOR_TEMPERATURE, '', 100, 0, 4, 250, 2000);
  assert.equal(r.times, [100, 350, 600, 850]);
  assert.equal(r.values, [21, 21, 21, 21]);
  const r2 = run(SENSOR_TEMPERATURE, '', 100, 0, 3, 30, 2000);
  assert.equal(r2.times, [100, 200, 300]);
});

test('a sample limit ends the iterator with rn[1] = 1; cancelling a waiting reader leaves no timer', () => {
  const r = run(SENSOR_ANALOG, 'D0', 50, 3, 10, 0, 1000);
  assert.equal(r.times, [50, 100, 150]);
  assert.is(r.ex.liveTasks(), 0);

  const ex = new Executor({ maxTasks: 1, sideStackWords: 8, sideStackRefs: 3, poolSlots: 0, timerCapacity: 1 });
  const sim = new SimBoard();
  const src = new SensorSource(ex, sim, SENSOR_ANALOG, 'D0', 1000, 0);
  const Wait = defineFuture({
    name: 'wait-reading', words: 1, refs: 0,
    poll: function (e, f, w, b) {
      if (w[b] === 0) {
        e.ar[0] = src;
        w[b] = e.push(src.next as unknown as Vtable);
      }
      return e.awaitAt(w, b) === PENDING ? PENDING : READY;
    },
    drop: function (e, f, w, b) { if (w[b] !== 0) e.drop(w[b]); },
  });
  const t = ex.spawn(Wait);
  sim.run(ex, 500);
  assert.is(ex.timers.size, 1);
  ex.cancel(t);
  assert.is(ex.timers.size, 0);
  assert.is(ex.frames.inUse, 0);
});

test('a sensor the board does not list, or a pin without ADC, is refused naming what there is', () => {
  const ex = new Executor({ maxTasks: 1 });
  const sim = new SimBoard();
  assert.throws(() => new SensorSource(ex, sim, SENSOR_LIGHT, '', 100, 0), /board 'sim' has no Puck.light sensor; its sensors: E.getTemperature; analogRead works on every board/);
  assert.throws(() => new SensorSource(ex, sim, SENSOR_ANALOG, 'D9', 100, 0), /'D9' is not an analog pin; analog pins: D0, D1, D2, D3, D4, D5, D6, D7/);
  assert.throws(() => new SensorSource(ex, sim, 7, '', 100, 0), /sensor kind 7 is unknown/);
  assert.throws(() => new SensorSource(ex, sim, SENSOR_ANALOG, 'D0', 0, 0), /periodMs must be at least 1/);
});

test.run();
