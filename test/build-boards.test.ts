// frugal build for every example x every real board: the bundle is ES5 (acorn), passes the
// Espruino profile check and fits the board's RAM, or the build refuses it naming what the board
// lacks. Plus the pieces the build is made of: the device lowering on every file, the whole-program
// image (no setup, config validation or board table on the device), the budget refusal, the board
// check of an example's setup, and refusals of broken input.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parse } from 'acorn';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildExample, refuseOverBudget } from '../bundler/build-example.ts';
import { buildCommand } from '../cli/build-command.ts';
import { estimateDeviceCost, LISTENER, WATCH } from '../bundler/device-cost.ts';
import { takeSnapshot } from '../bundler/snapshot.ts';
import { checkEspruinoProfile } from '../bundler/espruino-profile.ts';
import { Executor } from '../executor/executor.ts';
import { BOARDS, findBoard } from '../boards/descriptors.ts';
import { CheckHal } from '../boards/espruino/check-hal.ts';
import { SENSOR_ANALOG, SENSOR_LIGHT, SensorSource } from '../tasks/sensor-source.ts';
import { EXAMPLES, findExample } from '../program/examples.ts';

test('every example builds for every board', async () => {
  let built = 0;
  for (const example of EXAMPLES) {
    for (const board of BOARDS) {
      if (board.id === 'sim') continue;
      const key = example.name + '/' + board.id;
      const r = await buildExample(example.name, board.id);
      built++;
      // ES5 exactly: acorn refuses anything newer.
      parse(r.code, { ecmaVersion: 5, sourceType: 'script' });
      assert.equal(checkEspruinoProfile(r.code), [], key + ' profile');
      assert.not.match(r.code, '__extends', key);
      assert.ok(r.bytes > 1000 && r.bytes === Buffer.byteLength(r.code), key + ' bytes');
      assert.ok(r.cost.blocks < board.variables, key + ' fits');
      // The bundle writes exactly the pin globals setup asked for into W (device/program.ts PIN), and names serial port 0.
      const written = (r.code.match(/\[\d+\]=[A-Z]+\d+\b/g) ?? []).map((w) => w.slice(w.indexOf('=') + 1));
      assert.equal(written, r.pins, key + ' pins ' + r.pins.join(','));
      // A pin read from W is a float, which Espruino refuses as a pin ("Invalid pin") where the
      // model of Espruino, whose numbers are all doubles, cannot tell: each use takes `| 0`.
      assert.not.match(r.code, /(digitalWrite|digitalRead|analogRead)\([\w$]+\[[^\]]+\][,)]/, key + ' a pin passed as a float');
      assert.is(r.ports[0], board.id === 'banglejs2' ? 'Bluetooth' : 'Serial1');
    }
  }
  assert.is(built, EXAMPLES.length * 8);
});

test('the device gets the program, not the library: no setup, validation, board table, vtables or Promise', async () => {
  const r = await buildExample('tour', 'pico');
  assert.not.match(r.code, /\bawait\s|Promise|__awaiter|__generator|async function\s*[\w$]*\(/);
  // Setup, the example's description and config, the board descriptor and the messages stay in Node.
  for (const text of ['debounced presses', 'maxTasks', 'sideStackWords', 'STM32', 'analogPins', 'must be a whole number', 'name:"']) {
    assert.not.ok(r.code.indexOf(text) >= 0, 'not in the bundle: ' + text);
  }
  const inputs = Object.keys(r.inputs);
  for (const host of ['executor/executor.ts', 'executor/config.ts', 'tasks/lowered.ts', 'adapters/dyn.ts', 'boards/descriptors.ts']) {
    assert.not.ok(inputs.some((f) => f.endsWith(host)), 'not bundled: ' + host);
  }
  assert.not.ok(inputs.some((f) => /compiler\/(native-)?runtime\.ts$/.test(f)), 'the source-level runtime is not bundled');
  // A program that only sleeps carries no channel, waiter, dyn or serial code.
  const blinky = await buildExample('blinky', 'puckjs');
  for (const part of ['device/device-channel.ts', 'device/waiters.ts', 'device/device-dyn.ts', 'device/device-serial-lines.ts', 'device/device-pin-edge.ts']) {
    assert.not.ok(Object.keys(blinky.inputs).some((f) => f.endsWith(part)), 'blinky without ' + part);
  }
  assert.ok(blinky.bytes <= 4096, 'blinky ' + blinky.bytes + ' bytes');
});

// A temporary example module inside the repository, so that its relative imports resolve.
const tmp = mkdtempSync(join(new URL('..', import.meta.url).pathname, 'examples', '.tmp-build-'));
function exampleFile(name: string, source: string): string {
  const f = join(tmp, name);
  writeFileSync(f, source);
  return f;
}
const HEADER = "import { sleep } from '../../tasks/task-api.ts';\nimport { spawnTask } from '../../tasks/lowered.ts';\nimport type { Example } from '../../program/example.ts';\n";
const GOOD = HEADER + `export async function tick(ms: number): Promise<void> {
  for (;;) await sleep(ms);
}
export const ticker: Example = {
  name: 'ticker', description: 'sleeps', runMs: 100, simulate: function () {},
  config: { maxTasks: 1, sideStackWords: 8, sideStackRefs: 1, scratchWords: 0, scratchRefs: 0, poolSlots: 0, timerCapacity: 1 },
  setup: function (ex) { spawnTask(ex, tick, [10], { name: 'tick' }); },
};
`;

async function refused(file: string, out: string): Promise<string> {
  try {
    await buildCommand(file, 'pico', out);
  } catch (e) {
    assert.not.ok(existsSync(out), 'no output file for a refused build');
    assert.equal(readdirSync(tmp).filter((f) => f.endsWith('.tmp')), [], 'no partial file left');
    return (e as Error).message;
  }
  assert.unreachable(file + ' should be refused');
  return '';
}

test('an example given as a path builds; broken ones are refused naming the file, the place and the fix, writing nothing', async () => {
  const out = join(tmp, 'out.js');
  const ok = await buildCommand(exampleFile('ticker.ts', GOOD), 'pico', out);
  assert.ok(existsSync(out) && ok.build.map.tasks[0] === 'tick');
  assert.ok(ok.written.mapOut !== null && existsSync(ok.written.mapOut), 'the name map beside the bundle');
  rmSync(out);
  rmSync(ok.written.mapOut!);

  // Truncated mid-function: a syntax error, not a guess of what was meant.
  const truncated = exampleFile('truncated.ts', GOOD.slice(0, GOOD.indexOf('await sleep(ms)') + 12));
  let m = await refused(truncated, out);
  assert.match(m, "example '" + truncated + "' does not compile (syntax errors):");
  assert.match(m, /truncated\.ts:\d+:\d+: /);
  assert.match(m, 'fix: correct the source');

  // Well-formed but wrong: a type error in the example's own file.
  m = await refused(exampleFile('typo.ts', GOOD.replace('await sleep(ms)', 'await sleep(msec)')), out);
  assert.match(m, /typo\.ts:5:\d+: Cannot find name 'msec'/);

  // Syntax the lowering refuses: awaiting a Promise.
  m = await refused(exampleFile('promise.ts', GOOD.replace('for (;;) await sleep(ms);', 'await new Promise<void>((r) => r());')), out);
  assert.match(m, "cannot be lowered:");
  assert.match(m, /promise\.ts:5:\d+: awaiting a Promise/);
  assert.match(m, 'fix: ');

  // A generator: refused at build time.
  m = await refused(exampleFile('gen.ts', GOOD + 'export function* numbers(): Generator<number> { yield 1; }\n'), out);
  assert.match(m, /gen\.ts:\d+:\d+: a generator function/);

  // A module that is not an example.
  m = await refused(exampleFile('none.ts', GOOD.replace('export const ticker', 'const ticker') + 'export const x = ticker;\n'.replace('ticker', 'ticker.name')), out);
  assert.match(m, 'exports no Example; export exactly one object of type Example');

  // Not there, not TypeScript, not a name.
  m = await refused(join(tmp, 'missing.ts'), out);
  assert.match(m, "example file '" + join(tmp, 'missing.ts') + "' does not exist; pass an example name (tour, blinky");
  m = await refused(exampleFile('plain.js', 'export const x = 1;\n'), out);
  assert.match(m, 'is not a .ts file');
  m = await refused('blinkie', out);
  assert.match(m, "unknown example 'blinkie'; pass an example name (tour, blinky, button, uart-echo, sensor-stream, pipeline, adapter-strategies, puck-beacon, pico-i2c, press-tasks)");
});

test('unknown board: refused with the valid ids', async () => {
  try {
    await buildExample('blinky', 'arduino');
    assert.unreachable('unknown board');
  } catch (e) {
    assert.match((e as Error).message, "arduino");
    assert.match((e as Error).message, 'pico');
  }
});

test('a program over the board RAM is refused with both figures and what to lower', () => {
  const board = findBoard('puckjs');
  // 2,000 functions: far more than 2,630 variables hold.
  const code = '(function(){' + Array.from({ length: 2000 }, (_, i) => 'function f' + i + '(a){return a}').join('') + '})();';
  const cost = estimateDeviceCost(code, board, 16, 0);
  assert.ok(cost.blocks > board.variables);
  try {
    refuseOverBudget('big', board, cost);
    assert.unreachable('over budget');
  } catch (e) {
    const m = (e as Error).message;
    assert.match(m, "example 'big' does not fit Puck.js (puckjs): it needs about " + cost.blocks + " of the board's 2630 variables");
    assert.match(m, 'short by ' + (cost.blocks - 2630));
    assert.match(m, 'build for a board with more RAM');
  }
  refuseOverBudget('small', board, estimateDeviceCost('(function(){function f(){}})();', board, 16, 0));
});

test('the cost estimate counts functions and their parameters, top-level names and memory, and grows with them', () => {
  const board = findBoard('pico');
  const one = estimateDeviceCost('(function(){var a=1;function f(p,q){return p+q}})();', board, 10, 0);
  // f only: the IIFE wrapping the bundle is garbage once it ran.
  assert.is(one.functions, 1);
  assert.is(one.names, 2);
  const two = estimateDeviceCost('(function(){var a=1;function f(p,q){return p+q}function g(){}})();', board, 10, 0);
  assert.ok(two.blocks > one.blocks);
  const more = estimateDeviceCost('(function(){var a=1;function f(p,q){return p+q}})();', board, 110, 0);
  assert.is(more.memoryBlocks - one.memoryBlocks, Math.ceil(880 / board.bytesPerVariable) - Math.ceil(80 / board.bytesPerVariable));
  // Espruino's own records of a pin watch and a port's data listener, besides their callbacks.
  const watched = estimateDeviceCost('(function(){var a=1;function f(p,q){return p+q}setWatch(function(e){}, D5, {});Serial1.on("data", function(d){})})();', board, 10, 0);
  assert.is(watched.objectBlocks - one.objectBlocks, WATCH + LISTENER);
});

test('setup is checked against the board: pins, analog inputs, sensors and serial ports', () => {
  const puck = findBoard('puckjs');
  const hal = new CheckHal(puck);
  assert.is(hal.pin('LED1'), 0);
  assert.is(hal.pin('D2'), 1);
  assert.is(hal.pin('LED1'), 0);
  assert.equal(hal.used, ['LED1', 'D2']);
  assert.throws(() => hal.pin('A0'), /board 'puckjs' \(Puck.js\) has no pin 'A0'; it has LEDs LED1, LED2, LED3, buttons BTN1 and pins D0, D1/);
  assert.throws(() => hal.analogRead(0), /pin 'LED1' has no analog input; analog pins: D2, D3/);
  assert.throws(() => hal.serialPrint(1, 'x'), /board 'puckjs' has serial port 0 \(Serial1\), not 1/);
  // Setup sees the whole descriptor: it runs at build time, and the device never gets it.
  assert.equal(hal.board, puck);

  const esp = new Executor({ maxTasks: 1 });
  const espHal = new CheckHal(findBoard('esp32'));
  assert.throws(() => new SensorSource(esp, espHal, SENSOR_LIGHT, '', 100, 0), /board 'esp32' has no Puck.light sensor; its sensors: \(none\)/);
  assert.throws(() => new SensorSource(esp, espHal, SENSOR_ANALOG, 'D2', 100, 0), /'D2' is not an analog pin; analog pins: D32/);

  // One LED on the board: the second blink goes to the header pin the example names.
  assert.equal(takeSnapshot(findExample('blinky'), findBoard('esp32')).hal.used, ['LED1', 'D4']);
  assert.equal(takeSnapshot(findExample('blinky'), findBoard('pixljs')).hal.used, ['LED1', 'D13']);
  const { hal: tourHal } = takeSnapshot(findExample('tour'), findBoard('pico'));
  assert.equal(tourHal.used, ['LED2', 'LED1', 'BTN1']);
  assert.equal(tourHal.watched, ['BTN1']);
  assert.equal(tourHal.listening, [0]);
});

test('sim is not a build target', async () => {
  try {
    await buildExample('blinky', 'sim');
    assert.unreachable('sim build');
  } catch (e) {
    assert.match((e as Error).message, "board 'sim' is the host's test board, not an Espruino board: build for a real board (frugal boards lists them); frugal run blinky simulates one");
  }
});

test('clean up', () => {
  rmSync(tmp, { recursive: true, force: true });
});

test.run();
