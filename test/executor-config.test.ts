import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Executor } from '../executor/executor.ts';
import { isFrugalError } from '../executor/errors.ts';
import { footprint } from '../executor/telemetry.ts';

function configError(opts: object): { budget: string; message: string } {
  try {
    new Executor(opts);
  } catch (e) {
    assert.ok(isFrugalError(e, 'config'), 'a config error: ' + String(e));
    return { budget: (e as { budget: string }).budget, message: (e as Error).message };
  }
  throw new Error('no error for ' + JSON.stringify(opts));
}

test('negative sizes are refused with the option named', () => {
  const e = configError({ scratchWords: -4 });
  assert.is(e.budget, 'scratchWords');
  assert.match(e.message, 'scratchWords must be at least 0, got -4');
});

test('fractional sizes are refused with the nearest whole numbers offered', () => {
  assert.match(configError({ poolSlotWords: 12.5 }).message, 'poolSlotWords must be a whole number, got 12.5; use 12 or 13');
});

test('zero where zero is meaningless', () => {
  assert.match(configError({ maxTasks: 0 }).message, 'maxTasks must be at least 1, got 0; 0 would leave nothing to run');
  assert.match(configError({ sideStackWords: 0 }).message, 'sideStackWords must be at least 1');
  assert.match(configError({ timerCapacity: 0 }).message, 'timerCapacity must be at least 1');
});

test('zero scratch and an empty pool are legitimate budgets', () => {
  const ex = new Executor({ scratchWords: 0, poolSlots: 0 });
  assert.is(ex.pool.slots, 0);
});

test('absurd sizes and non-numbers', () => {
  assert.match(configError({ maxTasks: 100000 }).message, 'maxTasks = 100000 is beyond any board (limit 255)');
  assert.match(configError({ sideStackWords: 'big' }).message, "sideStackWords must be a number, got the string 'big'");
  assert.match(configError({ poolSlots: NaN }).message, 'poolSlots must be a number, got NaN');
  assert.match(configError({ maxTasks: 255, sideStackWords: 100000 }).message, 'words (');
});

test('unknown options and inconsistent budgets', () => {
  const e = configError({ maxTask: 4 });
  assert.match(e.message, "unknown option 'maxTask' (did you mean 'maxTasks'?)");
  assert.match(configError({ maxTasks: 8, runQueueCapacity: 4 }).message, 'set runQueueCapacity >= 8');
  assert.match(configError({ poolFullPolicy: 'grow' }).message, "poolFullPolicy must be 'error', 'wait' or 'box', got the string 'grow'");
});

test('the footprint is every typed array plus the reference slots, fixed at creation', () => {
  const ex = new Executor({ maxTasks: 4, sideStackWords: 32, scratchWords: 8, poolSlots: 2, poolSlotWords: 16 });
  const fp = footprint(ex);
  // Frame memory alone: 4 x (32 + 8) + 2 x 16 words of 8 bytes.
  assert.ok(fp.typedBytes >= (4 * 40 + 32) * 8);
  assert.is(ex.w.length, 4 * 40 + 32);
  assert.is(fp.bytes, fp.typedBytes + fp.refSlots * 16);
  const bigger = footprint(new Executor({ maxTasks: 8, sideStackWords: 32, scratchWords: 8, poolSlots: 2, poolSlotWords: 16 }));
  assert.ok(bigger.bytes > fp.bytes);
});

test.run();
