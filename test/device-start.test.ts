// The device's start form (compiler/device-start.ts): a function that may suspend gets its first
// poll as straight code when state 0 reaches a return or a suspend without going round a loop, and
// the call site that places the callee's frame itself calls it. What it must keep: the same sums
// through every place the call site uses (scratch, pool slot, held frame, side stack, cached box), ready or suspending, and
// no start form where the first poll goes round a loop or may place a frame of another function.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';
import { Lowering } from '../compiler/lowering.ts';
import { createProgram } from '../compiler/ts-program.ts';
import { devicePrograms, loadOnV8, type DeviceProgram } from '../bench/device-forms.ts';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');

/** The device lowering of every async function and method in `source`, by name (a method's as Class.method, as its signature names it). */
function lowered(source: string): Map<string, { start: string | null; spec: string }> {
  const dir = mkdtempSync(path.join(ROOT, 'test', '.tmp-start-'));
  try {
    const file = path.join(dir, 'm.ts');
    writeFileSync(file, source);
    const l = new Lowering(createProgram([file]), 'device');
    const sf = l.program.getSourceFile(file)!;
    const out = new Map<string, { start: string | null; spec: string }>();
    for (const d of l.asyncDecls(sf)) {
      const fn = l.lowerFunction(d);
      const name = fn.name;
      out.set(name, { start: fn.device!.start, spec: fn.spec });
    }
    return out;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const API = "import { yieldNow, sleep, recv, type Channel } from '" + path.join(ROOT, 'tasks', 'task-api.ts') + "';\n";

test('a gate, a while loop that suspends, a sleep first: each first poll is straight code, with no dispatch', () => {
  const fns = lowered(API + [
    'export class Gate { readonly st = new Float64Array(2);',
    '  async next(): Promise<[number, number]> { if (this.st[1] !== 0) await yieldNow(); return [this.st[0]++, 0]; } }',
    'export async function until(st: Float64Array): Promise<number> { while (st[0] === 0) await yieldNow(); return st[0]; }',
    'export async function later(ms: number): Promise<number> { await sleep(ms); return ms; }',
    'export async function take(ch: Channel<number>): Promise<number> { const v = await recv(ch); return v + 1; }',
  ].join('\n'));
  assert.equal([...fns.keys()].sort(), ['Gate.next', 'later', 'take', 'until']);
  for (const name of ['Gate.next', 'until', 'later', 'take']) {
    const start = fns.get(name)!.start;
    assert.ok(start !== null, name + ' has a start form');
    const text = fns.get(name)!.spec.slice(fns.get(name)!.spec.indexOf('function ' + start));
    const body = text.slice(0, text.indexOf('\n}\n'));
    assert.not.match(body, /\bswitch\b|\bcontinue\b/, name + ': ' + body);
    assert.match(body, /return 0;/, name + ' suspends from its start form');
  }
});

test('no start form where the first poll goes round a loop, holds a try, or opens a callee or a dyn call', () => {
  const fns = lowered(API + [
    'export async function round(st: Float64Array): Promise<number> { let n = 0; for (let i = 0; i < 3; i++) { if (st[i] !== 0) await yieldNow(); n += i; } return n; }',
    'export async function tried(st: Float64Array): Promise<number> { try { await yieldNow(); } catch (e) { st[0] = 1; } return st[0]; }',
    'export async function inner(ms: number): Promise<number> { await sleep(ms); return 1; }',
    'export async function outer(ms: number): Promise<number> { return (await inner(ms)) + 1; }',
  ].join('\n'));
  assert.is(fns.get('round')!.start, null, 'goes round its loop before its first suspend');
  assert.is(fns.get('tried')!.start, null, 'a try');
  assert.ok(fns.get('inner')!.start !== null);
  assert.is(fns.get('outer')!.start, null, 'its first poll opens a callee in its frame');
});

/** The sum the bench program prints for a round of n awaits. */
function roundSum(p: DeviceProgram, n: number): number {
  return loadOnV8(p).round(n);
}

test('the call site calls the start form: a next() ready, or suspending at every call, sums the same through scratch, a pool slot, a held frame, the side stack and a cached box', async () => {
  const programs = await devicePrograms();
  const wanted = ['ScratchOrPool (scratch, next may suspend)', 'ScratchOrPool (scratch, next suspends)', 'ScratchOrPool (pool slot, next may suspend)',
    'ScratchOrPool (pool slot, next suspends)', 'Inline (next may suspend)', 'MaxSpace (next may suspend)', 'SideStack (next may suspend)',
    'Recycling (next may suspend)', 'CallerCachedBox (next may suspend)'];
  for (const label of wanted) {
    const p = programs.find((x) => x.label === label)!;
    assert.ok(p !== undefined, label);
    assert.is(roundSum(p, 100), 4950, label);
    // Twice on one load: the place a suspending call took went back at its end.
    const dev = loadOnV8(p);
    assert.equal([dev.round(10), dev.round(20)], [45, 190], label);
  }
});

test.run();
