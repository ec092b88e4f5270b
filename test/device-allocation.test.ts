// The allocation meter on the device form: the README's claim that spawning, cancelling, select,
// join, timeout, yield, channel hand-offs, the pool's wait path and every non-boxing adapter's call
// allocate nothing, measured on the device bundle (device runtime plus device-lowered task code,
// as `frugal build` makes it) run in V8, with the same meter as executor-allocation.test.ts. A
// device has no spawn at run time (its task table is fixed at build time), so "spawn and end" is
// a lowered callee's frame opened, run to its end and closed, once per round.
// The static check (allocation-check.test.ts) covers what V8 would hide; this covers what it
// cannot see: a temporary that escapes.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { findBoard } from '../boards/descriptors.ts';
import { measureAllocation, WINDOW_NOISE_BYTES } from './support/alloc-meter.ts';
import { loadInV8 } from './support/device-v8.ts';
import { deviceBundle, importLines, ProgramDir } from './support/device-program.ts';

// Rounds a window measures. One heap object per round would be at least 4,000 x 12 bytes, three
// times the meter's noise bound (WINDOW_NOISE_BYTES); more rounds only make the 16 cases slower.
const ROUNDS = 4000;

interface Case {
  name: string;
  /** Statements of the measured task's loop body (hal, ch, acc and it in scope). */
  body: string;
  /** The adapter expression the dyn object `it` is made with. */
  adapter?: string;
  /** A second task: 'feeder' sends on ch every round; 'rival' calls `it` too, so the pool fills. */
  second?: 'feeder' | 'rival';
  poolSlots?: number;
  /** Allocates by design: the meter must see it. */
  allocates?: boolean;
}

const CASES: Case[] = [
  { name: 'spawn and end (a callee frame opened, run and closed)', body: 'acc.st[0] += await child(acc.st[0] & 7);' },
  { name: 'cancel (select drops the losing sleep)', body: 'await select(sleep(1), sleep(1000));' },
  { name: 'select', body: '{ const [w, v] = await select(recv(ch), sleep(3)); acc.st[0] += w + v; }', second: 'feeder' },
  { name: 'join', body: 'await join(sleep(1), yieldNow());' },
  { name: 'timeout (met and expired)', body: '{ const [a, x] = await timeout(5, child(1)); const [b, y] = await timeout(1, slow(3)); acc.st[0] += a + b + x + y; }' },
  { name: 'yield', body: 'await yieldNow();' },
  { name: 'channel send and recv', body: 'acc.st[0] += await recv(ch);', second: 'feeder' },
  ...['error', 'wait', 'box'].map((p): Case => ({
    name: "pool, policy '" + p + "'" + (p === 'wait' ? ' (two callers, one slot: one parks every round)' : ''),
    body: '{ const [v, d] = await next(it); acc.st[0] += v + d; }',
    adapter: "new ScratchOrPool({ policy: '" + p + "' })",
    second: p === 'wait' ? 'rival' : undefined,
    poolSlots: 1,
  })),
  ...['SideStack()', 'Inline()', 'MaxSpace(4, 2)', 'Recycling()', 'CallerCachedBox()'].map((a): Case => ({
    name: 'dyn call through ' + a.replace(/\(.*/, ''),
    body: '{ const [v, d] = await next(it); acc.st[0] += v + d; }',
    adapter: 'new ' + a,
  })),
  { name: 'dyn call through Boxing (allocates a frame per call by design)', body: '{ const [v, d] = await next(it); acc.st[0] += v + d; }', adapter: 'new Boxing()', allocates: true },
];

function source(c: Case): string {
  return [
    ...importLines([
      ['{ join, next, recv, select, send, sleep, timeout, yieldNow, type AsyncIteratorSource, type Dyn, type NumberChannel }', 'tasks/task-api.ts'],
      ['{ spawnTask }', 'tasks/lowered.ts'],
      ['{ dyn }', 'adapters/dyn.ts'],
      ['{ numberChannel }', 'primitives/channel.ts'],
      ['{ AsyncIterator, implement }', 'adapters/interface.ts'],
      ['{ ScratchOrPool }', 'adapters/scratch-or-pool.ts'],
      ['{ SideStack }', 'adapters/side-stack.ts'],
      ['{ Inline }', 'adapters/inline.ts'],
      ['{ MaxSpace }', 'adapters/max-space.ts'],
      ['{ Recycling }', 'adapters/recycling.ts'],
      ['{ CallerCachedBox }', 'adapters/caller-cached-box.ts'],
      ['{ Boxing }', 'adapters/boxing.ts'],
      ['type { Executor }', 'executor/executor.ts'],
      ['type { Hal }', 'boards/hal.ts'],
      ['type { Example }', 'program/example.ts'],
    ]),
    'export class Acc { readonly st: Float64Array; constructor() { this.st = new Float64Array(2); } }',
    '/** An iterator whose every call waits a tick, so its frame is placed by the adapter and lives across polls. */',
    'export class Ticks implements AsyncIteratorSource {',
    '  readonly st: Float64Array;',
    '  constructor() { this.st = new Float64Array(1); }',
    '  async next(): Promise<[value: number, done: number]> { await yieldNow(); this.st[0]++; return [this.st[0] & 7, 0]; }',
    '}',
    'async function child(x: number): Promise<number> { await yieldNow(); return x + 1; }',
    'async function slow(ms: number): Promise<number> { await sleep(ms); return ms; }',
    'export async function measured(hal: Hal, led: number, ch: NumberChannel, acc: Acc, it: Dyn<AsyncIteratorSource>): Promise<void> {',
    '  for (;;) {',
    '    ' + c.body,
    '    hal.digitalWrite(led, 1);',
    '  }',
    '}',
    'export async function feeder(ch: NumberChannel): Promise<void> {',
    '  for (let i = 0; ; i++) { await send(ch, i & 15); await sleep(2); }',
    '}',
    'export async function rival(acc: Acc, it: Dyn<AsyncIteratorSource>): Promise<void> {',
    '  for (;;) { const [v, d] = await next(it); acc.st[1] += v + d; }',
    '}',
    'export const program: Example = {',
    "  name: 'alloc', description: 'one allocation window',",
    '  config: { maxTasks: 2, sideStackWords: 64, sideStackRefs: 8, scratchWords: 0, scratchRefs: 0, poolSlots: ' + (c.poolSlots ?? 2) +
      ', poolSlotWords: 16, poolSlotRefs: 4, timerCapacity: 8 },',
    '  setup: function (ex: Executor, hal: Hal) {',
    '    const ch = numberChannel(ex, 1);',
    '    const acc = new Acc();',
    "    const it = dyn(implement(AsyncIterator, 'ticks', new Ticks()), " + (c.adapter ?? 'new ScratchOrPool()') + ');',
    "    spawnTask(ex, measured, [hal, hal.pin('LED1'), ch, acc, it], { name: 'measured' });",
    c.second === 'feeder' ? "    spawnTask(ex, feeder, [ch], { name: 'feeder' });" : '',
    c.second === 'rival' ? "    spawnTask(ex, rival, [acc, it], { name: 'rival' });" : '',
    '  },',
    '  simulate: function () {},',
    '  runMs: 100,',
    '};',
    '',
  ].join('\n');
}

const programs = new ProgramDir('device-alloc');
const board = findBoard('puckjs');

async function bundle(c: Case, n: number): Promise<string> {
  const { file, program } = await programs.load('window' + n, source(c));
  return deviceBundle(file, program, board);
}

CASES.forEach((c, n) => {
  test('device form, ' + c.name + ': ' + (c.allocates ? 'the meter sees its allocation' : 'nothing allocated after warm-up'), async () => {
    const dev = loadInV8(await bundle(c, n), ['LED1', 'Serial1']);
    const before = dev.writes();
    const m = await measureAllocation(() => dev.step(ROUNDS), {
      warmStep: () => dev.step(1000), maxWarmSteps: c.allocates ? 2 : 60, windows: 3, bound: WINDOW_NOISE_BYTES, rounds: c.allocates ? 1 : 3,
    });
    const rounds = dev.writes() - before;
    assert.equal(dev.printed(), [], 'no fault line');
    assert.ok(rounds >= ROUNDS, 'the loop ran: ' + rounds + ' rounds');
    console.log('  device ' + c.name + ': ' + m.bytes + ' bytes, ' + m.gcs + ' GCs over ' + ROUNDS + ' runs');
    if (c.allocates) assert.ok(m.gcs > 0 || m.bytes > ROUNDS * 16, 'allocation seen: ' + m.bytes + ' bytes, ' + m.gcs + ' GCs');
    else {
      assert.is(m.gcs, 0, 'no GC ran inside the window');
      assert.ok(m.bytes < WINDOW_NOISE_BYTES, 'new-space growth ' + m.bytes + ' bytes over ' + ROUNDS + ' runs');
    }
  });
});

test.after(() => programs.remove());

test.run();
