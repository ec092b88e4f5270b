// The device program's memory image and task dispatch, generated from a setup snapshot: the
// module that the device runtime imports as device/program.ts. It holds every offset as a
// constant (the memory map), the pins and serial ports the program named, pollTask/dropTask for
// the fixed task table, and init(), which writes the starting state: each task's frame with its
// arguments, the run queue with every task in spawn order, the channels' and sources' contents.
// Objects the arguments reach (shared records, buffers, class instances) are rebuilt as literals.

import path from 'node:path';
import ts from 'typescript';
import { Channel } from '../executor/channel.ts';
import { Signal } from '../executor/signal.ts';
import { Executor } from '../executor/executor.ts';
import { PinEdges } from '../boards/pin-edge.ts';
import { SerialLines } from '../boards/serial-lines.ts';
import { CheckHal } from '../boards/espruino/check-hal.ts';
import { serialBaud, serialPortNames } from '../boards/espruino/device-board.ts';
import type { Lowering, LoweredFunction } from '../compiler/lowering.ts';
import type { LoweredVtable } from '../compiler/lowered.ts';
import type { Snapshot } from './snapshot.ts';

/** What a device build knows about its program besides the code: for the host to decode faults and read telemetry. */
export interface DeviceMap {
  readonly tasks: readonly string[];
  readonly layout: { readonly [name: string]: number };
  readonly words: number;
}

export interface DeviceImage {
  /** Text of the generated device/program.ts: the memory map (imports nothing). */
  readonly program: string;
  /** Text of the generated device/tasks.ts: task dispatch and the starting state. */
  readonly tasks: string;
  readonly map: DeviceMap;
}

const DEVICE = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', 'device');
const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

// Descriptor sizes of the device runtime's sources (device/channel.ts, signal.ts, pin-edge.ts, serial-lines.ts).
const CHANNEL_WORDS = 13;
const SIGNAL_WORDS = 5;
const PIN_EDGES_WORDS = 7;
const SERIAL_LINES_WORDS = 10;

class ImageBuilder {
  words = 0;
  /** R[0] is the reference result register. */
  refs = 1;
  readonly layout: { [name: string]: number } = {};
  readonly init: string[] = [];
  readonly hoisted: string[] = [];
  readonly imports = new Map<string, Set<string>>();
  /** Every waiter set in W: the backstop unlinks an ended task's futures from each. */
  readonly sets: number[] = [];
  private readonly seen = new Map<unknown, string>();
  private readonly uses = new Map<unknown, number>();
  private hoistCount = 0;

  constructor(readonly snap: Snapshot, readonly lowering: Lowering) {}

  alloc(name: string | null, n: number): number {
    const at = this.words;
    if (name !== null) this.layout[name] = at;
    this.words += n;
    return at;
  }

  allocRefs(n: number): number {
    const at = this.refs;
    this.refs += n;
    return at;
  }

  use(file: string, name: string): string {
    const set = this.imports.get(file) ?? new Set<string>();
    set.add(name);
    this.imports.set(file, set);
    return name;
  }

  /** Counts how often each object is reached, so that one reached twice is built once and shared. */
  count(v: unknown): void {
    if (v === null || typeof v !== 'object') return;
    const n = this.uses.get(v) ?? 0;
    this.uses.set(v, n + 1);
    if (n > 0 || isRuntimeObject(v) || ArrayBuffer.isView(v)) return;
    if (Array.isArray(v)) for (const x of v) this.count(x);
    else for (const k of Object.keys(v)) this.count((v as Record<string, unknown>)[k]);
  }

  /** Device code for a reference value: a literal, a shared variable, or a runtime source's index in W. */
  value(v: unknown, where: string): string {
    if (v === undefined) return 'void 0';
    if (v === null) return 'null';
    if (typeof v === 'number') return numberText(v);
    if (typeof v === 'boolean' || typeof v === 'string') return JSON.stringify(v);
    if (typeof v === 'function') {
      const vt = v as unknown as LoweredVtable;
      throw new Error(where + ' holds a function (' + (vt.name || 'anonymous') + '); a device build moves data, not closures, from setup to the board: pass data and call the function from task code');
    }
    const known = this.seen.get(v);
    if (known !== undefined) return known;
    let text: string;
    if (v instanceof CheckHal) text = '0';
    else if (v instanceof Executor) throw new Error(where + ' holds the executor; device code reaches the executor only through frugal\'s primitives');
    else if (v instanceof Channel) text = String(this.channel(v));
    else if (v instanceof Signal) text = String(this.signal(v));
    else if (v instanceof PinEdges) text = String(this.pinEdges(v));
    else if (v instanceof SerialLines) text = String(this.serialLines(v));
    else text = this.object(v as object, where);
    this.seen.set(v, text);
    return text;
  }

  private object(v: object, where: string): string {
    let text: string;
    if (ArrayBuffer.isView(v)) {
      text = typedArrayText(v as unknown as TypedArray);
    } else if (Array.isArray(v)) {
      text = '[' + v.map((x, i) => this.value(x, where + '[' + i + ']')).join(', ') + ']';
    } else {
      const proto = Object.getPrototypeOf(v);
      const keys = Object.keys(v);
      if (proto === Object.prototype || proto === null) {
        text = '{ ' + keys.map((k) => propName(k) + ': ' + this.value((v as Record<string, unknown>)[k], where + '.' + k)).join(', ') + ' }';
      } else {
        const cls = this.classOf(proto.constructor as { name: string }, where);
        const name = '$o' + this.hoistCount++;
        this.hoisted.push('var ' + name + ' = Object.create(' + cls + '.prototype);');
        this.seen.set(v, name);
        for (const k of keys) this.init.push(name + '.' + k + ' = ' + this.value((v as Record<string, unknown>)[k], where + '.' + k) + ';');
        return name;
      }
    }
    if ((this.uses.get(v) ?? 0) > 1) {
      const name = '$o' + this.hoistCount++;
      this.hoisted.push('var ' + name + ' = ' + text + ';');
      return name;
    }
    return text;
  }

  /** The module exporting a class of the program, by the name its constructor carries. */
  private classOf(ctor: { name: string }, where: string): string {
    const name = ctor.name;
    for (const sf of this.lowering.program.getSourceFiles()) {
      if (sf.isDeclarationFile || sf.fileName.indexOf('/node_modules/') >= 0) continue;
      for (const st of sf.statements) {
        if (ts.isClassDeclaration(st) && st.name !== undefined && st.name.text === name) {
          const exported = ts.getModifiers(st)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword) === true;
          if (!exported) throw new Error(where + ' is a ' + name + ' (' + sf.fileName + '), which that module does not export; export the class so the device bundle can rebuild the object');
          return this.use(sf.fileName, name);
        }
      }
    }
    throw new Error(where + " is an object of class '" + name + "', which is not declared in the program; use a plain object or a class of the program");
  }

  private channel(ch: Channel): number {
    const c = this.alloc(null, CHANNEL_WORDS);
    const cap = ch.capacity;
    const ring = ch.holdsRefs ? this.allocRefs(cap) : this.alloc(null, cap);
    const st = ch.st;
    this.setWords(c, [st[0], st[1], st[2], st[3], cap, ring, ch.holdsRefs ? 1 : 0]);
    this.sets.push(c + 7, c + 10);
    for (let i = 0; i < cap; i++) {
      if (ch.holdsRefs) {
        if (ch.refs[i] !== undefined) this.init.push('R[' + (ring + i) + '] = ' + this.value(ch.refs[i], 'a channel item') + ';');
      } else if (ch.nums[i] !== 0) {
        this.init.push('W[' + (ring + i) + '] = ' + numberText(ch.nums[i]) + ';');
      }
    }
    return c;
  }

  private signal(s: Signal): number {
    const at = this.alloc(null, SIGNAL_WORDS);
    this.setWords(at, [s.st[0], s.st[1]]);
    this.sets.push(at + 2);
    return at;
  }

  private pinEdges(p: PinEdges): number {
    const hal = this.snap.hal;
    const at = this.alloc(null, PIN_EDGES_WORDS);
    this.setWords(at, [p.counts[0], p.counts[1], p.st[0], p.st[1]]);
    this.sets.push(at + 4);
    const name = hal.used[p.pin];
    const debounce = hal.debounce[hal.watched.indexOf(name)];
    this.init.push(this.use(path.join(DEVICE, 'pin-edge.ts'), 'watchPin') + '(' + at + ', ' + p.pin + ', ' + debounce + ');');
    return at;
  }

  private serialLines(l: SerialLines): number {
    const at = this.alloc(null, SERIAL_LINES_WORDS);
    const ring = this.allocRefs(1);
    const st = l.st;
    this.setWords(at, [st[0], st[1], st[2], st[3], st[4], l.ring.length, ring]);
    this.sets.push(at + 7);
    this.init.push('R[' + ring + '] = ' + typedArrayText(l.ring as unknown as TypedArray) + ';');
    this.init.push(this.use(path.join(DEVICE, 'serial-lines.ts'), 'listenSerial') + '(' + at + ', ' + l.port + ', ' + serialBaud(this.snap.board) + ');');
    return at;
  }

  setWords(at: number, values: readonly number[]): void {
    values.forEach((v, i) => {
      if (v !== 0) this.init.push('W[' + (at + i) + '] = ' + numberText(v) + ';');
    });
  }
}

function isRuntimeObject(v: object): boolean {
  return v instanceof CheckHal || v instanceof Executor || v instanceof Channel || v instanceof Signal || v instanceof PinEdges || v instanceof SerialLines;
}

type TypedArray = { length: number; [i: number]: number; constructor: { name: string } };

function typedArrayText(a: TypedArray): string {
  const kind = a.constructor.name;
  let nonzero = false;
  for (let i = 0; i < a.length; i++) if (a[i] !== 0) nonzero = true;
  if (!nonzero) return 'new ' + kind + '(' + a.length + ')';
  const items: string[] = [];
  for (let i = 0; i < a.length; i++) items.push(numberText(a[i]));
  return 'new ' + kind + '([' + items.join(', ') + '])';
}

function numberText(n: number): string {
  if (n !== n) return 'NaN';
  if (n === Infinity) return 'Infinity';
  if (n === -Infinity) return '-Infinity';
  return String(n);
}

function propName(k: string): string {
  return IDENT.test(k) ? k : JSON.stringify(k);
}

function importPath(from: string, to: string): string {
  let rel = path.relative(path.dirname(from), to).split(path.sep).join('/');
  if (!rel.startsWith('.')) rel = './' + rel;
  return rel;
}

/** The device lowering of the function a host vtable was built from (matched by file and line). */
function deviceFunction(lowering: Lowering, vt: LoweredVtable): LoweredFunction {
  const at = vt.source.lastIndexOf(':');
  const file = vt.source.slice(0, at);
  const line = Number(vt.source.slice(at + 1));
  const sf = lowering.program.getSourceFile(file);
  if (sf !== undefined) {
    for (const d of lowering.asyncDecls(sf)) {
      const fn = lowering.lowerFunction(d);
      if (fn.line === line) return fn;
    }
  }
  throw new Error("task entry '" + vt.name + "' (" + vt.source + ') is not in the device build\'s program');
}

/**
 * The generated device/program.ts and device/tasks.ts for a snapshot; `tasksFile` is where the
 * latter's imports are relative to. `timers`: entries in the timer table.
 */
export function deviceImage(snap: Snapshot, lowering: Lowering, tasksFile: string, timers: number): DeviceImage {
  const b = new ImageBuilder(snap, lowering);
  const H = ['NOW', 'WHICH'];
  for (const h of H) b.alloc(h, 1);
  b.alloc('RN', 8);
  for (const h of ['CUR', 'RBASE', 'RUNNING', 'AGAIN', 'INTERVAL', 'T0', 'POLLS', 'ENDED', 'FAULTS']) b.alloc(h, 1);
  const n = snap.spawns.length;
  if (n === 0) throw new Error("example '" + snap.example.name + "' spawns no task in setup: there is nothing to run on the device");
  b.layout.TASKS = n;
  for (const t of ['T_STATE', 'T_POLLS', 'T_WAKES', 'T_BASE', 'T_RBASE', 'Q_RING']) b.alloc(t, n);
  for (const q of ['Q_HEAD', 'Q_LEN', 'Q_HIGH']) b.alloc(q, 1);
  b.alloc('Q_FLAG', n);
  b.layout.TIMERS = timers;
  b.alloc('TM', 4 * timers);
  for (const q of ['TM_SEQ', 'TM_USED', 'TM_HIGH']) b.alloc(q, 1);
  const L = b.layout;
  b.init.push('W[' + L.CUR + '] = -1;');
  for (let i = 0; i < timers; i++) b.init.push('W[' + (L.TM + 4 * i) + '] = -1;');

  // Tasks: every one live and queued in spawn order, each spawn counted as a wake.
  const fns: LoweredFunction[] = [];
  snap.spawns.forEach((s) => {
    for (const r of s.refs) b.count(r);
  });
  snap.spawns.forEach((s, t) => {
    const fn = deviceFunction(lowering, s.vtable);
    fns.push(fn);
    const base = b.alloc(null, fn.words);
    const rbase = b.allocRefs(fn.refs);
    b.setWords(L.T_BASE + t, [base]);
    b.setWords(L.T_RBASE + t, [rbase]);
    b.setWords(L.T_STATE + t, [1]);
    b.setWords(L.T_WAKES + t, [1]);
    b.setWords(L.Q_RING + t, [t]);
    b.setWords(L.Q_FLAG + t, [1]);
    const slots = fn.device!.paramSlots;
    let k = 0;
    let rk = 0;
    if (fn.sig.isMethod) b.init.push('R[' + (rbase) + '] = ' + b.value(s.refs[rk++], "task '" + s.name + "' self") + ';');
    fn.sig.params.forEach((p, i) => {
      if (p.kind === 'num') {
        const v = s.numbers[k++];
        if (v !== 0) b.init.push('W[' + (base + slots[i]) + '] = ' + numberText(v) + ';');
      } else {
        const text = b.value(s.refs[rk++], "task '" + s.name + "' argument '" + p.name + "'");
        if (text !== 'void 0') b.init.push('R[' + (rbase + slots[i]) + '] = ' + text + ';');
      }
    });
  });
  b.setWords(L.Q_LEN, [n]);
  b.setWords(L.Q_HIGH, [n]);
  b.layout.WORDS = b.words;

  // pollTask / dropTask: one call per distinct entry function.
  const groups = new Map<LoweredFunction, number[]>();
  fns.forEach((fn, t) => {
    const g = groups.get(fn) ?? [];
    g.push(t);
    groups.set(fn, g);
  });
  const call = (fn: LoweredFunction, name: string): string => {
    const ref = b.use(fn.file, name);
    return ref + '(W, W[' + L.T_BASE + ' + t]' + (fn.refs > 0 ? ', R, W[' + L.T_RBASE + ' + t]' : '') + ')';
  };
  const which = (tasks: number[]): string => tasks.map((t) => 't === ' + t).join(' || ');
  const entries = Array.from(groups.entries());
  const pollLines = entries.map(([fn, tasks], i) =>
    (i < entries.length - 1 ? 'if (' + which(tasks) + ') ' : '') + 'return ' + call(fn, fn.device!.poll) + ';');
  // A fault leaves timers, waiter entries and pool slots to the backstop; a drop is needed only
  // where a frame has finally blocks to run.
  const dropping = entries.filter(([fn]) => fn.device!.dropMatters);
  const dropLines = dropping.map(([fn, tasks]) =>
    (dropping.length < entries.length || dropping.length > 1 ? 'if (' + which(tasks) + ') ' : '') + call(fn, fn.device!.drop!) + ';');
  const releaseLines = b.sets.map((s) => b.use(path.join(DEVICE, 'waiters.ts'), 'unparkTask') + '(' + s + ', t);');

  const exportsText = Object.keys(b.layout).map((k) => 'export const ' + k + ' = ' + b.layout[k] + ';').join('\n');
  const hal = snap.hal;
  for (const p of hal.used) {
    if (!IDENT.test(p)) throw new Error("board '" + snap.board.id + "': pin '" + p + "' is not an Espruino global the bundle can name");
  }
  const ports = serialPortNames(snap.board);
  let highest = -1;
  for (const p of hal.serialUsed) if (p > highest) highest = p;
  const imports: string[] = [];
  b.imports.forEach((names, file) => {
    imports.push('import { ' + Array.from(names).sort().join(', ') + ' } from ' + JSON.stringify(importPath(tasksFile, file)) + ';');
  });
  const program = [
    '// Generated by frugal for ' + snap.example.name + ' on ' + snap.board.name + ': the memory map.',
    exportsText,
    'export const W = new Float64Array(' + b.words + ');',
    'export const R = [];',
    'export const PINS = [' + hal.used.join(', ') + '];',
    'export const PORTS = [' + ports.slice(0, highest + 1).join(', ') + '];',
    '',
  ].join('\n');
  const tasks = [
    '// Generated by frugal for ' + snap.example.name + ' on ' + snap.board.name + ': the task table and the starting state.',
    'import { R, W } from ' + JSON.stringify(importPath(tasksFile, path.join(DEVICE, 'program.ts'))) + ';',
    ...imports,
    ...b.hoisted,
    'export function pollTask(t) {',
    ...pollLines.map((l) => '  ' + l),
    '}',
    'export function dropTask(t) {',
    ...dropLines.map((l) => '  ' + l),
    '}',
    'export function releaseTask(t) {',
    ...releaseLines.map((l) => '  ' + l),
    '}',
    'export function init() {',
    ...b.init.map((l) => '  ' + l),
    '}',
    '',
  ].join('\n');
  return { program, tasks, map: { tasks: snap.spawns.map((s) => s.name), layout: b.layout, words: b.words } };
}
