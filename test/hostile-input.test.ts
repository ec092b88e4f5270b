// Hostile input to everything that takes user values: executor config, spawn options,
// channel capacity, MaxSpace sizes, the ScratchOrPool policy, SimBoard pins and options. Each bad
// value must give an error that names the input and says what to do, and leave nothing half-done.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { MaxSpace } from '../adapters/max-space.ts';
import { ScratchOrPool } from '../adapters/scratch-or-pool.ts';
import { dyn } from '../adapters/dyn.ts';
import { numberChannel, refChannel } from '../primitives/channel.ts';
import { isFrugalError, type FrugalError, type FrugalErrorKind } from '../executor/errors.ts';
import { Executor } from '../executor/executor.ts';
import { SerialLines } from '../boards/serial-lines.ts';
import { SimBoard } from '../boards/sim/sim-board.ts';
import { counter } from './support/counter-impl.ts';
import { freeCounts, spawnScript } from './support/script-task.ts';

function errorOf(kind: FrugalErrorKind, fn: () => unknown): FrugalError {
  try {
    fn();
  } catch (e) {
    assert.ok(isFrugalError(e, kind), 'a ' + kind + ' error, got ' + String(e));
    return e as FrugalError;
  }
  throw new assert.Assertion({ message: 'no error', generated: false, operator: 'throws', expects: kind, actual: 'accepted' });
}

const NUMERIC_KEYS = ['maxTasks', 'sideStackWords', 'sideStackRefs', 'scratchWords', 'scratchRefs', 'poolSlots', 'poolSlotWords',
  'poolSlotRefs', 'maxFrames', 'timerCapacity', 'runQueueCapacity'];

// Each bad value, what the message must say about it, and the fix it must offer.
const BAD: [unknown, RegExp, RegExp][] = [
  [-1, /must be at least \d+, got -1/, /at least/],
  [-Infinity, /must be at least \d+, got -Infinity/, /at least/],
  [2.5, /must be a whole number, got 2\.5/, /use 2 or 3/],
  [NaN, /must be a number, got NaN/, /write e\.g\. \w+: \d+/],
  ['8', /must be a number, got the string '8'/, /write e\.g\. \w+: \d+/],
  ['lots', /must be a number, got the string 'lots'/, /write e\.g\./],
  [null, /must be a number, got null/, /write e\.g\./],
  [true, /must be a number, got true/, /write e\.g\./],
  [1e12, /= 1000000000000 is beyond any board \(limit \d+\)/, /limit/],
];

test('executor config: every numeric option refuses every kind of bad value, naming the option, the value and the fix', () => {
  let checked = 0;
  for (const key of NUMERIC_KEYS) {
    for (const [value, says, fix] of BAD) {
      const e = errorOf('config', () => new Executor({ [key]: value }));
      assert.is(e.budget, key, key + ' = ' + String(value));
      assert.match(e.message, 'executor config: ' + key + ' ');
      assert.match(e.message, says);
      assert.match(e.message, fix);
      checked++;
    }
  }
  assert.is(checked, NUMERIC_KEYS.length * BAD.length);
});

test('executor config: zero where a budget cannot be zero, and zero where it can', () => {
  for (const key of ['maxTasks', 'sideStackWords', 'maxFrames', 'timerCapacity', 'runQueueCapacity']) {
    assert.match(errorOf('config', () => new Executor({ [key]: 0 })).message, key + ' must be at least 1, got 0; 0 would leave nothing to run');
  }
  const ex = new Executor({ scratchWords: 0, scratchRefs: 0, poolSlots: 0, sideStackRefs: 0 });
  assert.is(ex.pool.slots, 0);
});

test('executor config: unknown keys, a wrong policy, inconsistent and oversized budgets', () => {
  assert.match(errorOf('config', () => new Executor({ maxtasks: 4 } as object)).message,
    "unknown option 'maxtasks' (did you mean 'maxTasks'?); valid options: maxTasks, sideStackWords");
  assert.match(errorOf('config', () => new Executor({ stackWords: 4 } as object)).message, "unknown option 'stackWords'; valid options:");
  for (const p of ['grow', '', 'WAIT', 3, null]) {
    const e = errorOf('config', () => new Executor({ poolFullPolicy: p as never }));
    assert.is(e.budget, 'poolFullPolicy');
    assert.match(e.message, "poolFullPolicy must be 'error', 'wait' or 'box', got ");
  }
  const rq = errorOf('config', () => new Executor({ maxTasks: 8, runQueueCapacity: 3 }));
  assert.equal([rq.budget, rq.shortBy], ['runQueueCapacity', 5]);
  assert.match(rq.message, 'set runQueueCapacity >= 8');
  const fr = errorOf('config', () => new Executor({ maxTasks: 8, maxFrames: 2 }));
  assert.equal([fr.budget, fr.shortBy], ['maxFrames', 6]);
  assert.match(fr.message, 'set maxFrames >= 8');
  const big = errorOf('config', () => new Executor({ maxTasks: 255, sideStackWords: 20000 }));
  assert.is(big.budget, 'total');
  assert.match(big.message, 'side stacks, scratch and pool add up to 5104208 words (40833664 bytes), beyond any board (limit 4194304 words); lower maxTasks');
  // null and undefined options mean the defaults.
  assert.is(new Executor(null as never).config.maxTasks, 8);
  assert.is(new Executor({ maxTasks: undefined }).config.maxTasks, 8);
});

test('executor config: a value beyond the limit is answered with a fix inside the limits', () => {
  for (const [key, value, min, max] of [['maxTasks', 300, 1, 255], ['maxTasks', 1e9, 1, 255], ['maxTasks', Infinity, 1, 255],
    ['poolSlots', 1e7, 0, 4096]] as [string, number, number, number][]) {
    const m = errorOf('config', () => new Executor({ [key]: value })).message;
    const suggested = /(?:did you mean|at most|use) (\d+)/.exec(m);
    assert.ok(suggested !== null, 'a number to use: ' + m);
    const n = Number(suggested![1]);
    assert.ok(n >= min && n <= max, key + ' = ' + value + ': suggests ' + n + ' (' + m + ')');
  }
});

test('executor config: options that are not an object, and numbers of the wrong type, are named as such', () => {
  assert.match(errorOf('config', () => new Executor(42 as never)).message, 'object');
  assert.match(errorOf('config', () => new Executor({ maxTasks: 8n as never })).message, 'bigint');
  assert.match(errorOf('config', () => new Executor({ maxTasks: [4] as never })).message, 'array');
});

test('spawn options: bad sizes are config errors naming the spawn and the option; nothing is taken', () => {
  const ex = new Executor({ maxTasks: 2 });
  const start = freeCounts(ex);
  for (const key of ['sideStack', 'sideStackRefs', 'scratch', 'scratchRefs']) {
    for (const [value, says] of BAD) {
      const e = errorOf('config', () => spawnScript(ex, [], { name: 'x', [key]: value }));
      assert.is(e.budget, key);
      assert.match(e.message, "spawn 'x': " + key + ' ');
      assert.match(e.message, says);
      assert.equal(freeCounts(ex), start, key + ' = ' + String(value));
      assert.is(ex.spawned, 0);
    }
  }
  const e = errorOf('config', () => spawnScript(ex, [], { sideStack: 0 }));
  assert.match(e.message, "spawn 'script': sideStack must be at least 1, got 0");
});

test('spawn options: sizes beyond the arena or smaller than the entry are spawn errors with the shortfall', () => {
  const ex = new Executor({ maxTasks: 2, sideStackWords: 16, scratchWords: 4 });
  const start = freeCounts(ex);
  const arena = errorOf('spawn', () => spawnScript(ex, [], { sideStack: 100000 }));
  assert.equal([arena.budget, arena.shortBy], ['task memory', 100004 - 40]);
  assert.match(arena.message, 'the task arena has 40 contiguous words free (short by 99964)');
  const entry = errorOf('spawn', () => spawnScript(ex, [], { sideStack: 2 }));
  assert.is(entry.budget, 'sideStack');
  assert.match(entry.message, "the entry frame 'script' needs 3 words (2 + 1 header)");
  const refs = errorOf('spawn', () => spawnScript(ex, [], { sideStackRefs: 0 }));
  assert.match(refs.message, 'and 1 refs, the side stack has 16 words and 0 refs');
  assert.equal(freeCounts(ex), start);
  assert.is(ex.spawned, 0);
});

test('spawn options: a misspelt option is refused, not ignored', () => {
  const ex = new Executor();
  const e = errorOf('config', () => spawnScript(ex, [], { sidestack: 4 } as never));
  assert.match(e.message, "'sidestack'");
  assert.match(e.message, 'sideStack');
  assert.is(ex.liveTasks(), 0);
});

test('channel capacity: zero, negative, fractional, huge and non-numbers are refused by name', () => {
  const ex = new Executor();
  const cases: [unknown, string][] = [[0, 'must be at least 1, got 0'], [-3, 'must be at least 1, got -3'], [1.5, 'whole number, got 1.5; use 1 or 2'],
    [NaN, 'must be a number, got NaN'], ['4', "got the string '4'"], [null, 'got null'], [1e6, 'beyond any board (limit 65535)']];
  for (const [value, says] of cases) {
    for (const make of [numberChannel, refChannel]) {
      const e = errorOf('config', () => make(ex, value as number));
      assert.is(e.budget, 'capacity');
      assert.match(e.message, 'channel: capacity ');
      assert.match(e.message, says);
    }
  }
  assert.match(errorOf('config', () => new SerialLines(ex, new SimBoard(), 0, 1)).message, 'serial: capacity must be at least 2, got 1');
});

test('MaxSpace sizes: bad words or refs are refused when the adapter is made, a too-small reserve when it is bound', () => {
  for (const [w, r, key, says] of [[-1, 1, 'words', 'at least 0, got -1'], [2.5, 1, 'words', 'whole number, got 2.5'], [NaN, 1, 'words', 'got NaN'],
    ['8', 1, 'words', "got the string '8'"], [8, -2, 'refs', 'at least 0, got -2'], [8, 1e9, 'refs', 'beyond any board'],
    [undefined, 1, 'words', 'got undefined']] as [number, number, string, string][]) {
    const e = errorOf('config', () => new MaxSpace(w, r));
    assert.is(e.budget, key);
    assert.match(e.message, 'MaxSpace: ' + key + ' ');
    assert.match(e.message, says);
  }
  const tooSmall = errorOf('misuse', () => dyn(counter(1, 6, 0), new MaxSpace(4, 0)));
  assert.is(tooSmall.shortBy, 2);
  assert.match(tooSmall.message, "MaxSpace(4, 0) cannot hold AsyncIterator 'counter': its futures need up to 6 words and 1 refs");
  assert.match(tooSmall.message, 'reserve new MaxSpace(6, 1) or pick ScratchOrPool');
});

test('ScratchOrPool policy: anything but error, wait or box is refused with the three choices', () => {
  for (const p of ['grow', '', 'WAIT', 'Box', 5, false]) {
    const e = errorOf('config', () => new ScratchOrPool({ policy: p as never }));
    assert.is(e.budget, 'policy');
    assert.match(e.message, "ScratchOrPool: policy must be 'error', 'wait' or 'box', got " + (typeof p === 'string' ? "the string '" + p + "'" : String(p)));
  }
  for (const p of ['error', 'wait', 'box'] as const) assert.is(new ScratchOrPool({ policy: p }).policy, p);
  assert.is(new ScratchOrPool({}).policy, null);
});

test('ScratchOrPool options: a misspelt option is refused, and null is not shown as a string', () => {
  assert.match(errorOf('config', () => new ScratchOrPool({ polcy: 'wait' } as never)).message, "'polcy'");
  assert.match(errorOf('config', () => new ScratchOrPool({ policy: null as never })).message, 'got null');
});

test('SimBoard pins: unknown, empty, miscased and missing names list the valid pins; a pin is watched once', () => {
  const sim = new SimBoard();
  for (const name of ['LED9', '', 'led1', 'BTN 1', undefined, 'D32']) {
    const e = errorOf('config', () => sim.pin(name as string));
    assert.is(e.budget, 'pin');
    assert.match(e.message, "board 'sim' has no pin '" + String(name) + "'; valid pins: LED1, LED2, BTN1, D0, D1");
  }
  assert.throws(() => sim.edge('BTN2', 10, 1), /has no pin 'BTN2'/);
  assert.throws(() => sim.press('LED3', 10, 5), /has no pin 'LED3'/);
  assert.is(sim.script.pending, 0, 'a refused edge is not half-scripted');
  sim.watch(sim.pin('BTN1'), 0, () => {});
  assert.match(errorOf('misuse', () => sim.watch(sim.pin('BTN1'), 0, () => {})).message,
    "pin 'BTN1' is already watched; create one PinEdges per pin and share it");
});

test('SimBoard script capacity: a full script is a clear error and keeps what it had', () => {
  const sim = new SimBoard({ scriptCapacity: 2 });
  sim.edge('BTN1', 1, 1);
  sim.edge('BTN1', 2, 0);
  const e = errorOf('budget', () => sim.edge('BTN1', 3, 1));
  assert.match(e.message, 'sim script is full (2 pending events); pass a larger scriptCapacity to SimBoard');
  assert.is(sim.script.pending, 2);
});

test('SimBoard options: bad capacities and unknown keys are refused by name', () => {
  for (const [opts, key] of [[{ logCapacity: -1 }, 'logCapacity'], [{ logCapacity: 1.5 }, 'logCapacity'], [{ outputCapacity: 'x' }, 'outputCapacity'],
    [{ scriptCapacity: NaN }, 'scriptCapacity'], [{ scriptCapacity: 0 }, 'scriptCapacity'], [{ logCapcity: 3 }, 'logCapcity']] as [object, string][]) {
    const e = errorOf('config', () => new SimBoard(opts));
    assert.match(e.message, key);
  }
});

test('SimBoard scripting: a time that is not a number or negative, or a serial port the board lacks, is refused', () => {
  const sim = new SimBoard();
  errorOf('config', () => sim.edge('BTN1', NaN, 1));
  errorOf('config', () => sim.edge('BTN1', -5, 1));
  errorOf('config', () => sim.serialInput(5, 0, 'hi\n'));
  assert.is(sim.script.pending, 0);
});

test('SimBoard scripting: an edge scripted for a time already past fires at once and does not stall later events', () => {
  const ex = new Executor();
  const sim = new SimBoard();
  const seen: number[] = [];
  sim.watch(sim.pin('BTN1'), 0, (v, t) => { seen.push(t); });
  sim.run(ex, 10);
  sim.edge('BTN1', 3, 1);
  sim.edge('BTN1', 15, 0);
  sim.run(ex, 10);
  assert.equal(seen, [10, 15]);
});

test.run();
