// Random programs on the device form at the host's scale (issue 22 item 2). A program is data run by
// task code compiled once per shape (test/device-fuzz/interp.ts, program.ts): each shape is built
// once as `frugal build` builds it, with placeholder data; a program's bundle is that bundle with the
// placeholder's literal replaced by the program's data, byte for byte the bundle a build with that
// data writes (checked by test/device-fuzz.test.ts). It runs on a fresh model of a Puck.js's
// Espruino (simulator/v8-engine.ts), and on the host executor over the host lowering of the same
// program (the reference); both must print the same lines at the same board times, faults
// included (each decoded to the task, the phase and the error: the user's text, or the host's
// code for the device's own).

import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { importLowered } from '../../compiler/node-build.ts';
import { Lowering } from '../../compiler/lowering.ts';
import { createProgram } from '../../compiler/ts-program.ts';
import { sizeFrom, startProgram } from '../../compiler/program-sizes.ts';
import { buildDevice } from '../../bundler/device-bundle.ts';
import type { DeviceMap } from '../../bundler/device-image.ts';
import { deviceReport } from '../../program/device-report.ts';
import { parse, tokenizer } from 'acorn';
import type { AnyNode } from 'acorn';
import { children } from '../../bundler/es5-ast.ts';
import { findBoard, type BoardDescriptor } from '../../boards/descriptors.ts';
import { serialPortNames } from '../../boards/espruino/serial-ports.ts';
import { SimBoard } from '../../boards/sim/sim-board.ts';
import { createV8Engine } from '../../simulator/v8-engine.ts';
import { isFrugalError } from '../../executor/errors.ts';
import {
  M_DEVICE_FITS_NOWHERE, M_DEVICE_HELD_BUSY, M_DEVICE_POOL_EXHAUSTED, M_DEVICE_STACK_OVERFLOW, M_HELD_BUSY, M_POOL_EXHAUSTED, M_POOL_FITS_NOWHERE,
  M_SIDE_STACK_OVERFLOW, M_TASK_STOPPED,
} from '../../contract/fault-codes.ts';
import type { Example } from '../../program/example.ts';
import type { ExecutorOptions } from '../../executor/config.ts';
import * as I from '../device-fuzz/interp.ts';
import type * as P from '../device-fuzz/program.ts';
import { inFunctionScope } from '../../bundler/top-level.ts';

const FILE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'device-fuzz', 'program.ts');
const BOARD = 'puckjs';

type ProgramModule = typeof P;

/** One operation: [op, a, b, c] as interp.ts reads it (a loop's target is an index into its task's list here). */
export type Op = [op: number, a: number, b: number, c: number];

export interface FuzzProgram {
  tasks: Op[][];
  /** Per dyn object: [ms each call sleeps, the call that throws (0 none), the call from which it is done (0 never)]. */
  impls: [number, number, number][];
  /** Times BTN1 changes level (alternately 1 and 0). */
  edges: number[];
  lines: { at: number; text: string }[];
}

// The device's own fault codes and the host's for the same fault.
const HOST_CODE: { [device: number]: number } = {
  [M_DEVICE_POOL_EXHAUSTED]: M_POOL_EXHAUSTED, [M_DEVICE_FITS_NOWHERE]: M_POOL_FITS_NOWHERE, [M_DEVICE_HELD_BUSY]: M_HELD_BUSY,
  [M_DEVICE_STACK_OVERFLOW]: M_SIDE_STACK_OVERFLOW,
};

let loaded: { mod: ProgramModule; lowering: Lowering } | null = null;

async function load(): Promise<{ mod: ProgramModule; lowering: Lowering }> {
  if (loaded === null) {
    // One program and lowering for the host build and the device builds: a second would type-check the sources again.
    const lowering = new Lowering(createProgram([FILE]));
    loaded = { mod: await importLowered<ProgramModule>(FILE, lowering), lowering };
  }
  return loaded;
}

/** A shape built once: its bundle with placeholder data, and where that data's literal is. */
export interface PreparedShape {
  readonly shape: P.Shape;
  readonly mod: ProgramModule;
  readonly lowering: Lowering;
  readonly board: BoardDescriptor;
  /** The bundle with its data literal replaced by DATA_GLOBAL (see prepareShape). */
  readonly code: string;
  /** The data literal of the placeholder build. */
  readonly literal: string;
  /** The executor config the build computed from the shape (the same for all data): given whole to the host run, so it sizes nothing again. */
  readonly config: ExecutorOptions;
  /** Where the device keeps each table and counter in W (the same for every program of the shape): the budget report reads it. */
  readonly map: DeviceMap;
}

/**
 * The name the shape's bundle reads its data from. Every program of a shape then loads the same
 * source, which V8 compiles once per process (its compilation cache), instead of 15 ms of parsing a
 * bundle per program; the data is put in the context, as the same literal, just before the load.
 */
export const DATA_GLOBAL = '__fuzzData';

/** Placeholder data: an END at the start of every task, nothing else. */
function placeholder(mod: ProgramModule): Float64Array {
  const p = new Float64Array(mod.CODE_WORDS);
  for (let t = 0; t < mod.MAX_TASKS; t++) p[t * mod.TASK_WORDS] = I.OP_END;
  return p;
}

/** The data's literal as the minified bundle spells it: whole numbers 0..999 are written as they are. */
export function dataLiteral(data: Float64Array): string {
  return 'new Float64Array([' + Array.from(data).join(',') + '])';
}

export function exampleOf(prep: { mod: ProgramModule; lowering: Lowering; shape: P.Shape }, data: Float64Array, inputs: P.Inputs, config?: ExecutorOptions): Example {
  const e = prep.mod.makeExample(config === undefined ? prep.shape : { ...prep.shape, config }, data, inputs);
  sizeFrom(e, prep.lowering);
  return e;
}

export async function prepareShape(shape: P.Shape): Promise<PreparedShape> {
  const { mod, lowering } = await load();
  const board = findBoard(BOARD);
  const ph = placeholder(mod);
  const example = exampleOf({ mod, lowering, shape }, ph, { edges: [], lines: [] });
  const build = await buildDevice(example, lowering, board);
  const literal = dataLiteral(ph);
  const at = build.code.indexOf(literal);
  if (at < 0 || build.code.indexOf(literal, at + 1) >= 0) throw new Error('shape ' + shape.name + ': the data literal is not in the bundle exactly once');
  const { config } = startProgram(exampleOf({ mod, lowering, shape }, ph.slice(), { edges: [], lines: [] }), new SimBoard(), () => new SimBoard());
  return { shape, mod, lowering, board, code: build.code.replace(literal, DATA_GLOBAL), literal, config, map: build.map };
}

/** The program's data, as Env.code holds it. */
export function encode(mod: ProgramModule, prog: FuzzProgram): Float64Array {
  const d = new Float64Array(mod.CODE_WORDS);
  prog.tasks.forEach((ops, t) => {
    const base = t * mod.TASK_WORDS;
    const list = ops.slice(0, mod.TASK_OPS - 1);
    list.forEach((o, i) => {
      const at = base + 4 * i;
      d[at] = o[0];
      d[at + 1] = o[1];
      d[at + 2] = o[2];
      d[at + 3] = o[3];
      // A loop jumps back to an operation of its own task, and starts with all its rounds left.
      if (o[0] === I.OP_LOOP) {
        d[at + 1] = base + 4 * Math.min(o[1], i);
        d[at + 3] = o[2];
      }
    });
    d[base + 4 * list.length] = I.OP_END;
  });
  prog.impls.forEach((im, i) => {
    const at = mod.IMPL_BASE + mod.IMPL_WORDS * i;
    d[at] = im[0];
    d[at + 1] = im[1];
    d[at + 2] = im[2];
  });
  return d;
}

export function inputsOf(prog: FuzzProgram): P.Inputs {
  const edges = prog.edges.slice().sort((a, b) => a - b).map((at, i) => ({ at, value: (i + 1) % 2 }));
  return { edges, lines: prog.lines.slice() };
}

/** Fault lines as both runs compare them: task, phase, and the user's text or the host's code. */
function normalize(output: string): string[] {
  const out: string[] = [];
  const re = new RegExp('^frugal!E' + M_TASK_STOPPED + ',(\\d+),(\\d) (.*)$');
  for (const line of output.split('\n')) {
    const m = re.exec(line);
    if (m === null) {
      out.push(line);
      continue;
    }
    const inner = /^frugal!E(\d+)/.exec(m[3]);
    const code = inner === null ? -1 : Number(inner[1]);
    out.push('fault ' + m[1] + ' ' + (m[2] === '1' ? 'drop' : 'poll') + ' ' + (inner === null ? m[3] : 'E' + (HOST_CODE[code] ?? code)));
  }
  return out;
}

export interface Compared {
  host: string[];
  device: string[];
  /** Exceptions that escaped every task on the device (Uncaught ...). */
  uncaught: string[];
}

/** Runs one program on the host executor and as the shape's bundle on the model; the lines of each. */
export function runBoth(prep: PreparedShape, prog: FuzzProgram): Compared {
  const data = encode(prep.mod, prog);
  const inputs = inputsOf(prog);
  const ms = prep.shape.runMs;

  // The reference: host lowering, host executor, the simulated board; a fault prints where the device prints its line.
  const example = exampleOf(prep, data.slice(), inputs, prep.config);
  const sim = new SimBoard();
  const { ex } = startProgram(example, sim, () => new SimBoard(), {
    beforeSetup: (e) => {
      e.onFault = (_ex, f) => {
        const err = f.error;
        sim.serialPrint(0, 'frugal!E' + M_TASK_STOPPED + ',' + f.task + ',' + (f.phase === 'drop' ? 1 : 0) + ' ' +
          (isFrugalError(err) ? 'frugal!E' + err.code : err instanceof Error ? err.message : String(err)) + '\n');
      };
    },
  });
  example.simulate(sim);
  sim.run(ex, ms);

  // The device: the bundle with this program's data, on a fresh model of the board.
  // A program is bounded (every loop of its operations runs out), so a long wall time is a hang in the runtime.
  const engine = createV8Engine(prep.board, { wallTimeoutMs: 5000 });
  engine.evaluate('var ' + DATA_GLOBAL + ' = ' + dataLiteral(data));
  engine.load(inFunctionScope(prep.code));
  for (const e of inputs.edges) engine.edge('BTN1', e.at, e.value);
  // One byte per 0.1 ms, as the simulated board's serialInput delivers them.
  const port = serialPortNames(prep.board)[0];
  let busy = 0;
  for (const l of inputs.lines) {
    const start = Math.max(l.at, busy);
    for (let i = 0; i < l.text.length; i++) engine.serial(port, Math.round((start + i * 0.1) * 1000) / 1000, l.text.charAt(i));
    busy = start + l.text.length * 0.1;
  }
  engine.run(ms);
  const W = engine.evaluate('frugal') as Float64Array;
  const tasks = deviceReport(prep.map, W).tasks;
  const host = normalize(sim.output());
  const device = normalize(engine.output());
  // Where each task's dyn calls went, as both count them: a placement that differs but prints the same still differs here.
  for (let t = 0; t < prep.shape.entries.length; t++) {
    host.push('task ' + t + ': scratch hits ' + ex.tasks.scratchHits[t] + ', pool fallbacks ' + ex.tasks.poolFallbacks[t] + ', polls ' + ex.tasks.polls[t]);
    device.push('task ' + t + ': scratch hits ' + (tasks[t].scratch?.hits ?? 0) + ', pool fallbacks ' + tasks[t].poolFallbacks + ', polls ' + tasks[t].polls);
  }
  return { host, device, uncaught: engine.errors() };
}

// ---- generating programs --------------------------------------------------------------------

const small = fc.integer({ min: 0, max: 30 });

/** Random programs for a shape: operations whose channels, signals and dyn objects exist in it. */
export function programArb(shape: P.Shape): fc.Arbitrary<FuzzProgram> {
  const nch = shape.channels.length;
  const nd = shape.dyns.length;
  const ch = fc.nat({ max: nch - 1 });
  const sig = fc.nat({ max: 1 });
  const v = fc.integer({ min: 0, max: 99 });
  const op = (k: number, a: fc.Arbitrary<number>, b: fc.Arbitrary<number>, c: fc.Arbitrary<number>): fc.Arbitrary<Op> =>
    fc.tuple(fc.constant(k), a, b, c);
  const z = fc.constant(0);
  const ops: fc.WeightedArbitrary<Op>[] = [
    { weight: 6, arbitrary: op(I.OP_SLEEP, small, z, z) },
    { weight: 2, arbitrary: op(I.OP_YIELD, z, z, z) },
    { weight: 4, arbitrary: op(I.OP_SEND, ch, v, z) },
    { weight: 4, arbitrary: op(I.OP_RECV, ch, z, z) },
    { weight: 2, arbitrary: op(I.OP_TRY_SEND, ch, v, z) },
    { weight: 3, arbitrary: op(I.OP_SET, sig, v, z) },
    { weight: 3, arbitrary: op(I.OP_WAIT, sig, z, z) },
    { weight: 1, arbitrary: op(I.OP_EDGE, fc.nat({ max: 2 }), z, z) },
    { weight: 1, arbitrary: op(I.OP_LINE, z, z, z) },
    { weight: 3, arbitrary: op(I.OP_TIMEOUT_GUARDED, small, small, z) },
    { weight: 2, arbitrary: op(I.OP_TIMEOUT_RECV, small, ch, z) },
    { weight: 2, arbitrary: op(I.OP_TIMEOUT_WAIT, small, sig, z) },
    { weight: 2, arbitrary: op(I.OP_SELECT_RECV_SLEEP, ch, small, z) },
    { weight: 2, arbitrary: op(I.OP_SELECT_WAIT_SLEEP, sig, small, z) },
    { weight: 2, arbitrary: op(I.OP_SELECT_YIELD_SLEEP, fc.integer({ min: 0, max: 3 }), z, z) },
    { weight: 2, arbitrary: op(I.OP_JOIN_SLEEPS, small, small, z) },
    { weight: 2, arbitrary: op(I.OP_JOIN_RECV_SEND, ch, ch, v) },
    { weight: 1, arbitrary: op(I.OP_JOIN_WAIT_FAIL, sig, small, z) },
    { weight: 1, arbitrary: op(I.OP_THROW, z, z, z) },
    { weight: 2, arbitrary: op(I.OP_LOOP, fc.nat({ max: 15 }), fc.integer({ min: 1, max: 3 }), z) },
    { weight: 2, arbitrary: op(I.OP_ADD, fc.integer({ min: 1, max: 9 }), z, z) },
    { weight: 2, arbitrary: op(I.OP_CALL, small, z, z) },
    { weight: 1, arbitrary: op(I.OP_SELECT_EDGE_SLEEP, fc.nat({ max: 2 }), small, z) },
    { weight: 1, arbitrary: op(I.OP_SELECT_LINE_SLEEP, small, z, z) },
    { weight: 1, arbitrary: op(I.OP_END, z, z, z) },
    { weight: 1, arbitrary: op(I.OP_HOT_COLD, fc.integer({ min: 0, max: 3 }), z, z) },
  ];
  if (nd > 0) {
    const d = fc.nat({ max: nd - 1 });
    ops.push(
      { weight: 1, arbitrary: op(I.OP_PEEK, d, z, z) },
      { weight: 5, arbitrary: op(I.OP_DYN, d, z, z) },
      { weight: 2, arbitrary: op(I.OP_TIMEOUT_DYN, small, d, z) },
      { weight: 2, arbitrary: op(I.OP_SELECT_DYN_RECV, d, ch, z) },
      { weight: 2, arbitrary: op(I.OP_JOIN_DYN_SLEEP, d, small, z) },
      { weight: 1, arbitrary: op(I.OP_SELECT_DYNS, d, d, z) },
      { weight: 1, arbitrary: op(I.OP_JOIN_DYNS, d, d, z) },
    );
  }
  const task = fc.array(fc.oneof(...ops), { maxLength: 15 });
  const n = shape.entries.length;
  return fc.record({
    tasks: fc.array(task, { minLength: n, maxLength: n }),
    impls: fc.array(fc.tuple(fc.integer({ min: 0, max: 12 }), fc.oneof({ weight: 4, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.integer({ min: 1, max: 4 }) }),
      fc.oneof({ weight: 4, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.integer({ min: 1, max: 4 }) })), { minLength: nd, maxLength: nd }),
    // Two level changes of one pin at the same instant are no input a board gets (and the two runtimes order them apart).
    edges: fc.uniqueArray(fc.integer({ min: 0, max: shape.runMs }), { maxLength: 6 }),
    lines: fc.array(fc.record({ at: fc.integer({ min: 0, max: shape.runMs }), text: fc.constantFrom('a\n', 'bc\n', 'x', 'hello\n') }), { maxLength: 3 }),
  });
}

/** Why one program's runs differ, or '' when the host and the device printed the same lines. */
export function difference(c: Compared): string {
  if (c.uncaught.length > 0) return 'the device threw past every task: ' + c.uncaught.join('; ');
  const n = Math.max(c.host.length, c.device.length);
  for (let i = 0; i < n; i++) {
    if (c.host[i] !== c.device[i]) {
      return 'line ' + (i + 1) + ': host ' + JSON.stringify(c.host[i] ?? '(no line)') + ', device ' + JSON.stringify(c.device[i] ?? '(no line)') +
        '\n  host:\n    ' + c.host.join('\n    ') + '\n  device:\n    ' + c.device.join('\n    ');
    }
  }
  return '';
}

/** The property of one shape: each random program prints the same lines, at the same board times, on both. */
export function shapeProperty(prep: PreparedShape): fc.IPropertyWithHooks<[FuzzProgram]> {
  return fc.property(programArb(prep.shape), (prog) => {
    const why = difference(runBoth(prep, prog));
    if (why !== '') throw new Error('shape ' + prep.shape.name + ', ' + why);
  });
}

/**
 * The bundle's tokens with every name the bundle declares (variables, functions, parameters)
 * numbered by where it first appears: two bundles that differ only in the names the minifier
 * chose read the same. esbuild names by how often each character occurs in the whole text, the
 * data literal's digits included, so a shape's bundle and a build with the program's data may
 * spell their names differently; the board's globals they name must still be the same.
 */
export function namesNumbered(code: string): string[] {
  const declared = new Set<string>();
  const visit = (n: AnyNode): void => {
    if (n.type === 'VariableDeclarator' && n.id.type === 'Identifier') declared.add(n.id.name);
    if ((n.type === 'FunctionDeclaration' || n.type === 'FunctionExpression') && n.id) declared.add(n.id.name);
    if (n.type === 'FunctionDeclaration' || n.type === 'FunctionExpression') for (const p of n.params) if (p.type === 'Identifier') declared.add(p.name);
    if (n.type === 'CatchClause' && n.param?.type === 'Identifier') declared.add(n.param.name);
    for (const [child] of children(n)) visit(child);
  };
  visit(parse(code, { ecmaVersion: 5, sourceType: 'script' }) as AnyNode);
  const numbers = new Map<string, string>();
  const out: string[] = [];
  for (const t of tokenizer(code, { ecmaVersion: 5 })) {
    const text = code.slice(t.start, t.end);
    if (t.type.label === 'name' && declared.has(text)) {
      if (!numbers.has(text)) numbers.set(text, '#' + numbers.size);
      out.push(numbers.get(text)!);
    } else {
      out.push(text);
    }
  }
  return out;
}
