// A task that runs without awaiting (issue 22 item 3). The build warns on every task loop that
// never awaits and that nothing leaves (compiler/busy-loops.ts), naming file:line and the task; a
// simulated run stops a poll that runs BUSY_LIMIT_MS of real time, reports the task as faulted
// with the loops the build found, and frugal run exits 1. Before, `frugal run` hung with no output.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import path from 'node:path';
import ts from '../compiler/typescript.ts';
import type * as TS from 'typescript';
import { buildDevice } from '../bundler/device-bundle.ts';
import { findBoard } from '../boards/descriptors.ts';
import { Lowering } from '../compiler/lowering.ts';
import { createProgram } from '../compiler/ts-program.ts';
import { busyLoops } from '../compiler/busy-loops.ts';
import { isAsyncDecl } from '../compiler/ast.ts';
import { runDevice } from '../program/device-run.ts';
import { TASK_FAULTED } from '../contract/task-states.ts';
import { importLines, ProgramDir } from './support/device-program.ts';
import { frugal } from './support/frugal-cli.ts';

const programs = new ProgramDir('busy-loop');
test.after(() => programs.remove());

const HEAD = importLines([
  ['{ sleep, yieldNow, type NumberChannel }', 'tasks/task-api.ts'],
  ['{ spawnTask }', 'tasks/lowered.ts'],
  ['type { Executor }', 'executor/executor.ts'],
  ['type { Hal }', 'boards/hal.ts'],
  ['type { Example }', 'program/example.ts'],
  ['{ printNumber }', 'tasks/print.ts'],
]).join('\n') + '\n';

// The blink a new user writes, the await forgotten; and a task that goes on meanwhile.
const SPIN = HEAD + `export async function blink(hal: Hal, led: number): Promise<void> {
  let on = 0;
  await sleep(20);
  for (;;) {
    on = 1 - on;
    hal.digitalWrite(led, on);
  }
}
export async function tick(hal: Hal): Promise<void> {
  for (let i = 0; ; i++) { printNumber(hal, i); hal.serialPrint(0, '\\n'); await sleep(5); }
}
export const program: Example = {
  name: 'spin', description: 'a loop that never awaits', runMs: 100, simulate: function () {}, config: { maxTasks: 2 },
  setup: function (ex: Executor, hal: Hal) {
    spawnTask(ex, tick, [hal], { name: 'tick' });
    spawnTask(ex, blink, [hal, hal.pin('LED1')], { name: 'blink' });
  },
};
`;

test('the static check: loops that never await and that nothing leaves, and only those', () => {
  const file = path.join(programs.dir, 'loops.ts');
  const text = HEAD + `export class Flag { readonly st = new Float64Array(1); async now(): Promise<number> { return this.st[0]; } }
export async function loops(hal: Hal, f: Flag, n: number): Promise<void> {
  for (;;) { n++; }                                    // line 9: always true
  while (true) { if (n > 3) throw new Error('x'); }   // line 10: a throw is no way out
  while (f.st[0] === 0) {}                             // line 11: nothing changes the condition
  do { n--; } while (1);                               // line 12
  for (;;) { await f.now(); }                          // line 13: an await that never suspends
  for (;;) { await sleep(0); }                         // line 14: ready at once
  for (;;) { if (n > 3) break; n++; }                  // a way out
  for (;;) { await sleep(1); }                         // suspends
  outer: for (;;) { for (;;) { continue outer; } }     // the inner one is left; the outer one is line 17
  for (;;) { if (n) return; }                          // return
  while (n > 0) { n--; }                               // its condition changes
  while (f.st[0] === 0) { hal.digitalWrite(1, 0); }    // a call may change it
  for (;;) { switch (n) { case 1: break; } n++; }      // line 21: the break leaves the switch only
  for (;;) { await yieldNow(); }                       // suspends
}
`;
  require0(file, text);
  const l = new Lowering(createProgram([file]), 'device');
  const sf = l.program.getSourceFile(file)!;
  const decl = sf.statements.find((s) => isAsyncDecl(s) && (s as TS.FunctionDeclaration).name?.text === 'loops') as TS.FunctionDeclaration;
  const found = busyLoops(l, decl).map((b) => b.line + ' ' + b.why + ' ' + b.head);
  assert.equal(found, [
    '9 always true for (;;)', '10 always true while (true)', '11 unchanging while (f.st[0] === 0)', '12 always true do ... while (1)',
    '13 always true for (;;)', '14 always true for (;;)', '17 always true for (;;)', '21 always true for (;;)',
  ]);
});

function require0(file: string, text: string): void {
  // ProgramDir.load imports the host lowering too; the static check only needs the file.
  ts.sys.writeFile(file, text);
}

test('the build warns naming the loop, its function and task; the run stops the task after the bound, reports it, and ends there', async () => {
  const { file, program } = await programs.load('spin', SPIN);
  const build = await buildDevice(program, new Lowering(createProgram([file])), findBoard('puckjs'));
  const at = path.relative(process.cwd(), file) + ':10:3';
  assert.equal(build.warnings, [at + ": `for (;;)` in blink (task 'blink') never awaits and nothing leaves it: once the task enters it, no other task, " +
    'timer, pin or serial callback runs again (on a board too); fix: await in the loop (sleep, yieldNow, a receive), or give it a way out']);
  const t0 = Date.now();
  const run = runDevice({ example: program, board: build.snapshot.board, code: build.code, bytes: build.code.length, map: build.map, cost: build.cost,
    pins: [], ports: [], watched: [], listens: [], inputs: build.inputs, build }, 100, { busyLimitMs: 300 });
  const took = Date.now() - t0;
  assert.ok(took >= 300 && took < 5000, took + ' ms');
  assert.is(run.faults.length, 1);
  assert.is(run.faults[0].task, 1);
  assert.is(run.faults[0].name, 'blink');
  assert.match(run.faults[0].message, 'its poll ran 300 ms of real time without returning to the event loop');
  assert.match(run.faults[0].message, 'a loop that never awaits: ' + at + ' (`for (;;)` in blink)');
  assert.is(run.ms, 20, 'the run ended where the task got stuck');
  assert.is(run.output, '0\n1\n2\n3\n', 'tick ran until then (at 20 ms blink, whose timer came first, got stuck)');
  assert.is(run.report.tasks[1].state, 'faulted');
  assert.is(TASK_FAULTED, 3);
});

test('frugal run: the warning, the fault and exit 1, about 2 s after the loop began; frugal build warns', async () => {
  const { file } = await programs.load('spin-cli', SPIN);
  const r = await frugal('run', file);
  assert.is(r.code, 1, r.err);
  assert.match(r.err, /frugal: warning: .*spin-cli\.ts:10:3: `for \(;;\)` in blink \(task 'blink'\) never awaits/);
  assert.match(r.out, "  task 1 ('blink') poll: its poll ran 2000 ms of real time without returning to the event loop");
  assert.match(r.err, "1 task fault: task 1 ('blink') in poll");
  const b = await frugal('build', file, '--board', 'pico');
  assert.is(b.code, 0, b.err);
  assert.match(b.err, /frugal: warning: .*spin-cli\.ts:10:3: `for \(;;\)` in blink/);
});

test.run();
