// Device bundles on a real small engine (QuickJS in WebAssembly) on the model of Espruino in
// virtual time: each example, built for Puck.js, Pico and the Original board (nRF52 and two STM32
// parts, different pin names), gets the same inputs its simulated run scripts and must print what
// the simulated board printed (or, for the sensor examples, whose analog waves differ between the
// simulator and the model, the exact readings of the model's waves); boards-engines.duktape.ts
// checks that Duktape prints the same (npm run test:engines). Then, on QuickJS with a memory limit
// derived from the board's RAM, a minute of steady state with inputs arriving every second must
// leave live objects and bytes exactly flat.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { BuildResult } from '../bundler/build-example.ts';
import { runOnSim } from '../program/reference-run.ts';
import { EXAMPLES } from '../program/examples.ts';
import { serialPortNames } from '../boards/espruino/serial-ports.ts';
import { ENGINE_BOARDS, built, scriptOf } from './engines/example-bundles.ts';
import { runQuickJS } from './engines/quickjs.ts';

const MEMORY_BOARDS = ['puckjs', 'pico'];

function countPerPin(log: string): Record<string, number> {
  const n: Record<string, number> = {};
  for (const line of log.split('\n')) {
    const m = / (\w+)=\d$/.exec(line);
    if (m) n[m[1]] = (n[m[1]] || 0) + 1;
  }
  return n;
}

// What each example must print on the model, per board. Sim-equivalent examples print exactly
// what the simulated run printed; the sensor examples print the model's waves (triangle waves
// quantised to 12 bits: analog pin number n is phase-shifted by n x 250 ms, see simulator/espruino-model/).
const SENSOR_PUCK = [
  't=250 analog D2 0.750', 't=500 light 0.250', 't=500 analog D2 1.000', 't=750 analog D2 0.750',
  't=1000 temperature 20.00', 't=1000 light 0.500', 't=1000 analog D2 0.500', 't=1250 analog D2 0.250',
  't=1500 light 0.750', 't=1500 analog D2 0.000', 't=1750 analog D2 0.250', 't=2000 temperature 20.25',
  't=2000 light 1.000', 't=2000 analog D2 0.500', '',
].join('\n');
const SENSOR_STM32 = [
  't=250 analog A0 0.750', 't=500 analog A0 0.500', 't=750 analog A0 0.250', 't=1000 temperature 20.00',
  't=1000 analog A0 0.000', 't=1250 analog A0 0.250', 't=1500 analog A0 0.500', 't=1750 analog A0 0.750',
  't=2000 temperature 20.25', 't=2000 analog A0 1.000', '',
].join('\n');
// Medians of 8 readings taken every 50 ms: on A0 the first window is 0.95, 0.90 ... 0.60.
const PIPELINE_STM32 = 'window 1 t=400 median 0.775\nwindow 2 t=800 median 0.375\nwindow 3 t=1200 median 0.100\nwindow 4 t=1600 median 0.425\nwindow 5 t=2000 median 0.825\n';
const PIPELINE_PUCK = 'window 1 t=400 median 0.725\nwindow 2 t=800 median 0.875\nwindow 3 t=1200 median 0.475\nwindow 4 t=1600 median 0.100\nwindow 5 t=2000 median 0.325\n';
// The model's E.getTemperature is 20 C over the first seconds on every board (the simulator's is 21).
const ADAPTERS_MODEL = ['ScratchOrPool', 'SideStack', 'Inline', 'MaxSpace', 'Recycling', 'CallerCachedBox', 'Boxing']
  .map((s) => s + ': read 20 20 20 20 20\n').join('');
const MODEL_OUTPUT: Record<string, Record<string, string>> = {
  'sensor-stream': { puckjs: SENSOR_PUCK, pico: SENSOR_STM32, original: SENSOR_STM32 },
  pipeline: { puckjs: PIPELINE_PUCK, pico: PIPELINE_STM32, original: PIPELINE_STM32 },
  'adapter-strategies': { puckjs: ADAPTERS_MODEL, pico: ADAPTERS_MODEL, original: ADAPTERS_MODEL },
};

for (const example of EXAMPLES) {
  for (const board of ENGINE_BOARDS) {
    test(example.name + ' on ' + board + ': QuickJS prints what it should', async () => {
      const r = await built(example.name, board);
      const ms = example.runMs;
      const q = await runQuickJS({ code: r.code, board, driver: scriptOf(example.name, board), runMs: ms });
      assert.is(q.errors, 0, 'QuickJS: exceptions escaped a callback');

      const expected = MODEL_OUTPUT[example.name];
      const sim = runOnSim(example, ms);
      if (expected) {
        assert.is(q.output, expected[board]);
      } else {
        assert.is(q.output, sim.sim.output());
      }
      // Same pins written as often as on the simulated board (button edges are debounced at the
      // other end of the bounce on Espruino, so their times differ; blinking times do not).
      assert.equal(countPerPin(q.log), countPerPin(sim.sim.ledLines().join('\n')));
      if (example.name === 'blinky') assert.is(q.log, sim.sim.ledLines().join('\n'));
    });
  }
}

// Inputs every second for the whole run, on whatever the example listens to: a bouncing press of
// each watched pin and, when it reads its first serial port, a line. Constant strings and reused
// model records, so the driver itself adds nothing to the heap.
function steadyDriver(r: BuildResult): string {
  const body: string[] = [];
  for (const pin of r.watched) {
    body.push('__host.edge(' + pin + ', t + 100, 1); __host.edge(' + pin + ', t + 101, 0); __host.edge(' + pin + ', t + 102, 1); __host.edge(' + pin + ', t + 300, 0);');
  }
  if (r.listens.indexOf(0) >= 0) body.push('__host.serial(' + JSON.stringify(serialPortNames(r.board)[0]) + ", t + 500, 'steady state line\\n');");
  return 'setInterval(function () { var t = __host.now(); ' + body.join(' ') + ' }, 1000);';
}

async function loadedBytes(code: string, board: string): Promise<number> {
  const r = await runQuickJS({ code, board, checkpoints: [{ atMs: 0, label: 'loaded' }] });
  return r.checkpoints[0].memoryUsedSize;
}

for (const board of MEMORY_BOARDS) {
  test('steady state on QuickJS is flat for every example on ' + board + ', within the board\'s spare RAM', async () => {
    for (const example of EXAMPLES) {
      const r = await built(example.name, board);
      const code = r.code;
      // QuickJS holds a program as bytecode and objects several times larger than Espruino's
      // blocks, so the limit is what QuickJS needs right after loading the bundle plus the RAM the
      // board has left beyond the build's estimate: what the program may still take at run time.
      const spare = (r.board.variables - r.cost.blocks) * r.board.bytesPerVariable;
      assert.ok(spare > 0, example.name + ' fits ' + board);
      const limit = (await loadedBytes(code, board)) + spare;
      const q = await runQuickJS({
        code,
        board,
        driver: scriptOf(example.name, board) + '\n' + steadyDriver(r),
        memoryLimitBytes: limit,
        checkpoints: [{ atMs: 5000, label: 'warm' }, { atMs: 65000, label: 'end' }],
        stepMs: 500,
      });
      const [warm, end] = q.checkpoints;
      console.log('  ' + board + ' ' + example.name.padEnd(14) + ' limit ' + limit + ' bytes; warm obj_count=' + warm.objCount + ' memory_used_size=' +
        warm.memoryUsedSize + '; end obj_count=' + end.objCount + ' memory_used_size=' + end.memoryUsedSize);
      assert.is(q.errors, 0, example.name + ': exceptions escaped a callback');
      assert.is(end.objCount, warm.objCount, example.name + ' live objects');
      assert.is(end.memoryUsedSize, warm.memoryUsedSize, example.name + ' bytes');
      // The run did something all along: at least one line of output or pin write a second; but
      // adapter-strategies' readers end after 500 ms: for it, the check is that nothing grows once they have.
      const activity = q.output.split('\n').length + q.log.split('\n').length;
      if (example.name !== 'adapter-strategies') assert.ok(activity >= 65, example.name + ' was active: ' + activity + ' lines');
    }
  });
}

test.run();
