// The periodic sensor source (an AsyncIterator) on the simulated board, and the Espruino HAL and
// driver loop in Node over stand-ins for Espruino's globals, so their scheduling is checked
// exactly (the engine tests run them on real engines).

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { defineFuture, PENDING, READY, type Vtable } from '../executor/abi.ts';
import { Executor } from '../executor/executor.ts';
import { sleep } from '../executor/sleep.ts';
import { report } from '../executor/telemetry.ts';
import { next, type Dyn } from '../adapters/dyn.ts';
import { AsyncIterator } from '../adapters/interface.ts';
import { ScratchOrPool } from '../adapters/scratch-or-pool.ts';
import { SimBoard } from '../boards/sim/sim-board.ts';
import { findBoard } from '../boards/descriptors.ts';
import { deviceDescriptor } from '../boards/espruino/device-board.ts';
import { EspruinoHal, type EspruinoSerial } from '../boards/espruino/hal.ts';
import { IDLE_MS, MIN_DELAY_MS, startDriver } from '../boards/espruino/driver.ts';
import { SENSOR_ANALOG, SENSOR_LIGHT, SENSOR_TEMPERATURE } from '../boards/sensor-source.ts';
import { importLowered } from '../compiler/build.ts';
import { dynOf } from '../compiler/lowered-dyn.ts';

// The example's task and the source's next() are async code: they run on the executor only once lowered.
const { spawnBlink } = await importLowered<typeof import('../examples/blinky.ts')>('examples/blinky.ts');
const { SensorSource } = await importLowered<typeof import('../boards/sensor-source.ts')>('boards/sensor-source.ts');

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
  ex.ar[0] = dynOf(AsyncIterator, 'test', src, new ScratchOrPool());
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
  assert.is(r.src.samples, 5);
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

// ---- the Espruino HAL and driver over stand-ins for the firmware's globals ------------------

interface Fakes {
  time: number;
  intervals: { fn: () => void; ms: number }[];
  changes: number[];
  writes: string[];
  watches: { fn: (e: { state: boolean; time: number }) => void; pin: unknown; opts: unknown }[];
}

function withEspruinoGlobals(body: (f: Fakes) => void): void {
  const f: Fakes = { time: 100, intervals: [], changes: [], writes: [], watches: [] };
  const g = globalThis as Record<string, unknown>;
  const fakes: Record<string, unknown> = {
    getTime: () => f.time,
    setInterval: (fn: () => void, ms: number) => { f.intervals.push({ fn, ms }); return 7; },
    changeInterval: (id: number, ms: number) => { assert.is(id, 7); f.changes.push(ms); },
    digitalWrite: (pin: { n: string }, v: number) => { f.writes.push('t=' + Math.round((f.time - 100) * 1000) + ' ' + pin.n + '=' + v); },
    setWatch: (fn: (e: { state: boolean; time: number }) => void, pin: unknown, opts: unknown) => { f.watches.push({ fn, pin, opts }); return 1; },
    E: { getTemperature: () => 23.5 },
  };
  const saved: Record<string, PropertyDescriptor | undefined> = {};
  for (const k of Object.keys(fakes)) {
    saved[k] = Object.getOwnPropertyDescriptor(g, k);
    Object.defineProperty(g, k, { value: fakes[k], configurable: true, writable: true });
  }
  try {
    body(f);
  } finally {
    for (const k of Object.keys(fakes)) {
      const d = saved[k];
      if (d) Object.defineProperty(g, k, d);
      else delete g[k];
    }
  }
}

test('the driver moves its one interval to the next deadline, and to idle when nothing is pending', () => {
  withEspruinoGlobals((f) => {
    const board = deviceDescriptor(findBoard('pico'));
    const led = { n: 'LED1' };
    const hal = new EspruinoHal(board, ['LED1'], [led], [], 9600);
    const ex = new Executor({ maxTasks: 1, sideStackWords: 16, sideStackRefs: 2, scratchWords: 0, scratchRefs: 0, poolSlots: 0, timerCapacity: 1 });
    spawnBlink(ex, hal, 'LED1', 300);
    const d = startDriver(ex, hal);
    assert.is(f.intervals.length, 1);
    assert.is(f.intervals[0].ms, IDLE_MS);
    // Ran at once: LED on, next deadline 300 ms away.
    assert.equal(f.writes, ['t=0 LED1=1']);
    assert.equal(f.changes, [300]);
    // The interval fires 300 ms later (getTime() in seconds, as on the board).
    f.time = 100.3;
    f.intervals[0].fn();
    assert.equal(f.writes, ['t=0 LED1=1', 't=300 LED1=0']);
    assert.equal(f.changes, [300, 300]);
    // Fired a little early: nothing is due yet, so it waits the rest.
    f.time = 100.5;
    f.intervals[0].fn();
    assert.is(f.writes.length, 2);
    assert.is(f.changes[2], 100);
    assert.is(d.runs, 3);
    // Every task gone: the interval idles instead of spinning.
    ex.cancel(0 + ex.tasks.gen[0] * 256);
    f.intervals[0].fn();
    assert.is(f.changes[3], IDLE_MS);
    assert.ok(MIN_DELAY_MS > 0);
  });
});

test('the Espruino HAL resolves names once, converts watch times, and refuses what was not built in', () => {
  withEspruinoGlobals((f) => {
    const board = deviceDescriptor(findBoard('puckjs'));
    const serial: string[] = [];
    const port: EspruinoSerial = { setup: () => {}, on: () => {}, write: (d) => { serial.push(String(d)); } };
    const hal = new EspruinoHal(board, ['LED2', 'BTN1'], [{ n: 'LED2' }, { n: 'BTN1' }], [port], 9600);
    assert.is(hal.pin('BTN1'), 1);
    assert.throws(() => hal.pin('D7'), /board 'puckjs': pin 'D7' was not named when this bundle was built \(it has LED2, BTN1\)/);
    assert.throws(() => hal.serialPrint(1, 'x'), /board 'puckjs': this bundle has serial port 0, not 1; a port must be opened in setup \(hal.onSerial\)/);
    hal.serialWrite(0, new Uint8Array([104, 105]), 2);
    assert.equal(serial, ['104', '105']);
    assert.is(hal.temperature(), 23.5);
    const edges: number[][] = [];
    hal.watch(1, 25, (v, t) => edges.push([v, t]));
    assert.equal(f.watches[0].opts, { repeat: true, edge: 'both', debounce: 25 });
    f.watches[0].fn({ state: true, time: 100.0123456 });
    assert.equal(edges, [[1, 12.346]]);
    f.time = 105;
    assert.is(hal.now(), 5000);
    hal.rebase(5000);
    f.time = 2;
    hal.rebase(5000);
    assert.is(hal.now(), 5000);
    assert.throws(() => new EspruinoHal(board, ['LED9'], [undefined], [], 9600), /board 'puckjs' has no pin object LED9/);
  });
});

test.run();
