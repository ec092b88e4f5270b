import { test } from 'uvu';
import * as assert from 'uvu/assert';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { VTABLES } from '../executor/abi.ts';
import '../primitives/sleep.ts';
import '../primitives/yield.ts';
import '../primitives/channel.ts';
import '../primitives/signal.ts';
import '../primitives/join.ts';
import '../primitives/select.ts';
import '../boards/pin-edge.ts';
import '../boards/serial-lines.ts';
import { PRIMITIVES } from '../compiler/primitives.ts';
import { Lowering } from '../compiler/lowering.ts';
import { lowerFile } from '../compiler/lower-file.ts';
import { createProgram } from '../compiler/ts-program.ts';
import { formatSizeReport, sizeReport, sizeReportForFiles, type FunctionReport } from '../compiler/size-report.ts';
import { runLowered } from './compiler-corpus/harness.ts';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const DIR = path.join(HERE, 'compiler-corpus');
const FILES = ['basics', 'channels', 'dyn'].map((n) => path.join(DIR, n + '.ts'));
const lowering = new Lowering(createProgram(FILES));
for (const f of FILES) lowerFile(lowering, f);

function fn(name: string): FunctionReport {
  const r = sizeReport(lowering).functions.find((x) => x.name === name);
  assert.ok(r !== undefined, name);
  return r!;
}

test("the compiler's frame sizes of the primitives are the executor's", () => {
  for (const p of Object.values(PRIMITIVES)) {
    for (const f of p.pushes) {
      const vt = VTABLES.find((v) => v.name === f.name);
      assert.ok(vt !== undefined, f.name);
      assert.equal({ words: f.words, refs: f.refs }, { words: vt!.words, refs: vt!.refs }, f.name);
    }
  }
});

test('frame sizes: state + child + one word per numeric local across an await + embedded callees', () => {
  // countdown(n): [state, child, n, total, i]
  assert.equal([fn('countdown').words, fn('countdown').refs], [5, 0]);
  // fib recurses through the side stack: no callee frame inside its own
  assert.equal([fn('fib').words, fn('fib').refs], [4, 0]);
  assert.is(fn('fib').stackWords, null);
  assert.ok(fn('fib').recursive);
  // Counter.next: [state, child], refs [self]
  assert.equal([fn('Counter.next').words, fn('Counter.next').refs], [2, 1]);
  // doWhile embeds firstOver (5 words): [state, child, n, i, acc, $t] + 5
  assert.is(fn('doWhile').words, 6 + fn('firstOver').words);
  assert.equal(fn('doWhile').callees, ['firstOver']);
});

test('side stack per task entry: its frame, a header, and the deepest await path', () => {
  // countdown awaits sleep (2 words + header): 5 + 1 + 3
  assert.is(fn('countdown').stackWords, 9);
  assert.is(fn('main').stackWords, null, 'main reaches fib');
  assert.ok(fn('main').root);
  assert.not.ok(fn('countdown').root, 'countdown is awaited by main');
});

test('static side-stack sizes bound what the tasks really used', async () => {
  const run = await runLowered(path.join(DIR, 'channels.ts'), 1000, lowering);
  const entries: { [task: string]: string } = {
    producer: 'producer', consumer: 'consumer', watcher: 'watcher', listener: 'listener', joiner: 'joiner', feeder: 'feeder', refs: 'refs',
  };
  for (let t = 0; t < run.ex.tasks.capacity; t++) {
    const entry = entries[run.ex.tasks.name[t]];
    if (entry === undefined) continue;
    const used = run.ex.tasks.stackHigh[t];
    const need = fn(entry).stackWords!;
    assert.ok(used > 0 && used <= need, entry + ': used ' + used + ' of a static need of ' + need);
  }
});

test('dyn call sites: the largest known implementation is the recommended scratch; escaping calls are marked', () => {
  const sum = fn('sumAll').dynSites;
  assert.is(sum.length, 1);
  assert.equal({ iface: sum[0].iface, words: sum[0].scratchWords, refs: sum[0].scratchRefs, escaping: sum[0].escaping, impls: sum[0].implementations },
    { iface: 'AsyncIterator', words: 2, refs: 1, escaping: false, impls: ['Counter.next'] });
  const stored = fn('stored').dynSites;
  assert.equal(stored.map((d) => d.escaping), [true, true]);
});

test('frugal size: configured sizes smaller than needed are warned about, by name and amount', () => {
  const r = sizeReportForFiles([path.join(DIR, 'dyn.ts')], { sideStackWords: 6, sideStackRefs: 4, scratchWords: 1, scratchRefs: 1 }, lowering);
  const text = formatSizeReport(r);
  assert.match(text, /sumAll\s+3w 1r\s+7w 1r/);
  assert.match(text, /configured: side stack 6w 4r, scratch 1w 1r/);
  assert.ok(r.warnings.some((w) => w === "task 'sumAll' needs a side stack of 7 words and 1 refs, configured 6 words and 4 refs: spawn it with { sideStack: 7, sideStackRefs: 4 }"), r.warnings.join('\n'));
  assert.ok(r.warnings.some((w) => /dyn\.ts:\d+:\d+: AsyncIterator\.next\(\) in task 'sumAll' needs 2 words and 1 refs of scratch \(Counter\.next\), configured 1 and 1: calls fall back to the pool/.test(w)), r.warnings.join('\n'));
  const ok = sizeReportForFiles([path.join(DIR, 'dyn.ts')], { sideStackWords: 64, sideStackRefs: 8, scratchWords: 8, scratchRefs: 2 }, lowering);
  assert.equal(ok.warnings, []);
  assert.match(formatSizeReport(ok), /ok: every configured size covers the static need/);
  assert.equal(JSON.parse(JSON.stringify(ok)).functions.length, ok.functions.length, 'the report is plain data');
});

test.run();
