// A dyn call whose method has one implementation, placed by ScratchOrPool, is placed by its call
// site itself (compiler/device-futures.ts): in the task's scratch, else in a free pool slot. The
// budget report read from the device memory must count those calls as dynOpen counts the others:
// calls, where each went, the largest frame, the scratch high-water mark and the pool's. The same
// for SideStack, Recycling and CallerCachedBox, whose call sites run the callee's start form.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runProgram } from '../testing.ts';

test('calls placed in the scratch by their call site: counted as calls, scratch hits and the scratch high-water mark', async () => {
  const run = await runProgram(new URL('../bench/programs/sensor-average.ts', import.meta.url), { ms: 1000 });
  assert.equal(run.faults, []);
  const a = run.report.adapters[0];
  const reader = run.report.tasks[0];
  assert.ok(a.calls >= 9, 'a reading every 100 ms: ' + a.calls);
  assert.equal([a.calls, a.scratch, a.pool, a.largestFrame], [reader.scratch!.hits, reader.scratch!.hits, 0, 2]);
  assert.is(reader.scratch!.high, 2);
});

test('calls of two tasks placed in their scratch by one call site, one adapter: the hits of each task in a word of its own', async () => {
  const run = await runProgram(new URL('./call-site/scratch-shared-reader.ts', import.meta.url));
  assert.equal(run.faults, []);
  assert.is(run.serial, '45\n45\n');
  const a = run.report.adapters[0];
  assert.equal([run.report.adapters.length, a.calls, a.scratch, a.pool, a.largestFrame], [1, 20, 20, 0, 2]);
  assert.equal(run.report.tasks.map((t) => [t.scratch!.hits, t.scratch!.high, t.poolFallbacks]), [[10, 2, 0], [10, 2, 0]]);
});

// Each program twice: an adapter per dyn object (the call site counts in the adapter's words), and
// one adapter for both (in the site's own words, added up by the report): the same figures.
const both = (file: string): string[] => [file, file.replace('-reader', '-shared-reader')];

test('calls placed in the pool slot by their call site, or parked for it by dynOpen: each counted once, as a call, a pool fallback and in the pool high-water mark; the slot comes back ready or not', async () => {
  for (const file of both('pool-reader')) {
    const run = await runProgram(new URL('./call-site/' + file + '.ts', import.meta.url));
    assert.equal(run.faults, [], file);
    assert.is(run.serial, '45\n45\n', file);
    const n = 20 / run.report.adapters.length;
    for (const a of run.report.adapters) {
      assert.equal([a.calls, a.scratch, a.pool, a.refused, a.largestFrame], [n, 0, n, 0, 2], file + ' ' + a.label);
      assert.ok(a.waits > 0, a.label + ' parked for the slot the other held: ' + a.waits);
    }
    assert.equal(run.report.tasks.map((t) => t.poolFallbacks), [10, 10], file);
    const pool = run.report.pool!;
    assert.equal([pool.slots, pool.slotWords, pool.free, pool.highWater], [1, 2, 1, 1], file);
    assert.ok(pool.exhausted > 0, file);
  }
});

test("a program of one task whose pool slot's call yields and is polled again at the site at once: counted in the pool high-water mark, the slot free after", async () => {
  const run = await runProgram(new URL('./call-site/pool-solo-reader.ts', import.meta.url));
  assert.equal(run.faults, []);
  assert.is(run.serial, '45\n');
  const a = run.report.adapters[0];
  assert.equal([a.calls, a.scratch, a.pool, a.refused], [10, 0, 10, 0]);
  assert.equal(run.report.tasks.map((t) => t.poolFallbacks), [10]);
  const pool = run.report.pool!;
  assert.equal([pool.slots, pool.free, pool.highWater, pool.exhausted], [1, 1, 1, 0]);
});

test('calls placed on the side stack, in a cached box, by their call site: counted as dynOpen counts them, the place given back each time', async () => {
  // Per adapter: calls, refused, largest frame, side stack, reuses, allocations. Recycling and
  // CallerCachedBox allocate their box at the first call (dynOpen), then reuse it; one Recycling
  // for two callers: a call while the other holds its box takes a box of its own.
  const expected: [string, number[]][] = [
    ['stack-reader', [10, 0, 2, 10, 0, 0]], ['stack-shared-reader', [20, 0, 2, 20, 0, 0]],
    ['recycled-reader', [10, 0, 2, 0, 9, 1]], ['recycled-shared-reader', [20, 0, 2, 0, 9, 11]],
    ['cached-reader', [10, 0, 2, 0, 9, 1]], ['cached-shared-reader', [20, 0, 2, 0, 18, 2]],
  ];
  for (const [file, figures] of expected) {
    const run = await runProgram(new URL('./call-site/' + file + '.ts', import.meta.url));
    assert.equal(run.faults, [], file);
    assert.is(run.serial, '45\n45\n', file);
    for (const a of run.report.adapters) assert.equal([a.calls, a.refused, a.largestFrame, a.sideStack, a.reuses, a.allocations], figures, file + ' ' + a.label);
    if (file.startsWith('stack')) for (const t of run.report.tasks) assert.ok(t.sideStack!.high > 0, 'the side stack high-water mark of ' + t.name + ': ' + t.sideStack!.high);
  }
});

test("a cached box made for a smaller frame is not taken by a call site whose frame is larger: a new box is made", async () => {
  // Ticks: 0 + 1 + 2 + 3 + 4; Wide: a = 1..5, a + 2a + (2a + 3) + 5(2a + 3) = 15a + 18.
  const run = await runProgram(new URL('./call-site/recycled-two-sizes.ts', import.meta.url));
  assert.equal(run.faults, []);
  assert.is(run.serial, String(10 + 15 * 15 + 5 * 18) + '\n');
  assert.ok(run.report.adapters[0].allocations >= 2, 'the wide frame got a box of its own: ' + run.report.adapters[0].allocations);
});

test('calls placed in the frame Inline holds by their call site: counted as calls and reuses, the largest frame', async () => {
  const run = await runProgram(new URL('./call-site/held-reader.ts', import.meta.url));
  assert.equal(run.faults, []);
  assert.is(run.serial, '45\n');
  const a = run.report.adapters[0];
  assert.equal([a.calls, a.reuses, a.refused, a.allocations, a.largestFrame], [10, 10, 0, 0, 2]);
});

test.run();
