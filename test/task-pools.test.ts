// Tasks that start and stop tasks (issue 20, item 5): a task pool setup declares, spawn into it
// (a handle, or BUSY when every slot runs), cancel by handle (finally blocks run, the slot takes
// the next task), waitTask for a task's end. The same program runs on the host reference (host
// lowering, host executor) and as the device bundle on the model of Espruino, and must print the
// same lines at the same board times and fault with the same text; misuse is refused by the build and by runProgram with one message naming
// file:line and the fix. The allocation windows are in device-allocation.test.ts.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { buildExample } from '../bundler/build-example.ts';
import { runProgram } from '../testing.ts';
import { runOnSim } from '../program/reference-run.ts';
import { loadExample } from '../program/load-program.ts';
import {
  BUSY, MAX_TASK_GENERATION, nextTaskGeneration, TASK_GEN_SCALE, TASK_INDEX_BITS, TASK_INDEX_MASK, taskGeneration, taskHandle, taskIndex,
} from '../contract/task-handle.ts';
import { importLines, ProgramDir } from './support/device-program.ts';
import { refusal } from './support/refusal.ts';

const programs = new ProgramDir('task-pools');

const IMPORTS = importLines([
  ['{ BUSY, cancel, now, running, sleep, spawn, waitTask, type TaskPool }', 'tasks/task-api.ts'],
  ['{ spawnTask, taskPool }', 'tasks/lowered.ts'],
  ['type { Executor }', 'executor/executor.ts'],
  ['type { Hal }', 'boards/hal.ts'],
  ['type { ProgramExample as Example }', 'program/example.ts'],
  ['{ printNumber }', 'tasks/print.ts'],
]);

const SAY = [
  'function say(hal: Hal, id: number, what: string, t: number): void {',
  "  printNumber(hal, id); hal.serialPrint(0, ' ' + what + ' t='); printNumber(hal, Math.round(t)); hal.serialPrint(0, '\\n');",
  '}',
];

// Every path: a spawn, BUSY, an end that wakes a waiter, a slot's next task under a new handle, a
// cancel that runs the finally block, a wait for a task already stopped, running() of old handles,
// and 300 spawn-cancel rounds of one slot (its generation wraps past 255, the handle stays valid).
const WORKS = [
  ...IMPORTS,
  ...SAY,
  'export async function worker(hal: Hal, id: number, ms: number): Promise<void> {',
  "  try { await sleep(ms); say(hal, id, 'slept', now()); } finally { say(hal, id, 'finally', now()); }",
  '}',
  'export async function watcher(hal: Hal, pool: TaskPool<typeof worker>): Promise<void> {',
  '  const late = spawn(pool, hal, 7, 30);',
  "  say(hal, late === BUSY ? 0 : 1, 'watcher spawned', now());",
  '  await waitTask(late);',
  "  say(hal, running(late) ? 1 : 0, 'watcher saw the end', now());",
  '}',
  'export async function boss(hal: Hal, pool: TaskPool<typeof worker>): Promise<void> {',
  '  const a = spawn(pool, hal, 1, 50);',
  '  const b = spawn(pool, hal, 2, 500);',
  '  const c = spawn(pool, hal, 3, 10);',
  "  say(hal, c === BUSY ? 1 : 0, 'third is busy', now());",
  '  await waitTask(a);',
  "  say(hal, running(a) ? 1 : 0, 'a ended', now());",
  '  const d = spawn(pool, hal, 4, 1000);',
  "  say(hal, d !== a && d !== BUSY ? 1 : 0, 'd has a new handle', now());",
  '  await sleep(100);',
  '  cancel(b);',
  "  say(hal, running(b) ? 1 : 0, 'b cancelled', now());",
  '  await waitTask(b);',
  "  say(hal, 2, 'waited for b, stopped before', now());",
  '  cancel(d);',
  '  let rounds = 0;',
  '  for (let i = 0; i < 300; i++) {',
  '    const h = spawn(pool, hal, 9, 5);',
  '    if (h !== BUSY && running(h)) { cancel(h); rounds++; }',
  '  }',
  "  say(hal, rounds, 'spawn-cancel rounds', now());",
  '  const e = spawn(pool, hal, 5, 20);',
  '  await waitTask(e);',
  "  say(hal, 5, 'e ended', now());",
  '  await sleep(200);',
  "  say(hal, 0, 'boss done', now());",
  '}',
  '/** Misuse of a handle once its pool\'s task is over: a fault of this task only. */',
  'export async function stale(hal: Hal, pool: TaskPool<typeof worker>): Promise<void> {',
  '  const h = spawn(pool, hal, 8, 400);',
  '  await waitTask(h);',
  '  await waitTask(spawn(pool, hal, 9, 100));',
  '  cancel(h);',
  '}',
  'export async function nobody(): Promise<void> { await sleep(600); await waitTask(BUSY); }',
  'export const program: Example = {',
  "  name: 'pools', description: 'task pools', config: { timerCapacity: 6 }, runMs: 1000, simulate: function () {},",
  '  setup: function (ex: Executor, hal: Hal) {',
  "    const pool = taskPool(ex, worker, 2, { name: 'worker' });",
  "    const late = taskPool(ex, worker, 1, { name: 'late' });",
  "    spawnTask(ex, boss, [hal, pool], { name: 'boss' });",
  "    spawnTask(ex, watcher, [hal, late], { name: 'watcher' });",
  "    spawnTask(ex, stale, [hal, taskPool(ex, worker, 1, { name: 'once' })], { name: 'stale' });",
  "    spawnTask(ex, nobody, [], { name: 'nobody' });",
  '  },',
  '};',
  '',
].join('\n');

test('spawn, BUSY, cancel with finally, waitTask, slot reuse and a stale handle: the host reference and the device bundle do the same', async () => {
  // Loaded as the tools load a program, so that its sizes are computed on the host too.
  const file = programs.write('works', WORKS);
  const host = runOnSim((await loadExample(file)).example, 1000);
  const device = await runProgram(file, { ms: 1000 });
  assert.is(device.serial, host.sim.output());
  assert.is(device.serial, [
    '1 third is busy t=0', '1 watcher spawned t=0', '7 slept t=30', '7 finally t=30', '0 watcher saw the end t=30',
    '1 slept t=50', '1 finally t=50', '0 a ended t=50', '1 d has a new handle t=50', '2 finally t=150', '0 b cancelled t=150',
    // A task cancelled before its first poll never entered its try block: no finally line for 9.
    '2 waited for b, stopped before t=150', '4 finally t=150',
    '300 spawn-cancel rounds t=150', '5 slept t=170', '5 finally t=170', '5 e ended t=170', '0 boss done t=370', '8 slept t=400', '8 finally t=400',
    '9 slept t=500', '9 finally t=500', '',
  ].join('\n'));
  // The device's fault numbers, decoded with the build's name map, say what the host says.
  const messages = host.ex.faults.map((f) => f.name + ': ' + f.message);
  assert.equal(messages, [
    "stale: cancel(261): task 5 ('once[0]') is no longer running: it ended, faulted or was cancelled since that handle was given (its slot's generation moved on), " +
      'and the slot may hold another task now; fix: test running(h) before cancel(h), or await waitTask(h) to know when it ends',
    "nobody: waitTask(0): 0 is BUSY, what spawn() gives back when every slot of its pool holds a running task, not a task handle; fix: test spawn()'s result against BUSY before keeping it",
  ]);
  assert.equal(device.faults.map((f) => f.name + ': ' + f.message), messages);
  // a, b, d, 300 rounds and e; c was BUSY. The host's pools count the same.
  const pools = ['worker 304 1 2', 'late 1 0 1', 'once 2 0 1'];
  assert.equal(device.report.taskPools.map((p) => p.name + ' ' + p.spawned + ' ' + p.busy + ' ' + p.highWater), pools);
  assert.equal(host.ex.taskPools.map((p) => p.name + ' ' + p.spawned + ' ' + p.busy + ' ' + p.highWater), pools);
  // Each pool slot got the side stack its function needs (computed: the config gives none), and its
  // tasks used all of it: the need is exact.
  for (let t = 0; t < 3; t++) {
    assert.ok(host.ex.tasks.stackWords[t] > 0, host.ex.tasks.name[t]);
    assert.is(host.ex.tasks.stackHigh[t], host.ex.tasks.stackWords[t], 'side-stack words of ' + host.ex.tasks.name[t]);
  }
});

test('the handle rules, which spell their numbers out for the device build, agree with the constants', () => {
  assert.is(TASK_GEN_SCALE, 2 ** TASK_INDEX_BITS);
  assert.is(TASK_INDEX_MASK, TASK_GEN_SCALE - 1);
  for (const [t, g] of [[0, 1], [7, 2], [254, MAX_TASK_GENERATION]]) {
    const h = taskHandle(t, g);
    assert.is(h, t + g * TASK_GEN_SCALE);
    assert.is(taskIndex(h), t);
    assert.is(taskGeneration(h), g);
    assert.ok(h !== BUSY && h >= TASK_GEN_SCALE, 'a handle is never BUSY');
  }
  assert.is(nextTaskGeneration(MAX_TASK_GENERATION), 1);
  assert.is(nextTaskGeneration(1), 2);
});

// Misuse, each refused before anything runs, with the same message from the build and runProgram.
const WORKER = [...IMPORTS, 'export async function worker(hal: Hal, ms: number): Promise<void> { await sleep(ms); }'];
const REFUSED: { [name: string]: { lines: string[]; message: RegExp; checkRun?: boolean } } = {
  'spawn of a function, not a pool': {
    lines: ['export async function boss(hal: Hal): Promise<void> { const h = spawn(worker, hal, 5); await waitTask(h); }',
      "export const program: Example = { name: 'r', config: {}, setup: function (ex: Executor, hal: Hal) { spawnTask(ex, boss, [hal]); } };"],
    message: /nopool\.ts:8:\d+: Argument of type .* is not assignable to parameter of type 'TaskPool<TaskFn>'\. \(spawn\(\) takes a task pool: declare one in setup with taskPool\(ex, fn, slots\)/,
  },
  'a pool declared in task code': {
    lines: ['export async function boss(hal: Hal, ex: Executor): Promise<void> { const p = taskPool(ex, worker, 2); await waitTask(spawn(p, hal, 5)); }',
      "export const program: Example = { name: 'r', config: {}, setup: function (ex: Executor, hal: Hal) { spawnTask(ex, boss, [hal, ex]); } };"],
    checkRun: true,
    message: /intask\.ts:8:\d+: taskPool\(\) in task code: a task pool is declared once, in setup, .*; fix: declare it in setup with taskPool\(ex, fn, slots\)/,
  },
  'spawn in setup': {
    lines: ['export async function boss(hal: Hal, p: TaskPool<typeof worker>): Promise<void> { await sleep(1); }',
      "export const program: Example = { name: 'r', config: {}, setup: function (ex: Executor, hal: Hal) { const p = taskPool(ex, worker, 1); spawn(p, hal, 3); spawnTask(ex, boss, [hal, p]); } };"],
    message: /insetup\.ts:9:\d+: frugal's `spawn` called outside a lowered async function .*; fix: call it from an async function/,
  },
  'a pool larger than the task table': {
    lines: ['export async function boss(hal: Hal, p: TaskPool<typeof worker>): Promise<void> { await waitTask(spawn(p, hal, 3)); }',
      "export const program: Example = { name: 'r', config: { maxTasks: 3 }, setup: function (ex: Executor, hal: Hal) { spawnTask(ex, boss, [hal, taskPool(ex, worker, 4)]); } };"],
    checkRun: true,
    message: /example 'r' cannot run on Puck\.js \(puckjs\): taskPool 'worker': needs 4 task slots, the task table has 3 free \(maxTasks 3, .*\); fix: raise maxTasks to at least 4/,
  },
};
const FILES: { [name: string]: string } = {
  'spawn of a function, not a pool': 'nopool', 'a pool declared in task code': 'intask', 'spawn in setup': 'insetup', 'a pool larger than the task table': 'toobig',
};

for (const [what, { lines, message, checkRun }] of Object.entries(REFUSED)) {
  test(what + ': refused by the build and by runProgram with the same message naming the place and the fix', async () => {
    const file = programs.write(FILES[what], [...WORKER, ...lines, ''].join('\n'));
    const built = await refusal(buildExample(file, 'puckjs'));
    assert.match(built, message);
    // runProgram (and frugal run) go through the same build: one refusal of each stage is enough.
    if (checkRun) assert.is(await refusal(runProgram(file)), built);
  });
}

test.after(() => programs.remove());

test.run();
