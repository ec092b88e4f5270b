import { test } from 'uvu';
import * as assert from 'uvu/assert';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Lowering } from '../compiler/lowering.ts';
import { createProgram } from '../compiler/ts-program.ts';
import { importLowered } from '../compiler/node-build.ts';
import { spawnTask } from '../tasks/lowered.ts';
import { Executor } from '../executor/executor.ts';
import { runLowered, runNative } from './compiler-corpus/harness.ts';

// The same source, run natively (real Promises on a virtual clock) and lowered (poll state machines
// on the executor and the simulated board), must leave the same trace.

const HERE = path.dirname(fileURLToPath(import.meta.url));
const CORPUS = ['basics', 'cleanup', 'channels', 'dyn', 'pools'].map((n) => path.join(HERE, 'compiler-corpus', n + '.ts'));
const lowering = new Lowering(createProgram(CORPUS));
const MS = 1000;

async function both(file: string): Promise<{ native: string[]; lowered: string[]; leaked: number; framesInUse: number }> {
  const native = await runNative(file, MS);
  const run = await runLowered(file, MS, lowering);
  return { native: native, lowered: run.lines, leaked: run.ex.leakedFrames, framesInUse: run.ex.frames.inUse };
}

function has(lines: string[], line: string): void {
  assert.ok(lines.indexOf(line) >= 0, 'trace has "' + line + '":\n' + lines.join('\n'));
}

test('basics: loops, labelled break/continue, early return, switch, nested and recursive calls', async () => {
  const r = await both(CORPUS[0]);
  assert.equal(r.lowered, r.native);
  has(r.native, '40 main: fib 13');
  has(r.native, '50 main: grid 6');
  has(r.native, '65 main: describe 3 many:2');
  has(r.native, '85 main: both 51');
  assert.is(r.leaked, 0);
  assert.is(r.framesInUse, 0);
});

test('cleanup: try/catch/finally around awaits, exceptions across calls, cancellation runs finally blocks', async () => {
  const r = await both(CORPUS[1]);
  assert.equal(r.lowered, r.native);
  const at = r.native.indexOf('60 nested: cancel');
  assert.ok(at >= 0);
  assert.equal(r.native.slice(at, at + 3), ['60 nested: cancel', '60 nested: middle finally', '60 nested: outer finally']);
  has(r.native, '20 guarded: g cleanup');
  has(r.native, '1 outer: outer fin x=3');
  has(r.native, '8 outer: outer caught too big: 7');
  has(r.native, '12 outer: fault: boom at the end');
  assert.is(r.leaked, 0);
  assert.is(r.framesInUse, 0);
});

test('pools: spawn into a pool (a third BUSY), waitTask, a slot\'s next task, cancel by handle running the finally block', async () => {
  const r = await both(CORPUS[4]);
  assert.equal(r.lowered, r.native);
  has(r.native, '0 boss: third busy');
  has(r.native, '20 boss: c has a handle of its own');
  assert.equal(r.native.filter((l) => /^50 /.test(l)), ['50 boss: b over: stopped', '50 job[1]: job 2 cleanup']);
  has(r.native, '75 boss: boss done');
  assert.is(r.leaked, 0);
  assert.is(r.framesInUse, 0);
});

test('channels: number and reference channels, signals, select/timeout, join, stored futures', async () => {
  const r = await both(CORPUS[2]);
  assert.equal(r.lowered, r.native);
  has(r.native, '23 consumer: sum 55');
  has(r.native, '25 listener: listener 700');
  has(r.native, '105 joiner: joined 5 42');
  has(r.native, '142 watcher: in time 0 8');
  assert.is(r.leaked, 0);
  assert.is(r.framesInUse, 0);
});

test('dyn: an async method as an AsyncIterator implementation, through every adapter; escaping calls', async () => {
  const r = await both(CORPUS[3]);
  assert.equal(r.lowered, r.native);
  for (const a of ['ScratchOrPool', 'SideStack', 'Inline', 'Recycling', 'MaxSpace', 'CallerCachedBox', 'Boxing']) {
    assert.ok(r.native.some((l) => l.endsWith('sum ' + a + ': total 60')), a);
  }
  has(r.native, '5 stored: raced 0 20');
  assert.is(r.leaked, 0);
  assert.is(r.framesInUse, 0);
});

test('escape analysis: a stored or passed-on dyn future goes to the pool, one awaited at once to scratch', async () => {
  const run = await runLowered(CORPUS[3], MS, lowering);
  const ts = run.ex.tasks;
  const slot = (name: string): number => {
    for (let t = 0; t < ts.capacity; t++) if (ts.name[t] === name) return t;
    throw new Error('no task ' + name);
  };
  const awaited = slot('sum ScratchOrPool');
  assert.ok(ts.scratchHits[awaited] > 0, 'awaited at once: scratch');
  assert.is(ts.poolFallbacks[awaited], 0);
  const stored = slot('stored');
  assert.is(ts.scratchHits[stored], 0, 'stored and raced: never scratch');
  assert.is(ts.poolFallbacks[stored], 2, 'both escaping calls took a pool slot');
});

test('fromPromise: the explicit bridge boxes one frame and wakes the task when the Promise settles', async () => {
  const file = path.join(HERE, 'compiler-corpus', 'bridge.ts');
  const mod = await importLowered<typeof import('./compiler-corpus/bridge.ts')>(file);
  const ex = new Executor();
  let result = -1;
  ex.onExit = (x, t) => { result = x.tasks.result[t]; };
  let resolve: (v: number) => void = () => {};
  spawnTask(ex, mod.bridged, [new Promise<number>((r) => { resolve = r; }), 2]);
  ex.runUntilIdle();
  assert.is(ex.liveTasks(), 1, 'waiting for the Promise');
  resolve(20);
  await new Promise((r) => setImmediate(r));
  ex.runUntilIdle();
  assert.is(result, 40);
  assert.is(ex.boxedFrames, 1, 'one box, counted');
  assert.is(ex.frames.inUse, 0);
});

test('a recursion deeper than the side stack is a clear runtime fault, not a crash', async () => {
  const run = await runLowered(CORPUS[0], MS, lowering, { maxTasks: 2, sideStackWords: 40, sideStackRefs: 16, maxFrames: 64 });
  const fault = run.lines.find((l) => l.indexOf('fault:') >= 0);
  assert.ok(fault !== undefined, run.lines.join('\n'));
  assert.match(fault!, /side stack overflow in task 0 \('main'\): future 'fib' needs 5 words/);
  assert.match(fault!, /frugal size tells the need/);
  assert.is(run.ex.frames.inUse, 0);
});

test.run();
