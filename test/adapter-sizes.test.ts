// frugal size per adapter and pool policy: for a program awaiting a lowered next() through each
// adapter (and ScratchOrPool under each pool-full policy), the need frugal size reports (the sizes
// the build gives when the config leaves them out) equals what the run used at its high-water
// marks: side-stack words and refs per task, scratch words and refs per task, and the largest
// frame placed in a pool slot.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadExample } from '../program/load-program.ts';
import { sizeExample } from '../program/size-program.ts';
import { startProgram } from '../compiler/program-sizes.ts';
import { SimBoard } from '../boards/sim/sim-board.ts';
import type { Vtable } from '../executor/abi.ts';
import type { Executor } from '../executor/executor.ts';
import type { Case, adapterSizes } from './sizes-corpus/adapters.ts';
import type { branchSizes } from './sizes-corpus/branches.ts';
import { formatSizeReport, sizeReportForFiles } from '../compiler/size-report.ts';

const FILE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'sizes-corpus', 'adapters.ts');
const BRANCHES = path.join(path.dirname(fileURLToPath(import.meta.url)), 'sizes-corpus', 'branches.ts');
const MS = 100;

interface Used {
  stackWords: number[];
  stackRefs: number[];
  scratchWords: number[];
  scratchRefs: number[];
  poolWords: number;
  poolRefs: number;
}

/** Counts what each placement takes, per task, on top of the executor's own high-water marks. */
function watch(ex: Executor, tasks: number): Used {
  const u: Used = { stackWords: [], stackRefs: [], scratchWords: [], scratchRefs: [], poolWords: 0, poolRefs: 0 };
  for (let t = 0; t < tasks; t++) {
    u.stackRefs.push(ex.tasks.stackRTop[t] - ex.tasks.refBase[t]);
    u.scratchRefs.push(0);
  }
  const push = ex.push;
  ex.push = function (vt: Vtable): number {
    const h = push.call(ex, vt);
    const t = ex.cur;
    u.stackRefs[t] = Math.max(u.stackRefs[t], ex.tasks.stackRTop[t] - ex.tasks.refBase[t]);
    return h;
  };
  const inScratch = ex.inScratch;
  ex.inScratch = function (vt: Vtable): number {
    const h = inScratch.call(ex, vt);
    if (h !== 0) u.scratchRefs[ex.cur] = Math.max(u.scratchRefs[ex.cur], vt.refs);
    return h;
  };
  const inSlot = ex.inSlot;
  ex.inSlot = function (vt: Vtable, s: number): number {
    u.poolWords = Math.max(u.poolWords, vt.words);
    u.poolRefs = Math.max(u.poolRefs, vt.refs);
    return inSlot.call(ex, vt, s);
  };
  return u;
}

const TO_POOL = { scratchWords: 0, scratchRefs: 0, poolSlots: 1 };

const CASES: Case[] = [
  { strategy: 'ScratchOrPool', policy: 'error', tasks: 1, sizes: {} },
  { strategy: 'ScratchOrPool', policy: 'error', tasks: 1, sizes: TO_POOL },
  { strategy: 'ScratchOrPool', policy: 'wait', tasks: 2, sizes: TO_POOL },
  { strategy: 'ScratchOrPool', policy: 'box', tasks: 2, sizes: TO_POOL },
  { strategy: 'SideStack', policy: 'error', tasks: 1, sizes: {} },
  { strategy: 'Inline', policy: 'error', tasks: 1, sizes: {} },
  { strategy: 'MaxSpace', policy: 'error', tasks: 1, sizes: {} },
  { strategy: 'Recycling', policy: 'error', tasks: 1, sizes: {} },
  { strategy: 'CallerCachedBox', policy: 'error', tasks: 1, sizes: {} },
  { strategy: 'Boxing', policy: 'error', tasks: 1, sizes: {} },
];

for (const c of CASES) {
  const label = c.strategy + (c.strategy === 'ScratchOrPool' ? ' (' + c.policy + (c.sizes === TO_POOL ? ', scratch 0, 1 pool slot' : '') + ')' : '');
  test('frugal size reports what the run uses: ' + label, async () => {
    const loaded = await loadExample(FILE);
    const program = loaded.example as typeof adapterSizes;
    program.use(c);
    const reported = await sizeExample(loaded, MS, 'puckjs');
    // Two tasks on one pool slot run it out on purpose: that is when 'wait' parks a call and 'box' boxes one.
    const warnings = reported.warnings.filter((w) => !(c.tasks === 2 && w.startsWith('run: the pool ran out')));
    assert.is(warnings.length, 0, warnings.join('\n'));

    const sim = new SimBoard();
    const { ex } = startProgram(program, sim, () => new SimBoard());
    const used = watch(ex, c.tasks);
    sim.run(ex, MS);
    assert.is(ex.faultCount, 0, ex.faults.map((f) => f.message).join('\n'));
    assert.is(reported.tasks.length, c.tasks);
    for (const t of reported.tasks) {
      assert.is(t.stackNeed, ex.tasks.stackHigh[t.id], 'side-stack words of ' + t.name);
      assert.is(t.stackRefsNeed, used.stackRefs[t.id], 'side-stack refs of ' + t.name);
      assert.is(t.scratchNeed, ex.tasks.scratchHigh[t.id], 'scratch words of ' + t.name);
      assert.is(t.scratchRefsNeed, used.scratchRefs[t.id], 'scratch refs of ' + t.name);
      // The sizes the task got are the need, except where the case gives them.
      if (c.sizes.scratchWords === undefined) assert.is(t.scratchWords, t.scratchNeed);
      assert.is(t.stackWords, t.stackNeed);
    }
    const poolWords = Math.max(...reported.tasks.map((t) => t.poolWordsNeed ?? 0));
    const poolRefs = Math.max(...reported.tasks.map((t) => t.poolRefsNeed ?? 0));
    assert.equal([poolWords, poolRefs], [used.poolWords, used.poolRefs], 'pool slot words and refs');
    assert.equal([reported.config.poolSlotWords, reported.config.poolSlotRefs], [poolWords, poolRefs]);
  });
}

test('a size the config gives below the need is refused, naming the task, the need and the fix', async () => {
  const loaded = await loadExample(FILE);
  const program = loaded.example as typeof adapterSizes;
  program.use({ strategy: 'SideStack', policy: 'error', tasks: 1, sizes: { sideStackWords: 6 } });
  const sized = await sizeExample(loaded, MS, 'puckjs');
  const need = sized.tasks[0].stackNeed as number;
  assert.is(sized.run, null, 'the build refuses it: nothing runs');
  assert.ok(need > 6);
  assert.throws(() => startProgram(program, new SimBoard(), () => new SimBoard()),
    (e: Error) => e.message.includes("task 'reader 0' (reader, test/sizes-corpus/adapters.ts:") &&
      e.message.includes('needs a side stack of ' + need + ' words') && e.message.includes("the config of 'adapter-sizes' gives 6 words") &&
      e.message.includes('fix: leave the size out (frugal computes it) or give at least ' + need + ' words'));
  // Scratch below the frame with no pool slot to fall back to: the call would fit nowhere.
  program.use({ strategy: 'ScratchOrPool', policy: 'error', tasks: 1, sizes: { scratchWords: 0, poolSlots: 0 } });
  assert.throws(() => startProgram(program, new SimBoard(), () => new SimBoard()),
    (e: Error) => /adapters\.ts:\d+:\d+: AsyncIterator\.next\(\) of ticker in task 'reader 0'.* fits neither its scratch \(0 words, computed refs\) nor a pool slot \(0 slots/.test(e.message) &&
      e.message.includes('fix: leave scratchWords/scratchRefs out of the config'));
  // Given at or above the need, a size is kept as given.
  program.use({ strategy: 'SideStack', policy: 'error', tasks: 1, sizes: { sideStackWords: need + 4 } });
  const { ex } = startProgram(program, new SimBoard(), () => new SimBoard());
  assert.is(ex.tasks.stackWords[0], need + 4);
});

test('two joined calls that each await twice: the need counts the frame each drops under the other\'s, and the run reaches it', async () => {
  const loaded = await loadExample(BRANCHES);
  const program = loaded.example as typeof branchSizes;
  program.use(false);
  const sim = new SimBoard();
  const { ex, tasks } = startProgram(program, sim, () => new SimBoard());
  sim.run(ex, MS);
  assert.is(ex.faultCount, 0, ex.faults.map((f) => f.message).join('\n'));
  // joinedSteps' frame (the two calls' frames embedded: 2 + 2 x 3 words) and header, the join (9
  // words and a header), then every frame both calls push: a sleep (2 words and a header) and a
  // yield (1 word and a header) each. Their deepest paths alone, a sleep each, would be 4 words less.
  const need = tasks[0].stack!.w;
  assert.is(need, 8 + 1 + 10 + 2 * (3 + 2));
  assert.is(ex.tasks.stackHigh[0], need, 'the run used all of it');
  assert.is(ex.tasks.stackWords[0], need);
});

test('two joined calls that await in a loop: the need is unbounded, and a build without sizes is refused naming the loop', async () => {
  const loaded = await loadExample(BRANCHES);
  const program = loaded.example as typeof branchSizes;
  program.use(true);
  assert.throws(() => startProgram(program, new SimBoard(), () => new SimBoard()),
    (e: Error) => e.message.includes("task 'loops' (joinedLoops, test/sizes-corpus/branches.ts:") && e.message.includes('side stack need is unbounded') &&
      e.message.includes('ticker (test/sizes-corpus/branches.ts:') && e.message.includes('awaits in a loop beside another call that awaits'));
  const report = sizeReportForFiles([BRANCHES]);
  const loops = report.functions.find((f) => f.name === 'joinedLoops')!;
  assert.equal([loops.stackWords, loops.recursive], [null, false]);
  assert.match(formatSizeReport(report), /joinedLoops .* unbounded \(loop\)/);
  // On the host the stack does grow every round: given a side stack, the run outgrows it.
  program.config = { ...program.config, sideStackWords: 64, sideStackRefs: 4 };
  const sim = new SimBoard();
  const { ex } = startProgram(program, sim, () => new SimBoard());
  sim.run(ex, MS);
  assert.is(ex.faultCount, 1);
  assert.match(ex.faults[0].message, /side stack overflow in task/, ex.faults[0].message);
});

test.run();
