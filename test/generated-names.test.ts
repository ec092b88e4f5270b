// Generated code never captures a user's name. The lowering copies task code into functions of its
// own (poll, drop, the device's direct forms), whose parameters and locals have names; the device
// build's generated task table (bundler/device-image.ts) calls the task functions from functions
// with parameters of their own. A program whose task functions, helper functions and module
// variables are named after every one of those names must run as it reads: on the simulated board
// (host lowering) and as a device bundle on QuickJS (device lowering, the model of Espruino),
// printing the same, and what the source says.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { findBoard } from '../boards/descriptors.ts';
import { FILE_NAME_BASES, FUNCTION_NAME_BASES, NUMBERED_NAME_BASES } from '../compiler/names.ts';
import { importLines, ProgramDir, simAndQuickJS } from './support/device-program.ts';

// The device task table's functions and their parameters (bundler/device-image.ts).
const TABLE_FUNCTIONS = ['pollTask', 'dropTask', 'releaseTask', 'dynPoll', 'dynDrop'];
const TABLE_PARAMS = ['w', 'b', 'r', 'rb', 't', 'f'];
// What the task table imports from the memory map, and the names it binds itself.
const TABLE_NAMES = ['W', 'R', '$i0', '$o0'];

// Each function-level name as a module constant of its own value: `value(name)` is what the task code reads.
const CONSTANTS = [
  ...Object.values(FUNCTION_NAME_BASES), ...Object.values(FILE_NAME_BASES),
  // Per-item names: holders of a combinator's arguments, a direct form's parameters, temporaries,
  // and the device poll's locals for the frame variables of task `w` (ids 1 and 2: n and i).
  '$h0', '$h1', '$p0', '$p1', '$t0', '$t1', '$1_n', '$2_i',
];
const value = (name: string): number => 100 + CONSTANTS.indexOf(name);

const RUN_MS = 200;

function sum(names: readonly string[]): string {
  return names.join(' + ');
}

function source(): string {
  const lines = [
    ...importLines([
      ['{ join, next, select, sleep, yieldNow, type AsyncIteratorSource, type Dyn }', 'tasks/task-api.ts'],
      ['{ spawnTask }', 'tasks/lowered.ts'],
      ['{ dyn }', 'adapters/dyn.ts'],
      ['{ AsyncIterator, implement }', 'adapters/interface.ts'],
      ['{ ScratchOrPool }', 'adapters/scratch-or-pool.ts'],
      ['type { Executor }', 'executor/executor.ts'],
      ['type { Hal }', 'boards/hal.ts'],
      ['type { Example }', 'program/example.ts'],
      ['{ printNumber }', 'tasks/print.ts'],
    ]),
    ...CONSTANTS.map((n) => 'const ' + n + ' = ' + value(n) + ';'),
    // The device names b's state-to-region table after b's line: the program has that name too.
    'const REG$b$LINE = 6;',
    // The task table's names as helper functions, and the device's generated functions' names.
    ...TABLE_FUNCTIONS.concat(TABLE_NAMES).map((n, i) => 'function ' + n + '(x: number): number { return x + ' + (1000 * (i + 1)) + '; }'),
    'function b$drop(): number { return 7; }',
    'function twice$now(x: number): number { return x + 8; }',
    'function Meter$read(): number { return 9; }',
    'function Meter$read$now(): number { return 10; }',
    // The device's start form of Counter.next (its first poll as straight code), written in at rb's call.
    'function Counter$next$start(): number { return 11; }',
    'function say(hal: Hal, what: number, v: number): void {',
    "  printNumber(hal, what); hal.serialPrint(0, ' '); printNumber(hal, v); hal.serialPrint(0, '\\n');",
    '}',
    // Never suspends: the device calls its direct form, whose unused parameter has no local.
    'export async function twice(x: number, unused: number): Promise<number> { return x * 2 + $p0 + $p1 + twice$now(0); }',
    'export class Meter {',
    '  readonly st: Float64Array;',
    '  constructor(v: number) { this.st = new Float64Array(1); this.st[0] = v; }',
    '  async read(): Promise<number> { return this.st[0] + Meter$read() + Meter$read$now(); }',
    '}',
    // Suspends on every call: the device opens its frame in the task's scratch itself.
    'export class Counter implements AsyncIteratorSource {',
    '  readonly st: Float64Array;',
    '  constructor() { this.st = new Float64Array(1); }',
    '  async next(): Promise<[value: number, done: number]> { await sleep(1); this.st[0]++; return [this.st[0] + Counter$next$start() - 11, 0]; }',
    '}',
    // A hot loop: its variables live in poll's locals on the device.
    'export async function w(hal: Hal, n: number): Promise<void> {',
    '  for (let i = 0; i < n; i++) {',
    '    await sleep(5);',
    '    say(hal, 1, i + ' + sum(['$w', '$b', '$r', '$rb', '$s', '$1_n', '$2_i']) + ');',
    '  }',
    '}',
    // A try that suspends: completion, error and the state-to-region table; a drop with a finally block.
    'export async function b(hal: Hal): Promise<void> {',
    '  try {',
    '    await sleep(3);',
    '    say(hal, 2, ' + sum(['$c', '$x', '$e', 'REG$b$LINE']) + ');',
    "    throw new Error('thrown');",
    '  } catch (err) {',
    '    say(hal, 3, $e + b$drop());',
    '  } finally {',
    '    say(hal, 4, $c + $x);',
    '  }',
    '}',
    // Combinators over futures opened first, one of them stored: held handles and temporaries.
    'export async function r(hal: Hal): Promise<void> {',
    '  const late = sleep(4);',
    '  const [which] = await select(sleep(1), late);',
    '  say(hal, 5, which + ' + sum(['$h', '$h0', '$h1']) + ');',
    '  const [, y] = await join(sleep(2), twice(1, 0));',
    '  say(hal, 6, y + $t0 + (await twice(2, 0)) + $t1);',
    '}',
    // A dyn call whose value is an expression: evaluated once; placed in scratch inline on the device.
    'export async function rb(hal: Hal, its: Dyn<AsyncIteratorSource>[]): Promise<void> {',
    '  for (let k = 0; k < 2; k++) {',
    '    const [v, done] = await next(its[0]);',
    '    say(hal, 7, v + done + ' + sum(['$k', '$fb', '$frb', '$o']) + ');',
    '  }',
    '}',
    // Direct calls, of a function and of a method on a receiver that is an expression.
    'export async function t(hal: Hal, meters: Meter[]): Promise<void> {',
    '  const a = await twice(3, 0);',
    '  say(hal, 8, a + ' + sum(['$v', '$p0', '$p1']) + ');',
    '  const m = await meters[0].read();',
    '  say(hal, 9, m + $o + Meter$read());',
    '}',
    // The runtime's namespaces and the host's executor parameter; the task table's names.
    'export async function f(hal: Hal): Promise<void> {',
    '  await yieldNow();',
    '  say(hal, 10, ' + sum(['ex', '$f', '__frugal', '__frugalDyn']) + ');',
    '  say(hal, 11, ' + TABLE_FUNCTIONS.concat(TABLE_NAMES).map((n) => n + '(0)').join(' + ') + ');',
    '}',
    'export const program: Example = {',
    "  name: 'generated-names', description: 'names of the generated code as the program\\'s own',",
    '  config: { maxTasks: 6 },',
    '  setup: function (executor: Executor, hal: Hal) {',
    "    const its = [dyn(implement(AsyncIterator, 'counter', new Counter()), new ScratchOrPool())];",
    "    spawnTask(executor, w, [hal, 2], { name: 'w' });",
    "    spawnTask(executor, b, [hal], { name: 'b' });",
    "    spawnTask(executor, r, [hal], { name: 'r' });",
    "    spawnTask(executor, rb, [hal, its], { name: 'rb' });",
    "    spawnTask(executor, t, [hal, [new Meter(5)]], { name: 't' });",
    "    spawnTask(executor, f, [hal], { name: 'f' });",
    '  },',
    '  simulate: function () {},',
    '  runMs: ' + RUN_MS + ',',
    '};',
  ];
  const line = lines.findIndex((l) => l.startsWith('export async function b(')) + 1;
  return lines.join('\n').split('REG$b$LINE').join('REG$b$' + line) + '\n';
}

/** What the program prints, as its source says: by board time, then in the order the tasks run. */
function expected(): string {
  const v = (names: readonly string[]): number => names.reduce((sum, n) => sum + value(n), 0);
  const twice = (x: number): number => x * 2 + value('$p0') + value('$p1') + 8;
  const lines: [number, number][] = [
    // t=0: t's direct calls, then f after its yield
    [8, twice(3) + v(['$v', '$p0', '$p1'])],
    [9, 5 + 9 + 10 + value('$o') + 9],
    [10, v(['ex', '$f', '__frugal', '__frugalDyn'])],
    [11, TABLE_FUNCTIONS.concat(TABLE_NAMES).reduce((sum, _n, i) => sum + 1000 * (i + 1), 0)],
    // t=1: r's select (the sleep of 1 ms wins), rb's first value; t=2: its second
    [5, 0 + v(['$h', '$h0', '$h1'])],
    [7, 1 + v(['$k', '$fb', '$frb', '$o'])],
    [7, 2 + v(['$k', '$fb', '$frb', '$o'])],
    // t=3: b's try, catch and finally, then r's join
    [2, v(['$c', '$x', '$e']) + 6],
    [3, value('$e') + 7],
    [4, v(['$c', '$x'])],
    [6, twice(1) + value('$t0') + twice(2) + value('$t1')],
    // t=5 and t=10: w's loop
    [1, 0 + v(['$w', '$b', '$r', '$rb', '$s', '$1_n', '$2_i'])],
    [1, 1 + v(['$w', '$b', '$r', '$rb', '$s', '$1_n', '$2_i'])],
  ];
  return lines.map(([w, n]) => w + ' ' + n + '\n').join('');
}

test('task code named after every name the generated code binds runs as written, on the host and on the device', async () => {
  const names: string[] = [...Object.values(FUNCTION_NAME_BASES), ...Object.values(FILE_NAME_BASES), ...NUMBERED_NAME_BASES.slice(0, 2), ...TABLE_FUNCTIONS, ...TABLE_PARAMS];
  const text = source();
  for (const n of names) assert.ok(new RegExp('(function|const) ' + n.replace(/\$/g, '\\$') + '\\b').test(text), 'the program has a module-level ' + n);
  const programs = new ProgramDir('generated-names');
  try {
    const { file, program } = await programs.load('names', text);
    const r = await simAndQuickJS(file, program, findBoard('puckjs'), RUN_MS);
    const host = r.sim.sim.output();
    assert.is(r.sim.ex.faultCount, 0, 'no fault on the host: ' + host);
    assert.is(r.errors, 0, 'no exception escaped a callback on QuickJS: ' + r.output);
    assert.is(r.output, host, 'the device prints what the host prints');
    assert.is(host, expected(), 'the program prints what its source says');
  } finally {
    programs.remove();
  }
});

test.run();
