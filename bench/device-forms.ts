// The await benchmark on the device form: bench/programs/dyn-await.ts built as a device bundle per
// adapter (ScratchOrPool also with a next() that may suspend, whose frame it places) and the yield
// program, run on V8 in Node (a vm context with the few Espruino globals the
// bundle touches) and, with --espruino, on Espruino's own interpreter next to the forms an Espruino
// user has without frugal: a Promise per step (new Promise, Promise.resolve), a direct callback, and
// a plain synchronous call (the floor). Every form sums 0..n-1, the checksum they must agree on.

import path from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import { buildDevice } from '../bundler/device-bundle.ts';
import { runOnEspruino } from '../bundler/espruino-run.ts';
import { findBoard } from '../boards/descriptors.ts';
import { importLowered } from '../compiler/node-build.ts';
import { Lowering } from '../compiler/lowering.ts';
import { createProgram } from '../compiler/ts-program.ts';
import { Boxing } from '../adapters/boxing.ts';
import { CallerCachedBox } from '../adapters/caller-cached-box.ts';
import { Inline } from '../adapters/inline.ts';
import { MaxSpace } from '../adapters/max-space.ts';
import { Recycling } from '../adapters/recycling.ts';
import { ScratchOrPool } from '../adapters/scratch-or-pool.ts';
import { SideStack } from '../adapters/side-stack.ts';
import type { Example } from '../program/example.ts';
import { IDLE_MS } from '../device/layout.ts';
import { inFunctionScope } from '../bundler/top-level.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const PROGRAM = path.join(ROOT, 'bench', 'programs', 'dyn-await.ts');

export interface DeviceProgram {
  /** Form label, e.g. 'ScratchOrPool (scratch)'. */
  label: string;
  /** Allocates per await by design (the boxing adapters): the 0-GC goal does not apply. */
  allocates: boolean;
  code: string;
  pins: string[];
  ports: string[];
}

/** Every adapter's program and the yield program, built for a Puck.js. */
export async function devicePrograms(): Promise<DeviceProgram[]> {
  const mod = await importLowered<typeof import('./programs/dyn-await.ts')>(PROGRAM);
  const lowering = new Lowering(createProgram([PROGRAM]));
  const board = findBoard('puckjs');
  // Scratch and slots sized for the counter's next() frame (host words: 1 state + 1 child, 1 ref).
  const scratch = { scratchWords: 4, scratchRefs: 2 };
  const slot = { scratchWords: 0, scratchRefs: 0, poolSlots: 1, poolSlotWords: 4, poolSlotRefs: 2 };
  const programs: [string, boolean, Example][] = [
    ['ScratchOrPool (scratch)', false, mod.nextProgram('ScratchOrPool', scratch, () => new ScratchOrPool(), 'ready')],
    ['ScratchOrPool (scratch, next may suspend)', false, mod.nextProgram('ScratchOrPool', scratch, () => new ScratchOrPool(), 'may suspend')],
    ['ScratchOrPool (scratch, next suspends)', false, mod.nextProgram('ScratchOrPool', scratch, () => new ScratchOrPool(), 'suspends')],
    ['ScratchOrPool (pool slot, next may suspend)', false, mod.nextProgram('ScratchOrPool', slot, () => new ScratchOrPool(), 'may suspend')],
    ['ScratchOrPool (pool slot, next suspends)', false, mod.nextProgram('ScratchOrPool', slot, () => new ScratchOrPool(), 'suspends')],
    ['SideStack', false, mod.nextProgram('SideStack', {}, () => new SideStack(), 'ready')],
    ['SideStack (next may suspend)', false, mod.nextProgram('SideStack', {}, () => new SideStack(), 'may suspend')],
    ['Inline', false, mod.nextProgram('Inline', {}, () => new Inline(), 'ready')],
    ['Inline (next may suspend)', false, mod.nextProgram('Inline', {}, () => new Inline(), 'may suspend')],
    ['MaxSpace', false, mod.nextProgram('MaxSpace', {}, () => new MaxSpace(4, 2), 'ready')],
    ['MaxSpace (next may suspend)', false, mod.nextProgram('MaxSpace', {}, () => new MaxSpace(4, 2), 'may suspend')],
    ['Recycling', false, mod.nextProgram('Recycling', {}, () => new Recycling(), 'ready')],
    ['Recycling (next may suspend)', false, mod.nextProgram('Recycling', {}, () => new Recycling(), 'may suspend')],
    ['CallerCachedBox', false, mod.nextProgram('CallerCachedBox', {}, () => new CallerCachedBox(), 'ready')],
    ['CallerCachedBox (next may suspend)', false, mod.nextProgram('CallerCachedBox', {}, () => new CallerCachedBox(), 'may suspend')],
    ['Boxing', true, mod.nextProgram('Boxing', {}, () => new Boxing(), 'ready')],
    ['Boxing (next may suspend)', true, mod.nextProgram('Boxing', {}, () => new Boxing(), 'may suspend')],
    ['await of a lowered call', false, mod.callProgram],
    ['yieldNow (suspends)', false, mod.yieldProgram],
  ];
  const out: DeviceProgram[] = [];
  for (const [label, allocates, example] of programs) {
    const b = await buildDevice(example, lowering, board);
    out.push({ label, allocates, code: b.code, pins: b.map.pins.slice(), ports: b.map.ports.slice() });
  }
  return out;
}

/** A device bundle loaded on V8: `round(n)` sends it a line and returns the sum it printed. */
export interface V8Device {
  round(n: number): number;
}

/** Loads a bundle into a fresh vm context with the Espruino globals it touches. */
export function loadOnV8(p: DeviceProgram): V8Device {
  let listener: ((data: string) => void) | null = null;
  let out = '';
  const serial = {
    setup(): void {},
    on(_ev: string, fn: (data: string) => void): void { listener = fn; },
    write(d: string | number): void { out += typeof d === 'number' ? String.fromCharCode(d) : d; },
  };
  // The run loop's interval: a program that suspends (yieldNow) gets its next run from it, so a
  // round runs it whenever it is due; a pending deadline is as good as due here (no waiting: this
  // measures the work, not the interval's floor).
  let interval: (() => void) | null = null;
  let due = false;
  const context: Record<string, unknown> = {
    getTime: () => performance.now() / 1000,
    // Espruino passes the interval's extra argument to each call (the run loop reads it).
    setInterval: (fn: (arg: unknown) => void, _ms: number, arg: unknown) => { interval = () => fn(arg); return 1; },
    changeInterval: (_id: number, ms: number) => { due = ms < IDLE_MS; },
    E: { on: () => {} },
    // The bundle leaves its memory in global.frugal for the host to read.
    global: {},
    console: { log: (s: string) => { out += s + '\n'; } },
    Math, Float64Array, Uint8Array, Int32Array, Error, String,
  };
  for (const port of p.ports) context[port] = serial;
  vm.createContext(context);
  vm.runInContext(inFunctionScope(p.code), context);
  return {
    round(n: number): number {
      out = '';
      listener!(n + '\n');
      while (due && out.indexOf('bench ') < 0) {
        due = false;
        interval!();
      }
      const m = /bench (\d+) /.exec(out);
      if (m === null) throw new Error(p.label + ': no result on V8: ' + out.slice(0, 300));
      return Number(m[1]);
    },
  };
}

/** An Espruino form: a label, ES5 source that prints `bench <sum> <us per await>` per round, and whether it is frugal's. */
export interface EspruinoForm {
  label: string;
  kind: 'native' | 'frugal' | 'floor';
  /** ES5 evaluated from Storage; it runs a round for every line `n` written to its serial port. */
  code: string;
  pins: string[];
  ports: string[];
}

// The forms an Espruino user writes without frugal, as ES5 run like a bundle: a round per line.
const HAND_WRITTEN: { label: string; kind: 'native' | 'floor'; round: string }[] = [
  {
    label: 'new Promise + .then', kind: 'native',
    round: 'var i = 0, sum = 0; function step(v) { sum += v; if (++i < n) new Promise(function (r) { r(i); }).then(step); else done(sum); }' +
      ' new Promise(function (r) { r(0); }).then(step);',
  },
  {
    label: 'Promise.resolve + .then', kind: 'native',
    round: 'var i = 0, sum = 0; function step(v) { sum += v; if (++i < n) Promise.resolve(i).then(step); else done(sum); } Promise.resolve(0).then(step);',
  },
  {
    label: 'direct callback', kind: 'native',
    round: 'var k = 0, sum = 0; function src(cb) { cb(k++); } function add(v) { sum += v; } for (var i = 0; i < n; i++) src(add); done(sum);',
  },
  {
    label: 'plain synchronous call (floor)', kind: 'floor',
    round: 'var k = 0, sum = 0; function src() { return k++; } for (var i = 0; i < n; i++) sum += src(); done(sum);',
  },
];

function handWritten(label: string, round: string): string {
  return '(function () { var buf = ""; Serial1.setup(9600); Serial1.on("data", function (d) { buf += d; var at = buf.indexOf("\\n"); if (at < 0) return;' +
    ' var n = Number(buf.slice(0, at)); buf = ""; var t0 = getTime();' +
    ' function done(sum) { Serial1.write("bench " + sum + " " + (getTime() - t0) * 1e6 / n + "\\n"); } ' + round + ' }); })();';
}

export function espruinoForms(programs: DeviceProgram[]): EspruinoForm[] {
  const forms: EspruinoForm[] = HAND_WRITTEN.map((h) => ({ label: h.label, kind: h.kind, code: handWritten(h.label, h.round), pins: [], ports: ['Serial1'] }));
  for (const p of programs) forms.push({ label: 'frugal ' + p.label, kind: 'frugal', code: p.code, pins: p.pins, ports: p.ports });
  return forms;
}

export interface EspruinoResult {
  label: string;
  kind: string;
  usPerAwait: number;
  /** usPerAwait / the new Promise + .then form's (set once every form ran). */
  ratioVsPromise: number;
  /** Blocks the form's program holds once loaded from Storage, as on a board. */
  blocks: number;
  checksum: number;
}

/** An interpreter and the words before it. */
export interface Interpreter {
  interpreter: string;
  prefix: string[];
}

/**
 * Runs a form: `rounds` rounds of n awaits with the code in RAM on `ram`, the best time per await;
 * its blocks with the code in Storage on `stored`.
 */
export async function runEspruinoForm(f: EspruinoForm, stored: Interpreter, ram: Interpreter, n: number, rounds: number): Promise<EspruinoResult> {
  const input: [number, string][] = [];
  for (let i = 0; i < rounds; i++) input.push([200 + i * ROUND_GAP_MS, n + '\n']);
  const run = await runOnEspruino(f.code, {
    interpreter: ram.interpreter, prefix: ram.prefix, pins: f.pins, ports: f.ports, input, warmMs: 200 + rounds * ROUND_GAP_MS, from: 'ram',
  });
  const times: number[] = [];
  let checksum = NaN;
  for (const m of run.output.matchAll(/bench (\d+) ([\d.e+-]+)/g)) {
    checksum = Number(m[1]);
    times.push(Number(m[2]));
  }
  if (times.length === 0 || run.errors.length > 0) {
    throw new Error(f.label + ' on Espruino printed no result: ' + (run.errors.join('; ') || run.output.slice(0, 300)));
  }
  // Blocks as a board holds the program: stored in Storage, code in flash (the timing run above
  // evaluates from RAM, whose code text would count).
  const inStorage = await runOnEspruino(f.code, { interpreter: stored.interpreter, prefix: stored.prefix, pins: f.pins, ports: f.ports, warmMs: 300 });
  return { label: f.label, kind: f.kind, usPerAwait: Math.min(...times), ratioVsPromise: NaN, blocks: inStorage.warm, checksum };
}

/** Wall time between two rounds on the interpreter: long enough for n awaits of the slowest form. */
const ROUND_GAP_MS = 1500;
