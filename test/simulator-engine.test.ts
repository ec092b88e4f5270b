// The V8 engine (simulator/v8-engine.ts) every simulated run of a device bundle uses: every board
// of boards/descriptors.ts can be simulated with exactly the globals it lists; Puck.js's sensors
// read what bundler/host-globals.ts gives Espruino's Linux build; the API does what its header
// says; a billion ms of the tour example takes seconds; and the event loop allocates nothing per
// event. What the model does is held to Espruino itself by simulator-fixtures.test.ts.

import { test } from 'uvu';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import * as assert from 'uvu/assert';
import { BOARDS } from '../boards/descriptors.ts';
import { serialPortNames } from '../boards/espruino/serial-ports.ts';
import { scriptedInputs } from '../boards/sim/input-recorder.ts';
import { buildExample } from '../bundler/build-example.ts';
import { LINUX_SENSOR_GLOBALS, PUCK_GLOBALS } from '../bundler/host-globals.ts';
import { CallbackTimeout, createV8Engine } from '../simulator/v8-engine.ts';
import { WINDOW_NOISE_BYTES } from './support/alloc-meter.ts';
import { SYNTHETIC } from './support/event-loop-allocation.ts';

test('every board can be simulated, with the globals its descriptor lists and no others', () => {
  for (const b of BOARDS) {
    const e = createV8Engine(b.id);
    const named = [...b.pins, ...b.leds, ...b.buttons];
    for (const name of named) assert.ok(e.evaluate(name + ' instanceof Pin'), b.id + ': ' + name + ' is a pin');
    for (const port of b.serial) assert.is(e.evaluate('typeof ' + port + '.on'), 'function', b.id + ': ' + port);
    for (let i = 0; i < b.leds.length; i++) {
      if (b.ledPins[i]) assert.ok(e.evaluate(b.leds[i] + ' === ' + b.ledPins[i]), b.id + ': ' + b.leds[i] + ' is ' + b.ledPins[i]);
    }
    assert.is(e.evaluate('process.env.BOARD'), b.espruinoBoard);
    assert.is(Number.isNaN(e.evaluate('E.getTemperature()')), b.sensors.indexOf('E.getTemperature') < 0, b.id + ': E.getTemperature');
    assert.is(e.evaluate('typeof Puck'), b.id === 'puckjs' ? 'object' : 'undefined', b.id + ': Puck');
    // One name a millisecond: Espruino reports only the last exception of a pass.
    const absent = ['LED1', 'LED2', 'LED3', 'BTN1', 'BTN2', 'Serial1', 'Serial2'].filter((n) => named.indexOf(n) < 0 && b.serial.indexOf(n) < 0);
    absent.forEach((name, i) => e.load('setTimeout(function () { ' + name + '; }, ' + (i + 1) + ');'));
    e.run(10);
    assert.equal(e.errors(), absent.map((n) => 'Uncaught ReferenceError: "' + n + '" is not defined'), b.id);
  }
});

// A minute and more of readings every 37 ms (the waves' periods are 2 s to 60 s).
const SAMPLER = `setInterval(function () {
  var m = Puck.mag();
  var a = Puck.accel();
  print(getTime(), Puck.light(), m.x, m.y, m.z, Puck.getTemperature(), E.getTemperature(), analogRead(D2), analogRead(D3), analogRead(D31),
    a.acc.x, a.acc.y, a.acc.z, a.gyro.x, a.gyro.y, a.gyro.z, Puck.capSense(), Puck.getBatteryPercentage(), E.getBattery());
}, 37);
var streamed = 0;
Puck.on('accel', function (a) { if (++streamed % 50 === 0) print('accel event', getTime(), a.acc.x, a.acc.z); });
Puck.accelOn(12.5);`;

test("Puck.js's sensors read what bundler/host-globals.ts gives Espruino's Linux build", () => {
  const model = createV8Engine('puckjs');
  model.load(SAMPLER);
  model.run(65000);
  const linux = createV8Engine('puckjs');
  linux.load('var global = this;\n' + PUCK_GLOBALS + LINUX_SENSOR_GLOBALS + SAMPLER);
  linux.run(65000);
  assert.is(linux.errors().length, 0);
  assert.ok(model.output().length > 100000);
  assert.is(model.output(), linux.output());
});

test('the API: load, inputs, run, output, pin logs, errors, evaluate, the callback hook', () => {
  const done: number[] = [];
  const blinks: unknown[] = [];
  const e = createV8Engine('puckjs', {
    logCapacity: 3,
    onCallbackDone: (ms) => {
      done.push(ms);
      blinks.push(e.evaluate('n'));
    },
  });
  assert.is(e.now(), 0);
  e.load(`
    var got = [];
    setWatch(function (ev) { got.push('press ' + ev.time); }, BTN1, { edge: 'rising', debounce: 10, repeat: true });
    Serial1.on('data', function (d) { got.push(JSON.stringify(d)); });
    var n = 0;
    setInterval(function () { digitalWrite(LED2, ++n & 1); digitalWrite(D10, 1); }, 100);
    setTimeout(function () { print('at', getTime()); throw new Error('late'); }, 250);
  `);
  e.edge('BTN1', 120, 1);
  e.edge('BTN1', 125, 0);
  e.edge('BTN1', 130, 1);
  e.serial('Serial1', 140, 'ab');
  e.serial('Serial1', 140, 'cd');
  e.serial('Serial1', 150, 'ef');
  e.run(400);
  assert.is(e.now(), 400);
  assert.equal(e.evaluate('got.join("|")'), '"abcd"|press 0.13|"ef"');
  assert.is(e.output(), 'at 0.25\nUncaught Error: late\n');
  assert.equal(e.errors(), ['Uncaught Error: late']);
  assert.equal(e.pinWrites(), { LED2: 4, D10: 4 });
  assert.equal(e.pinLog(), ['t=300 D10=1', 't=400 LED2=0', 't=400 D10=1']);
  assert.equal(e.ledLog(), ['t=400 LED2=0']);
  assert.equal(done, [100, 140, 140, 150, 200, 250, 300, 400]);
  assert.equal(blinks, [1, 1, 1, 1, 2, 2, 3, 4]);
  assert.throws(() => e.run(399), /already at 400 ms/);
  e.load('setTimeout(function () { print("before"); }, 1); undefinedAtTop();');
  e.run(401);
  assert.equal(e.errors(), ['Uncaught Error: late', 'Uncaught ReferenceError: "undefinedAtTop" is not defined']);
  assert.match(e.output(), /"undefinedAtTop" is not defined\nbefore\n$/);
});

test('callbackLimitMs: one callback that runs that long is stopped, at its board time; the run goes in slices meanwhile, the same run', () => {
  const e = createV8Engine('sim', { callbackLimitMs: 200 });
  e.load('var n = 0; setInterval(function () { n++; }, 1); setTimeout(function () { print(n); for (;;) {} }, 5000);');
  const t0 = Date.now();
  assert.throws(() => e.run(10000), (x: unknown) => x instanceof CallbackTimeout && x.atMs === 5000);
  assert.ok(Date.now() - t0 >= 200);
  assert.is(e.output(), '5000\n', 'every callback before it ran (the interval, made first, also at 5000)');
  assert.throws(() => e.run(20000), (x: unknown) => x instanceof CallbackTimeout, 'the engine runs nothing more');
  const top = createV8Engine('sim', { callbackLimitMs: 100 });
  assert.throws(() => top.load('while (true) {}'), (x: unknown) => x instanceof CallbackTimeout && x.atMs === 0, 'the top level of a load too');
});

test('a callback that never returns is stopped by wallTimeoutMs', () => {
  const e = createV8Engine('sim', { wallTimeoutMs: 200 });
  e.load('setTimeout(function () { for (;;) {} }, 5);');
  assert.throws(() => e.run(10), /timed out/);
});


test('a billion ms of board time: the tour example and the synthetic loop run every callback (their speed is printed; npm run bench compares it)', async () => {
  const b = await buildExample('tour', 'puckjs');
  let callbacks = 0;
  const e = createV8Engine('puckjs', { onCallbackDone: () => { callbacks++; } });
  e.load(b.code);
  const ports = serialPortNames(b.board);
  for (const i of scriptedInputs(b.example)) {
    if (i.kind === 'edge') e.edge(i.pin, i.atMs, i.value);
    else if (i.kind === 'serial') e.serial(ports[i.port], i.atMs, i.text);
  }
  let t0 = performance.now();
  e.run(1e9);
  const tourS = (performance.now() - t0) / 1000;
  assert.equal(e.errors(), []);
  assert.ok(callbacks > 4e6, callbacks + ' callbacks');
  const s = createV8Engine('puckjs');
  s.load(SYNTHETIC);
  t0 = performance.now();
  s.run(1e9);
  const synthS = (performance.now() - t0) / 1000;
  const events = s.evaluate('n') as number;
  console.log('  tour (Puck.js build), 1e9 ms: ' + callbacks + ' callbacks in ' + tourS.toFixed(2) + ' s (' + Math.round(callbacks / tourS) + '/s); ' +
    'synthetic: ' + events + ' events in ' + synthS.toFixed(2) + ' s (' + Math.round(events / synthS) + '/s)');
  assert.is(events, 2e6 + 5e6);
});

test('the event loop allocates nothing per event', () => {
  // In a process of its own: see test/support/event-loop-allocation.ts.
  const r = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(new URL('./support/event-loop-allocation.ts', import.meta.url))],
    { encoding: 'utf8', timeout: 120000 });
  assert.is(r.status, 0, r.stderr);
  const m = JSON.parse(r.stdout) as { bytes: number; gcs: number };
  console.log('  10,000 events: ' + m.bytes + ' bytes, ' + m.gcs + ' GCs');
  assert.is(m.gcs, 0);
  assert.ok(m.bytes < WINDOW_NOISE_BYTES, m.bytes + ' bytes');
});

test.run();
