// The fault-injection cases run as device bundles (QuickJS, as device-programs.test.ts runs them)
// and on the simulated board (host executor), compared: a task that throws in poll, a finally
// block that throws while its future is dropped, a cancellation while the call holds a pool slot,
// and pool exhaustion under each policy. The other tasks' output must be the same line for line;
// the faults must be the same tasks, phases and codes (the device's fault lines decoded on the
// host). Stale handles have no device form: device task code holds no task or future handle (the
// task table is fixed at build time and awaits name their children by frame offset), so the host
// tests (fault-injection, cancellation-faults) are the only ones there.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { findBoard } from '../boards/descriptors.ts';
import {
  M_DEVICE_POOL_EXHAUSTED, M_POOL_EXHAUSTED, M_TASK_STOPPED,
} from '../executor/messages.ts';
import type { FrugalError } from '../executor/errors.ts';
import { importLines, ProgramDir, simAndQuickJS } from './support/device-program.ts';

const RUN_MS = 200;
const programs = new ProgramDir('device-faults');
const board = findBoard('puckjs');

function source(tasks: string, setup: string, poolSlots: number, policy: string): string {
  return [
    ...importLines([
      ['{ next, sleep, timeout, yieldNow, now, type AsyncIteratorSource, type Dyn }', 'tasks/task-api.ts'],
      ['{ spawnTask }', 'tasks/lowered.ts'],
      ['{ dyn }', 'adapters/dyn.ts'],
      ['{ AsyncIterator, implement }', 'adapters/interface.ts'],
      ['{ ScratchOrPool }', 'adapters/scratch-or-pool.ts'],
      ['type { Executor }', 'executor/executor.ts'],
      ['type { Hal }', 'boards/hal.ts'],
      ['type { Example }', 'program/example.ts'],
      ['{ printNumber }', 'tasks/print.ts'],
    ]),
    'function mark(hal: Hal, task: number, label: string, v: number, t: number): void {',
    "  printNumber(hal, task); hal.serialPrint(0, ' ' + label + ' '); printNumber(hal, v); hal.serialPrint(0, ' t='); printNumber(hal, Math.round(t)); hal.serialPrint(0, '\\n');",
    '}',
    '/** Each call waits `ms` before it answers, so its frame stays placed (scratch or pool) meanwhile. */',
    'export class Slow implements AsyncIteratorSource {',
    '  readonly st: Float64Array;',
    '  constructor(ms: number) { this.st = new Float64Array(2); this.st[1] = ms; }',
    '  async next(): Promise<[value: number, done: number]> { await sleep(this.st[1]); this.st[0]++; return [this.st[0], 0]; }',
    '}',
    // Task code reads the board time and passes it: now() is task code's alone.
    tasks.replace(/mark\(hal, ([^;]*?)\);/g, 'mark(hal, $1, now());'),
    'export const program: Example = {',
    "  name: 'faults', description: 'a fault case',",
    '  config: { maxTasks: 3, sideStackWords: 64, sideStackRefs: 8, scratchWords: 0, scratchRefs: 0, poolSlots: ' + poolSlots +
      ', poolSlotWords: 16, poolSlotRefs: 4, timerCapacity: 8, poolFullPolicy: ' + JSON.stringify(policy) + ' },',
    '  setup: function (ex: Executor, hal: Hal) {',
    setup,
    '  },',
    '  simulate: function () {},',
    '  runMs: ' + RUN_MS + ',',
    '};',
    '',
  ].join('\n');
}

interface DeviceFault { task: number; phase: string; code: number }

/** Both runs of one program: the lines other than fault lines, and the faults. */
async function both(name: string, text: string): Promise<{ host: string; device: string; hostFaults: DeviceFault[]; deviceFaults: DeviceFault[] }> {
  const { file, program } = await programs.load(name, text);
  const q = await simAndQuickJS(file, program, board, RUN_MS);
  const sim = q.sim;
  assert.is(q.errors, 0, 'no exception escaped a callback on QuickJS');
  const lines = q.output.split('\n');
  const deviceFaults: DeviceFault[] = [];
  // A stopped task's line: frugal!E<M_TASK_STOPPED>,<task>,<0 poll | 1 drop> <its error's message>,
  // a fault line itself when the runtime threw it (the code is then the inner line's).
  for (const l of lines) {
    const m = /^frugal!E(\d+),(\d+),(\d) (?:frugal!E(\d+))?/.exec(l);
    if (m === null) continue;
    assert.is(Number(m[1]), M_TASK_STOPPED, l);
    deviceFaults.push({ task: Number(m[2]), phase: m[3] === '0' ? 'poll' : 'drop', code: m[4] === undefined ? -1 : Number(m[4]) });
  }
  const hostFaults = sim.ex.faults.map((f) => ({ task: f.task, phase: f.phase, code: (f.error as FrugalError).code ?? -1 }));
  return { host: sim.sim.output(), device: lines.filter((l) => !l.startsWith('frugal!E')).join('\n'), hostFaults, deviceFaults };
}

test.after(() => programs.remove());

test('a task that throws in poll is stopped on both, the same task, and the others run on', async () => {
  const r = await both('throw-poll', source([
    'export async function bad(hal: Hal): Promise<void> { await sleep(5); mark(hal, 0, "before", 0); throw new Error("boom"); }',
    'export async function good(hal: Hal): Promise<void> { for (let i = 0; i < 4; i++) { await sleep(7); mark(hal, 1, "tick", i); } }',
  ].join('\n'), "    spawnTask(ex, bad, [hal], { name: 'bad' }); spawnTask(ex, good, [hal], { name: 'good' });", 0, 'error'));
  assert.is(r.device, r.host);
  assert.equal(r.hostFaults, [{ task: 0, phase: 'poll', code: -1 }]);
  assert.equal(r.deviceFaults, r.hostFaults);
});

// This case found the device running such a finally block twice (once when timeout dropped the
// child, again when the faulted task was released); a drop now marks its frame completed first.
test('a finally block that throws while its future is dropped: the same faults on both', async () => {
  const r = await both('throw-drop', source([
    'async function guarded(hal: Hal): Promise<number> { try { await sleep(50); return 1; } finally { mark(hal, 0, "cleanup", 0); throw new Error("in finally"); } }',
    'export async function dropper(hal: Hal): Promise<void> { const [late, v] = await timeout(5, guarded(hal)); mark(hal, 0, "after", late * 10 + v); }',
    'export async function good(hal: Hal): Promise<void> { for (let i = 0; i < 3; i++) { await sleep(4); mark(hal, 1, "tick", i); } }',
  ].join('\n'), "    spawnTask(ex, dropper, [hal], { name: 'dropper' }); spawnTask(ex, good, [hal], { name: 'good' });", 0, 'error'));
  assert.is(r.device, r.host);
  assert.ok(r.hostFaults.length === 1 && r.hostFaults[0].task === 0, JSON.stringify(r.hostFaults));
  assert.equal(r.deviceFaults.map((f) => f.task), r.hostFaults.map((f) => f.task));
});

test('a call cancelled while its frame holds the one pool slot gives the slot back, on both', async () => {
  const r = await both('cancel-pool', source([
    'export async function caller(hal: Hal, it: Dyn<AsyncIteratorSource>): Promise<void> {',
    '  for (let i = 0; i < 4; i++) { const [late, v] = await timeout(3, next(it)); mark(hal, 0, "late", late); await yieldNow(); }',
    '}',
    'export async function other(hal: Hal, it: Dyn<AsyncIteratorSource>): Promise<void> {',
    '  await sleep(20); for (let i = 0; i < 3; i++) { const [v, d] = await next(it); mark(hal, 1, "got", v + d); }',
    '}',
  ].join('\n'), "    const it = dyn(implement(AsyncIterator, 'slow', new Slow(10)), new ScratchOrPool()); spawnTask(ex, caller, [hal, it], { name: 'caller' }); " +
    "spawnTask(ex, other, [hal, it], { name: 'other' });", 1, 'error'));
  assert.is(r.device, r.host);
  assert.equal(r.hostFaults, []);
  assert.equal(r.deviceFaults, []);
  assert.match(r.host, /1 got 3 t=/);
});

const RIVALS = [
  'export async function caller(hal: Hal, task: number, it: Dyn<AsyncIteratorSource>): Promise<void> {',
  '  for (let i = 0; i < 3; i++) { const [v, d] = await next(it); mark(hal, task, "got", v + d); }',
  '}',
].join('\n');
const SPAWN_RIVALS = "    const it = dyn(implement(AsyncIterator, 'slow', new Slow(5)), new ScratchOrPool()); spawnTask(ex, caller, [hal, 0, it], { name: 'first' }); " +
  "spawnTask(ex, caller, [hal, 1, it], { name: 'second' });";

test("pool exhaustion, policy 'error': the second caller faults on both, with the pool's code", async () => {
  const r = await both('pool-error', source(RIVALS, SPAWN_RIVALS, 1, 'error'));
  assert.is(r.device, r.host);
  assert.equal(r.hostFaults, [{ task: 1, phase: 'poll', code: M_POOL_EXHAUSTED }]);
  assert.equal(r.deviceFaults, [{ task: 1, phase: 'poll', code: M_DEVICE_POOL_EXHAUSTED }]);
});

for (const policy of ['wait', 'box']) {
  test("pool exhaustion, policy '" + policy + "': both callers finish, the same output on both", async () => {
    const r = await both('pool-' + policy, source(RIVALS, SPAWN_RIVALS, 1, policy));
    assert.is(r.device, r.host);
    assert.equal(r.hostFaults, []);
    assert.equal(r.deviceFaults, []);
    assert.is(r.host.split('\n').filter((l) => / got /.test(l)).length, 6, r.host);
  });
}

test.run();
