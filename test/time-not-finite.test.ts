// sleep, sleepUntil and timeout given NaN or an infinite time (issue 22 item 4): the task faults at
// the sleep's first poll, naming the task, the call and the value (M_TIME_NOT_FINITE), on the
// device (a numbered fault line, decoded with the build's name map) and on the host executor, with
// the same text; `frugal run` prints it and exits 1. Before, the task waited for ever, silently.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runProgram } from '../testing.ts';
import { runOnSim } from '../program/reference-run.ts';
import { M_TIME_NOT_FINITE } from '../contract/fault-codes.ts';
import type { FrugalError } from '../executor/errors.ts';
import { importLines, ProgramDir } from './support/device-program.ts';
import { frugal } from './support/frugal-cli.ts';

const programs = new ProgramDir('time-not-finite');
test.after(() => programs.remove());

// Each task computes its time at run time, as a bug would (0 / 0, a field never set).
const CASES: [call: string, expr: string, value: string][] = [
  ['sleep', 'await sleep(0 / zero)', 'NaN'],
  ['sleepUntil', 'await sleepUntil(1 / zero)', 'Infinity'],
  ['timeout', 'const [late, v] = await timeout(0 / zero, recv(ch)); mark(hal, late + v)', 'NaN'],
  ['sleep', 'await sleep(-1 / zero)', '-Infinity'],
];

function source(): string {
  return [
    ...importLines([
      ['{ recv, sleep, sleepUntil, timeout, type NumberChannel }', 'tasks/task-api.ts'],
      ['{ spawnTask }', 'tasks/lowered.ts'],
      ['{ numberChannel }', 'primitives/channel.ts'],
      ['type { Executor }', 'executor/executor.ts'],
      ['type { Hal }', 'boards/hal.ts'],
      ['type { Example }', 'program/example.ts'],
      ['{ printNumber }', 'tasks/print.ts'],
    ]),
    'function mark(hal: Hal, n: number): void { printNumber(hal, n); hal.serialPrint(0, "\\n"); }',
    ...CASES.map(([, expr], i) =>
      'export async function t' + i + '(hal: Hal, ch: NumberChannel, zero: number): Promise<void> { await sleep(' + (i + 1) + '); ' + expr + '; mark(hal, ' + i + '); }'),
    // Another task goes on: the fault stops only the task that made it.
    'export async function other(hal: Hal): Promise<void> { for (let i = 0; i < 3; i++) { await sleep(10); mark(hal, 100 + i); } }',
    'export const program: Example = {',
    "  name: 'times', description: 'times that never come', runMs: 50, simulate: function () {},",
    '  config: { maxTasks: ' + (CASES.length + 1) + ', timerCapacity: 8 },',
    '  setup: function (ex: Executor, hal: Hal) {',
    '    const ch = numberChannel(ex, 1);',
    ...CASES.map((_, i) => '    spawnTask(ex, t' + i + ", [hal, ch, 0], { name: 'bad " + i + "' });"),
    "    spawnTask(ex, other, [hal], { name: 'other' });",
    '  },',
    '};',
    '',
  ].join('\n');
}

function expected(i: number): string {
  const [call, , value] = CASES[i];
  return call + '(' + value + (call === 'timeout' ? ', ...' : '') + ") in task " + i + " ('bad " + i + "'): " +
    (call === 'sleepUntil' ? 'a deadline must be a finite board time in ms' : 'a time must be a finite number of ms') +
    (value === '-Infinity' ? ', and -Infinity is no time' : ', and ' + value + ' never comes: the task would wait for ever') +
    '; check the value passed (a division by zero, a field never set, arithmetic on a string)';
}

test('NaN and infinite times: each task faults naming the call and the value, on the device and on the host alike', async () => {
  const { file, program } = await programs.load('times', source());
  const run = await runProgram(file, { ms: 50 });
  assert.equal(run.faults.map((f) => [f.task, f.phase, f.message]), CASES.map((_, i) => [i, 'poll', expected(i)]));
  assert.is(run.serial, '100\n101\n102\n', 'the other task ran on; no faulted task went past its sleep');
  const host = runOnSim(program, 50);
  assert.equal(host.ex.faults.map((f) => [f.task, f.phase, (f.error as FrugalError).code, (f.error as Error).message]),
    CASES.map((_, i) => [i, 'poll', M_TIME_NOT_FINITE, expected(i)]));
  assert.is(host.sim.output(), run.serial);
});

test('frugal run: the fault is printed and the run exits 1', async () => {
  const { file } = await programs.load('times-cli', source());
  const r = await frugal('run', file);
  assert.is(r.code, 1, r.err);
  assert.match(r.out, "  task 0 ('bad 0') poll: " + expected(0));
  assert.match(r.out, "  task 1 ('bad 1') poll: " + expected(1));
  assert.match(r.err, '4 task faults:');
});

test.run();
