// Random task programs, each built twice and run for the same board time: on the simulated board
// (host lowering, host executor) and as a device bundle for a Puck.js on QuickJS (device lowering,
// device runtime). Both must print the same lines at the same board times. The programs mix what
// the device build treats specially: sleeps, yields, channel hand-offs that block either side,
// timeout and select dropping their losers, awaits of a function that never suspends, loops.
// Each run writes, lowers and bundles a source file, so the run count is small; the seed is fixed
// so that a red run replays as is.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { findBoard } from '../boards/descriptors.ts';
import { importLines, ProgramDir, simAndQuickJS } from './support/device-program.ts';

const RUNS = 12;
const SEED = 20261129;
const RUN_MS = 400;

type Op =
  | { k: 'sleep'; ms: number }
  | { k: 'yield' }
  | { k: 'send'; v: number }
  | { k: 'recv' }
  | { k: 'timeout'; limit: number; ms: number }
  | { k: 'select'; ms: number }
  | { k: 'add'; v: number }
  | { k: 'loop'; n: number; body: Op[] };

const leaf: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ k: fc.constant('sleep' as const), ms: fc.integer({ min: 0, max: 30 }) }),
  fc.record({ k: fc.constant('yield' as const) }),
  fc.record({ k: fc.constant('send' as const), v: fc.integer({ min: 0, max: 99 }) }),
  fc.record({ k: fc.constant('recv' as const) }),
  fc.record({ k: fc.constant('timeout' as const), limit: fc.integer({ min: 1, max: 30 }), ms: fc.integer({ min: 0, max: 30 }) }),
  fc.record({ k: fc.constant('select' as const), ms: fc.integer({ min: 0, max: 30 }) }),
  fc.record({ k: fc.constant('add' as const), v: fc.integer({ min: 1, max: 9 }) }),
);
const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: leaf },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('loop' as const), n: fc.integer({ min: 1, max: 4 }), body: fc.array(leaf, { minLength: 1, maxLength: 4 }) }) },
);
const programArb = fc.array(fc.array(op, { minLength: 1, maxLength: 8 }), { minLength: 1, maxLength: 3 });

/** A task's statements; every step prints its task, a label and the board time. */
function lower(ops: Op[], task: number, depth: number): string[] {
  const out: string[] = [];
  const mark = (label: string, value: string): string => 'mark(hal, ' + task + ', ' + JSON.stringify(label) + ', ' + value + ', now());';
  ops.forEach((o) => {
    switch (o.k) {
      case 'sleep': out.push('await sleep(' + o.ms + ');', mark('slept', '0')); break;
      case 'yield': out.push('await yieldNow();', mark('yielded', '0')); break;
      case 'send': out.push('await send(ch, ' + o.v + ');', mark('sent', String(o.v))); break;
      case 'recv': out.push('acc.st[0] = await recv(ch);', mark('got', 'acc.st[0]')); break;
      case 'timeout': out.push('{ const [late, v] = await timeout(' + o.limit + ', guarded(hal, ' + task + ', ' + o.ms + ')); ' + mark('timeout', 'late * 1000 + v') + ' }'); break;
      case 'select': out.push('{ const [which, v] = await select(recv(ch), sleep(' + o.ms + ')); ' + mark('select', 'which * 1000 + v') + ' }'); break;
      case 'add': out.push('acc.st[1] = await acc.add(' + o.v + ');', mark('sum', 'acc.st[1]')); break;
      case 'loop': out.push('for (let i' + depth + ' = 0; i' + depth + ' < ' + o.n + '; i' + depth + '++) {', ...lower(o.body, task, depth + 1), '}'); break;
    }
  });
  return out;
}

function source(tasks: Op[][]): string {
  const lines = [
    ...importLines([
      ['{ recv, select, send, sleep, timeout, yieldNow, now, type NumberChannel }', 'tasks/task-api.ts'],
      ['{ spawnTask }', 'tasks/lowered.ts'],
      ['{ numberChannel }', 'primitives/channel.ts'],
      ['type { Executor }', 'executor/executor.ts'],
      ['type { Hal }', 'boards/hal.ts'],
      ['type { Example }', 'program/example.ts'],
      ['{ printNumber }', 'tasks/print.ts'],
    ]),
    'export class Acc {',
    '  readonly st: Float64Array;',
    '  constructor() { this.st = new Float64Array(2); }',
    '  async add(v: number): Promise<number> { this.st[1] += v; return this.st[1]; }',
    '}',
    'function mark(hal: Hal, task: number, label: string, v: number, t: number): void {',
    "  printNumber(hal, task); hal.serialPrint(0, ' ' + label + ' '); printNumber(hal, v); hal.serialPrint(0, ' t='); printNumber(hal, Math.round(t)); hal.serialPrint(0, '\\n');",
    '}',
    'async function guarded(hal: Hal, task: number, ms: number): Promise<number> {',
    '  try { await sleep(ms); return ms; } finally { mark(hal, task, "cleanup", ms, now()); }',
    '}',
  ];
  tasks.forEach((ops, t) => {
    lines.push('export async function task' + t + '(hal: Hal, ch: NumberChannel, acc: Acc): Promise<void> {', ...lower(ops, t, 0), '  ' + 'mark(hal, ' + t + ', "done", 0, now());', '}');
  });
  lines.push('export const program: Example = {',
    "  name: 'random', description: 'a random program',",
    '  config: { maxTasks: ' + tasks.length + ', sideStackWords: 64, sideStackRefs: 8, scratchWords: 0, scratchRefs: 0, poolSlots: 0, timerCapacity: ' + (2 * tasks.length + 2) + ' },',
    '  setup: function (ex: Executor, hal: Hal) {',
    '    const ch = numberChannel(ex, 1);',
    ...tasks.map((_ops, t) => "    spawnTask(ex, task" + t + ", [hal, ch, new Acc()], { name: 'task " + t + "' });"),
    '  },',
    '  simulate: function () {},',
    '  runMs: ' + RUN_MS + ',',
    '};');
  return lines.join('\n') + '\n';
}

test('random programs print the same on the simulated board and as device bundles on QuickJS', async () => {
  const programs = new ProgramDir('device-programs');
  const board = findBoard('puckjs');
  let n = 0;
  try {
    await fc.assert(fc.asyncProperty(programArb, async (tasks) => {
      const { file, program } = await programs.load('random' + n++, source(tasks));
      const r = await simAndQuickJS(file, program, board, RUN_MS);
      assert.is(r.sim.ex.faultCount, 0, 'no fault on the host');
      assert.is(r.errors, 0, 'no exception escaped a callback on QuickJS');
      assert.is(r.output, r.sim.sim.output(), file);
    }), { numRuns: RUNS, seed: SEED });
  } finally {
    programs.remove();
  }
});

test.run();
