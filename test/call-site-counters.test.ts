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

test('calls placed in the pool slot by their call site, or parked for it by dynOpen: each counted once, as a call, a pool fallback and in the pool high-water mark; the slot comes back ready or not', async () => {
  const run = await runProgram(new URL('./call-site/pool-reader.ts', import.meta.url));
  assert.equal(run.faults, []);
  assert.is(run.serial, '45\n45\n');
  for (const a of run.report.adapters) {
    assert.equal([a.calls, a.scratch, a.pool, a.refused, a.largestFrame], [10, 0, 10, 0, 2], a.label);
    assert.ok(a.waits > 0, a.label + ' parked for the slot the other held: ' + a.waits);
  }
  assert.equal(run.report.tasks.map((t) => t.poolFallbacks), [10, 10]);
  const pool = run.report.pool!;
  assert.equal([pool.slots, pool.slotWords, pool.free, pool.highWater], [1, 2, 1, 1]);
  assert.ok(pool.exhausted > 0);
});

test('calls placed on the side stack, in a cached box, by their call site: counted as dynOpen counts them, the place given back each time', async () => {
  for (const [file, label] of [['stack-reader', 'SideStack'], ['recycled-reader', 'Recycling'], ['cached-reader', 'CallerCachedBox']]) {
    const run = await runProgram(new URL('./call-site/' + file + '.ts', import.meta.url));
    assert.equal(run.faults, [], label);
    assert.is(run.serial, '45\n45\n', label);
    // Recycling and CallerCachedBox allocate their box at the first call (dynOpen), then reuse it.
    const placed = label === 'SideStack' ? [10, 0, 0] : [0, 9, 1];
    for (const a of run.report.adapters) {
      assert.equal([a.calls, a.refused, a.largestFrame, a.sideStack, a.reuses, a.allocations], [10, 0, 2, ...placed], label + ' ' + a.label);
    }
    if (label === 'SideStack') for (const t of run.report.tasks) assert.ok(t.sideStack!.high > 0, 'the side stack high-water mark of ' + t.name + ': ' + t.sideStack!.high);
  }
});

test.run();
