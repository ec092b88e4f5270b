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
import { Dyn } from '../adapters/dyn.ts';
import type { Adapter } from '../adapters/adapter.ts';
import { serialBaud, serialPortNames } from '../boards/espruino/serial-ports.ts';
import { otherPackage, type AsyncDecl, type DynPlan, type Lowering, type LoweredFunction } from '../compiler/lowering.ts';
import type { LoweredVtable } from '../compiler/lowered.ts';
import { reachableDyns } from '../compiler/reachable-dyns.ts';
import type { Snapshot } from './snapshot.ts';
import {
  ADAPTER_WORDS, CH_RECEIVERS, CH_SENDERS, CHANNEL_WORDS, DYN_METHOD_WORDS, DYN_METHODS, K_BOXING, K_CALLER_CACHED, K_HELD, K_RECYCLING,
  K_SCRATCH_OR_POOL, K_SIDE_STACK, PIN_EDGES_WORDS, POLICY_BOX, POLICY_ERROR, POLICY_WAIT, SERIAL_LINES_WORDS, SIGNAL_WORDS, SL_READERS,
} from '../device/layout.ts';

/** What a device build knows about its program besides the code: for the host to decode faults and read telemetry. */
export interface DeviceMap {
  readonly example: string;
  readonly board: string;
  /** Task names by task number, as faults and the budget report name them. */
  readonly tasks: readonly string[];
  /** The device's futures by id (device/codes.ts F_*), and the strings its faults name by index (adapter labels). */
  readonly futures: readonly string[];
  readonly strings: readonly string[];
  /** Adapters by their index in W: strategy and label. */
  readonly adapters: readonly { readonly at: number; readonly strategy: string; readonly label: string }[];
  /** Pin globals by pin number, serial objects by port number. */
  readonly pins: readonly string[];
  readonly ports: readonly string[];
  /** The memory map: every named offset and size in W. */
  readonly layout: { readonly [name: string]: number };
  readonly words: number;
}

/** What the starting state holds besides W, for the cost estimate (bundler/device-cost.ts). */
export interface ImageObjects {
  /** Reference slots written at start. */
  readonly refSlots: number;
  /** Typed arrays rebuilt (buffers, rings) and their bytes. */
  readonly typedArrays: number;
  readonly typedBytes: number;
  /** Plain objects and arrays rebuilt, and their keys and elements. */
  readonly objects: number;
  readonly keys: number;
  /** Pins and serial ports named. */
  readonly pins: number;
  readonly ports: number;
}

export interface DeviceImage {
  readonly objects: ImageObjects;
  /** Text of the generated device/program.ts: the memory map (imports nothing). */
  readonly program: string;
  /** Text of the generated device/tasks.ts: task dispatch and the starting state. */
  readonly tasks: string;
  readonly map: DeviceMap;
}

const DEVICE = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', 'device');
const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** The device runtime's futures by id (device/codes.ts F_*), for the name map. */
const DEVICE_FUTURES = ['sleep'];

const KIND: { [strategy: string]: number } = {
  ScratchOrPool: K_SCRATCH_OR_POOL, SideStack: K_SIDE_STACK, Inline: K_HELD, MaxSpace: K_HELD, Recycling: K_RECYCLING,
  CallerCachedBox: K_CALLER_CACHED, Boxing: K_BOXING,
};
const POLICY: { [policy: string]: number } = { error: POLICY_ERROR, wait: POLICY_WAIT, box: POLICY_BOX };

/** One method of a dyn object's implementation: its device function and its frame on both builds. */
interface DynMethod {
  readonly fn: LoweredFunction;
  readonly hostWords: number;
  readonly hostRefs: number;
}

class ImageBuilder {
  words = 0;
  /**
   * R[0] is the reference result register; R[1..] hold a dyn call's reference arguments until the
   * callee's frame is placed (device/dyn.ts), so no frame may start there.
   */
  refs: number;
  readonly layout: { [name: string]: number } = {};
  readonly init: string[] = [];
  readonly hoisted: string[] = [];
  readonly imports = new Map<string, Set<string>>();
  /** Every waiter set in W: the backstop unlinks an ended task's futures from each. */
  readonly sets: number[] = [];
  /** The dyn objects' implementations, in the order dynPoll dispatches them. */
  readonly impls: LoweredFunction[] = [];
  /** Adapters by descriptor index, with the device frames they place and the kind. */
  readonly adapters = new Map<Adapter, { at: number; kind: number; methods: DynMethod[] }>();
  readonly dyns: { at: number; methods: DynMethod[]; adapter: Adapter }[] = [];
  readonly counts = { typedArrays: 0, typedBytes: 0, objects: 0, keys: 0 };
  /** Strings the device's faults name by index (the name map's strings). */
  readonly strings: string[] = [];
  private readonly seen = new Map<unknown, string>();
  private readonly uses = new Map<unknown, number>();
  private hoistCount = 0;

  constructor(readonly snap: Snapshot, readonly lowering: Lowering) {
    this.refs = 1 + dynRefArguments(lowering);
  }

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
    else if (v instanceof Dyn) text = String(this.dyn(v, where));
    else text = this.object(v as object, where);
    this.seen.set(v, text);
    return text;
  }

  private object(v: object, where: string): string {
    let text: string;
    if (ArrayBuffer.isView(v)) {
      text = typedArrayText(v as unknown as TypedArray);
      this.counts.typedArrays++;
      this.counts.typedBytes += (v as ArrayBufferView).byteLength;
    } else if (Array.isArray(v)) {
      text = '[' + v.map((x, i) => this.value(x, where + '[' + i + ']')).join(', ') + ']';
      this.counts.objects++;
      this.counts.keys += v.length;
    } else {
      const proto = Object.getPrototypeOf(v);
      const keys = Object.keys(v);
      this.counts.objects++;
      this.counts.keys += keys.length;
      if (proto === Object.prototype || proto === null) {
        text = '{ ' + keys.map((k) => propName(k) + ': ' + this.value((v as Record<string, unknown>)[k], where + '.' + k)).join(', ') + ' }';
      } else {
        const cls = this.classOf(proto, where);
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

  /** The module exporting a class of the program: where the host build says it is declared, else by its name. */
  private classOf(proto: { constructor: { name: string }; __frugalSource?: string }, where: string): string {
    const file = proto.__frugalSource;
    for (const sf of this.lowering.program.getSourceFiles()) {
      if (sf.isDeclarationFile || otherPackage(sf) || file !== undefined && sf.fileName !== file) continue;
      for (const st of sf.statements) {
        if (!ts.isClassDeclaration(st) || st.name === undefined) continue;
        // Tagged by the host build: the class of that file with these methods. Untagged: by name.
        if (file !== undefined ? !sameClass(st, proto) : st.name.text !== proto.constructor.name) continue;
        const name = st.name.text;
        const exported = ts.getModifiers(st)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword) === true;
        if (!exported) throw new Error(where + ' is a ' + name + ' (' + sf.fileName + '), which that module does not export; export the class so the device bundle can rebuild the object');
        return this.use(sf.fileName, name);
      }
    }
    throw new Error(where + " is an object of class '" + proto.constructor.name + "', which is not declared in the program; use a plain object or a class of the program");
  }

  private channel(ch: Channel): number {
    const c = this.alloc(null, CHANNEL_WORDS);
    const cap = ch.capacity;
    const ring = ch.holdsRefs ? this.allocRefs(cap) : this.alloc(null, cap);
    const st = ch.st;
    this.setWords(c, [st[0], st[1], st[2], st[3], cap, ring, ch.holdsRefs ? 1 : 0]);
    this.sets.push(c + CH_RECEIVERS, c + CH_SENDERS);
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
    this.sets.push(at + SL_READERS);
    this.init.push('R[' + ring + '] = ' + typedArrayText(l.ring as unknown as TypedArray) + ';');
    this.counts.typedArrays++;
    this.counts.typedBytes += l.ring.byteLength;
    this.init.push(this.use(path.join(DEVICE, 'serial-lines.ts'), 'listenSerial') + '(' + at + ', ' + l.port + ', ' + serialBaud(this.snap.board) + ');');
    return at;
  }

  /**
   * A dyn object: [self, adapter, per method (implementation, device words, device refs, host
   * words, host refs)]. The adapter's memory (held frames, caches) is laid out later, once every
   * dyn object is known (layoutAdapters).
   */
  private dyn(d: Dyn, where: string): number {
    const impl = d.impl;
    const adapter = d.adapter;
    if (adapter === null) throw new Error(where + ' is a dyn object without an adapter; build it with dyn(impl, adapter)');
    const kind = KIND[adapter.strategy];
    if (kind === undefined) throw new Error(where + ": adapter '" + adapter.strategy + "' has no device form");
    const at = this.alloc(null, DYN_METHODS + DYN_METHOD_WORDS * impl.methods.length);
    const self = this.allocRefs(1);
    const methods: DynMethod[] = impl.methods.map((vt) => {
      const lvt = vt as LoweredVtable;
      if (typeof lvt.source !== 'string') {
        throw new Error(where + ": the implementation '" + impl.name + "' of " + impl.iface.name + ' has a hand-written future (' + vt.name +
          '); a device build runs lowered code only: write the method as an async method of a class and build the dyn object with dyn(implement(iface, name, instance), adapter)');
      }
      return { fn: deviceFunction(this.lowering, lvt), hostWords: vt.words, hostRefs: vt.refs };
    });
    let a = this.adapters.get(adapter);
    if (a === undefined) {
      a = { at: this.alloc(null, ADAPTER_WORDS), kind, methods: [] };
      this.adapters.set(adapter, a);
    }
    a.methods.push(...methods);
    this.setWords(at, [self, a.at]);
    methods.forEach((m, i) => {
      let f = this.impls.indexOf(m.fn);
      if (f < 0) {
        f = this.impls.length;
        this.impls.push(m.fn);
      }
      this.setWords(at + DYN_METHODS + DYN_METHOD_WORDS * i, [f, m.fn.words, m.fn.refs, m.hostWords, m.hostRefs]);
    });
    this.dyns.push({ at, methods, adapter });
    const selfText = this.value(impl.self, where + ' self');
    if (selfText !== 'void 0') this.init.push('R[' + self + '] = ' + selfText + ';');
    return at;
  }

  /**
   * The adapters' words: kind, policy, held frame, caches; counters start at 0. Returns the kinds
   * used and, as bits 1 << policy, the pool-full policies ScratchOrPool adapters have.
   */
  layoutAdapters(ex: Executor, tasks: number): { kinds: number; policies: number } {
    let kinds = 0;
    let policies = 0;
    this.adapters.forEach((a, adapter) => {
      kinds |= a.kind;
      const strategy = adapter.strategy;
      const policy = strategy === 'ScratchOrPool' ? POLICY[(adapter as unknown as { policy: string | null }).policy || ex.config.poolFullPolicy] : 0;
      if (strategy === 'ScratchOrPool') policies |= 1 << policy;
      let held = [0, 0];
      if (strategy === 'Inline' || strategy === 'MaxSpace') {
        const words = Math.max(0, ...a.methods.map((m) => m.fn.words));
        const refs = Math.max(0, ...a.methods.map((m) => m.fn.refs));
        held = [this.alloc(null, words), this.allocRefs(refs)];
      }
      let caches = [0, 0];
      if (strategy === 'Recycling' || strategy === 'CallerCachedBox') {
        const n = strategy === 'Recycling' ? 1 : tasks;
        caches = [this.allocRefs(2 * n), this.alloc(null, n)];
      }
      let label = this.strings.indexOf(adapter.label);
      if (label < 0) label = this.strings.push(adapter.label) - 1;
      this.setWords(a.at, [a.kind, policy, held[0], held[1], 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, caches[0], caches[1], label]);
    });
    return { kinds, policies };
  }

  setWords(at: number, values: readonly number[]): void {
    values.forEach((v, i) => {
      if (v !== 0) this.init.push('W[' + (at + i) + '] = ' + numberText(v) + ';');
    });
  }
}

/** The most reference arguments a dyn method of the program takes (its `self` travels elsewhere). */
function dynRefArguments(lowering: Lowering): number {
  let most = 0;
  lowering.dynPlan?.forEach((p) => {
    for (const d of p.impls) most = Math.max(most, lowering.signature(d).params.filter((x) => x.kind === 'ref').length);
  });
  return most;
}

/** Whether a class declaration is the one behind a prototype the host build made: same name modulo the bundler's renaming, same methods. */
function sameClass(st: ts.ClassDeclaration, proto: object): boolean {
  for (const m of st.members) {
    if (ts.isMethodDeclaration(m) && ts.isIdentifier(m.name) && !Object.prototype.hasOwnProperty.call(proto, m.name.text)) return false;
  }
  return true;
}

function isRuntimeObject(v: object): boolean {
  return v instanceof CheckHal || v instanceof Executor || v instanceof Channel || v instanceof Signal || v instanceof PinEdges ||
    v instanceof SerialLines || v instanceof Dyn;
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

/**
 * Scratch, side stacks and the pool, for the dyn objects the tasks reach. The budgets are the
 * configured ones, in host words (a call goes where it goes in the simulator); the memory behind
 * them is sized for the device frames of the implementations that can land there.
 */
function layoutDyn(b: ImageBuilder, snap: Snapshot, n: number): void {
  const L = b.layout;
  const ex = snap.ex;
  const { kinds, policies } = b.layoutAdapters(ex, n);
  L.ADAPTERS = kinds;
  L.POLICIES = policies;
  const placed = (kind: string): DynMethod[] => {
    const out: DynMethod[] = [];
    for (const d of b.dyns) if (d.adapter.strategy === kind) out.push(...d.methods);
    return out;
  };
  const largest = (ms: DynMethod[], words: number, refs: number): [number, number] => {
    let w = 0;
    let r = 0;
    for (const m of ms) {
      if (m.hostWords > words || m.hostRefs > refs) continue;
      if (m.fn.words > w) w = m.fn.words;
      if (m.fn.refs > r) r = m.fn.refs;
    }
    return [w, r];
  };
  const sop = placed('ScratchOrPool');
  const columns = (names: string[]): void => {
    for (const c of names) b.alloc(c, n);
  };
  if ((kinds & K_SCRATCH_OR_POOL) !== 0) {
    columns(['SCR_BASE', 'SCR_RBASE', 'SCR_WORDS', 'SCR_REFS', 'SCR_BUSY', 'SCR_HITS', 'SCR_HIGH', 'T_FALLBACKS']);
    for (let t = 0; t < n; t++) {
      const words = ex.tasks.scratchWords[t];
      const refs = ex.tasks.scratchRefs[t];
      const [dw, dr] = largest(sop, words, refs);
      b.setWords(L.SCR_BASE + t, [b.alloc(null, dw)]);
      b.setWords(L.SCR_RBASE + t, [b.allocRefs(dr)]);
      b.setWords(L.SCR_WORDS + t, [words]);
      b.setWords(L.SCR_REFS + t, [refs]);
    }
  }
  if ((kinds & K_SIDE_STACK) !== 0) {
    columns(['STACK_BASE', 'STACK_RBASE', 'STACK_WORDS', 'STACK_REFS', 'STACK_TOP', 'STACK_RTOP', 'STACK_HIGH']);
    for (let t = 0; t < n; t++) {
      const words = ex.tasks.stackWords[t];
      const refs = ex.tasks.stackRefs[t];
      const base = b.alloc(null, words);
      const rbase = b.allocRefs(refs);
      b.setWords(L.STACK_BASE + t, [base]);
      b.setWords(L.STACK_RBASE + t, [rbase]);
      b.setWords(L.STACK_WORDS + t, [words]);
      b.setWords(L.STACK_REFS + t, [refs]);
      b.setWords(L.STACK_TOP + t, [base]);
      b.setWords(L.STACK_RTOP + t, [rbase]);
    }
  }
  const c = ex.config;
  const slots = (kinds & K_SCRATCH_OR_POOL) !== 0 ? c.poolSlots : 0;
  if ((kinds & K_SCRATCH_OR_POOL) === 0) {
    for (const k of ['POOL_SLOTS', 'POOL_SLOT_WORDS', 'POOL_SLOT_REFS', 'POOL_SLOT_DW', 'POOL_SLOT_DR', 'POOL_W', 'POOL_R', 'POOL_FREE', 'POOL_NFREE',
      'POOL_HIGH', 'POOL_EXHAUSTED', 'POOL_WAITERS']) L[k] = 0;
    fillUnused(L);
    return;
  }
  const [sw, sr] = largest(sop, c.poolSlotWords, c.poolSlotRefs);
  L.POOL_SLOTS = slots;
  L.POOL_SLOT_WORDS = c.poolSlotWords;
  L.POOL_SLOT_REFS = c.poolSlotRefs;
  L.POOL_SLOT_DW = sw;
  L.POOL_SLOT_DR = sr;
  b.alloc('POOL_W', slots * sw);
  L.POOL_R = b.allocRefs(slots * sr);
  b.alloc('POOL_FREE', slots);
  for (let i = 0; i < slots; i++) b.setWords(L.POOL_FREE + i, [slots - 1 - i]);
  b.alloc('POOL_NFREE', 1);
  b.setWords(L.POOL_NFREE, [slots]);
  for (const p of ['POOL_HIGH', 'POOL_EXHAUSTED']) b.alloc(p, 1);
  b.alloc('POOL_WAITERS', 3);
  if (slots > 0) b.sets.push(L.POOL_WAITERS);
  fillUnused(L);
}

/** The memory map names a program's runtime does not use: 0, so that every build exports the same names. */
function fillUnused(L: { [name: string]: number }): void {
  for (const k of ['SCR_BASE', 'SCR_RBASE', 'SCR_WORDS', 'SCR_REFS', 'SCR_BUSY', 'SCR_HITS', 'SCR_HIGH', 'T_FALLBACKS', 'STACK_BASE', 'STACK_RBASE',
    'STACK_WORDS', 'STACK_REFS', 'STACK_TOP', 'STACK_RTOP', 'STACK_HIGH']) {
    if (L[k] === undefined) L[k] = 0;
  }
}

/** The declaration a host vtable was lowered from (matched by file and line). */
function declOf(lowering: Lowering, vt: LoweredVtable): AsyncDecl {
  return lowering.declOfSource(vt.source, vt.name);
}

/** The device lowering of the function a host vtable was built from. */
function deviceFunction(lowering: Lowering, vt: LoweredVtable): LoweredFunction {
  return lowering.lowerFunction(declOf(lowering, vt));
}

/**
 * The program's dyn objects per interface method, found from the tasks' arguments before any task
 * code is lowered: the device lowering specializes the call sites with it (Lowering.dynPlan).
 */
export function dynPlan(snap: Snapshot, lowering: Lowering): Map<string, DynPlan> {
  const plans = new Map<string, { impls: AsyncDecl[]; hostWords: number; hostRefs: number; strategies: string[]; index: number }>();
  for (const v of reachableDyns(snap.spawns.flatMap((s) => s.refs))) {
    const adapter = v.adapter;
    if (adapter === null) continue;
    v.impl.methods.forEach((vt, m) => {
      const lvt = vt as LoweredVtable;
      if (typeof lvt.source !== 'string') return;
      const key = v.impl.iface.name + '.' + v.impl.iface.methods[m];
      const p = plans.get(key) ?? { impls: [], hostWords: 0, hostRefs: 0, strategies: [], index: m };
      const decl = declOf(lowering, lvt);
      if (p.impls.indexOf(decl) < 0) p.impls.push(decl);
      p.hostWords = Math.max(p.hostWords, vt.words);
      p.hostRefs = Math.max(p.hostRefs, vt.refs);
      if (p.strategies.indexOf(adapter.strategy) < 0) p.strategies.push(adapter.strategy);
      plans.set(key, p);
    });
  }
  const out = new Map<string, DynPlan>();
  plans.forEach((p, k) => out.set(k, { ...p, only: null }));
  return out;
}

/**
 * The generated device/program.ts and device/tasks.ts for a snapshot; `tasksFile` is where the
 * latter's imports are relative to. `timers`: entries in the timer table.
 */
export function deviceImage(snap: Snapshot, lowering: Lowering, tasksFile: string, timers: number): DeviceImage {
  const b = new ImageBuilder(snap, lowering);
  for (const h of ['NOW', 'CUR', 'RUNNING', 'AGAIN', 'INTERVAL', 'T0', 'ENDED', 'FAULTS']) b.alloc(h, 1);
  const n = snap.spawns.length;
  if (n === 0) throw new Error("example '" + snap.example.name + "' spawns no task in setup: there is nothing to run on the device");
  b.layout.TASKS = n;
  const taskRefs = snap.spawns.some((sp) => deviceFunction(lowering, sp.vtable).refs > 0);
  b.layout.TASK_REFS = taskRefs ? 1 : 0;
  for (const t of ['T_STATE', 'T_POLLS', 'T_BASE']) b.alloc(t, n);
  if (n > 1) b.alloc('Q_RING', n);
  else b.layout.Q_RING = 0;
  if (taskRefs) b.alloc('T_RBASE', n);
  else b.layout.T_RBASE = 0;
  for (const q of ['Q_HEAD', 'Q_LEN']) b.alloc(q, 1);
  b.alloc('Q_FLAG', n);
  b.layout.TIMERS = timers;
  b.alloc('TM', 4 * timers);
  for (const q of ['TM_SEQ', 'TM_USED', 'TM_HIGH']) b.alloc(q, 1);
  const L = b.layout;
  b.init.push('W[' + L.CUR + '] = -1;');
  for (let i = 0; i < timers; i++) b.init.push('W[' + (L.TM + 4 * i) + '] = -1;');

  // Tasks: every one live and queued in spawn order.
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
    if (taskRefs) b.setWords(L.T_RBASE + t, [rbase]);
    b.setWords(L.T_STATE + t, [1]);
    if (n > 1) b.setWords(L.Q_RING + t, [t]);
    b.setWords(L.Q_FLAG + t, [1]);
    const slots = fn.device!.paramSlots;
    let k = 0;
    let rk = 0;
    if (fn.sig.isMethod) b.init.push('R[' + (rbase) + '] = ' + b.value(s.refs[rk++], "task '" + s.name + "' self") + ';');
    fn.sig.params.forEach((p, i) => {
      const value = p.kind === 'num' ? s.numbers[k++] : s.refs[rk++];
      if (slots[i] < 0) return;
      if (p.kind === 'num') {
        if (value !== 0) b.init.push('W[' + (base + slots[i]) + '] = ' + numberText(value as number) + ';');
      } else {
        const text = b.value(value, "task '" + s.name + "' argument '" + p.name + "'");
        if (text !== 'void 0') b.init.push('R[' + (rbase + slots[i]) + '] = ' + text + ';');
      }
    });
  });
  b.setWords(L.Q_LEN, [n]);
  layoutDyn(b, snap, n);
  // The result registers, as many as the lowered code uses (known once every function reached is lowered).
  b.alloc('RN', lowering.registers.numbers);
  if (lowering.registers.which) b.alloc('WHICH', 1);
  else L.WHICH = 0;
  b.layout.WORDS = b.words;

  // pollTask / dropTask: the entry function itself when every task runs the same one, else a
  // dispatch on the task number. Every function object costs RAM on the device.
  const groups = new Map<LoweredFunction, number[]>();
  fns.forEach((fn, t) => {
    const g = groups.get(fn) ?? [];
    g.push(t);
    groups.set(fn, g);
  });
  const entries = Array.from(groups.entries());
  L.TASK_DISPATCH = entries.length > 1 ? 1 : 0;
  const which = (tasks: number[]): string => tasks.map((t) => 't === ' + t).join(' || ');
  const dispatch = (name: string, list: [LoweredFunction, number[]][], pick: (fn: LoweredFunction) => string, ret: string): string[] => {
    if (list.length === 1 && list.length === entries.length) return ['export { ' + b.use(list[0][0].file, pick(list[0][0])) + ' as ' + name + ' };'];
    const lines = list.map(([fn, tasks], i) => '  ' + (i < list.length - 1 || list.length < entries.length ? 'if (' + which(tasks) + ') ' : '') +
      ret + b.use(fn.file, pick(fn)) + '(w, b, r, rb);');
    return ['export function ' + name + '(w, b, r, rb, t) {', ...lines, '}'];
  };
  const taskLines = dispatch('pollTask', entries, (fn) => fn.device!.poll, 'return ');
  // A fault leaves timers, waiter entries and pool slots to the backstop; a drop is needed only
  // where a frame has finally blocks to run.
  const dropping = entries.filter(([fn]) => fn.device!.dropMatters);
  // Names the runtime imports exist in every build; what a program does not use, the bundler drops.
  if (dropping.length > 0) taskLines.push(...dispatch('dropTask', dropping, (fn) => fn.device!.drop!, ''));
  else taskLines.push('export function dropTask() {}');
  L.DROPS = dropping.length > 0 ? 1 : 0;
  L.WAIT_SETS = b.sets.length;
  if (b.sets.length > 0) {
    const unpark = b.use(path.join(DEVICE, 'waiters.ts'), 'unparkTask');
    taskLines.push('export function releaseTask(t) {', ...b.sets.map((s) => '  ' + unpark + '(' + s + ', t);'), '}');
  } else {
    taskLines.push('export function releaseTask() {}');
  }
  if (b.impls.length > 0) {
    const implCall = (fn: LoweredFunction, name: string): string => b.use(fn.file, name) + '(w, b, r, rb)';
    taskLines.push('export function dynPoll(f, w, b, r, rb) {',
      ...b.impls.map((fn, f) => '  ' + (f < b.impls.length - 1 ? 'if (f === ' + f + ') ' : '') + 'return ' + implCall(fn, fn.device!.poll) + ';'), '}');
    const dropped = b.impls.filter((fn) => fn.device!.drop !== null);
    taskLines.push('export function dynDrop(f, w, b, r, rb) {',
      ...dropped.map((fn) => '  if (f === ' + b.impls.indexOf(fn) + ') ' + implCall(fn, fn.device!.drop!) + ';'), '}');
  } else {
    taskLines.push('export function dynPoll() { return 1; }', 'export function dynDrop() {}');
  }

  const exportsText = Object.keys(b.layout).map((k) => 'export const ' + k + ' = ' + b.layout[k] + ';').join('\n');
  const hal = snap.hal;
  for (const p of hal.used) {
    if (!IDENT.test(p)) throw new Error("board '" + snap.board.id + "': pin '" + p + "' is not an Espruino global the bundle can name");
  }
  const ports = serialPortNames(snap.board);
  // Port 0 and every port setup opened: task code prints at run time, which setup does not show.
  let highest = ports.length > 0 ? 0 : -1;
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
    ...taskLines,
    // The starting state, written once when the bundle loads (device/main.ts imports this module first).
    ...b.init,
    '',
  ].join('\n');
  const objects: ImageObjects = {
    refSlots: b.refs, ...b.counts, pins: hal.used.length, ports: highest + 1,
  };
  const adapters: { at: number; strategy: string; label: string }[] = [];
  b.adapters.forEach((a, adapter) => adapters.push({ at: a.at, strategy: adapter.strategy, label: adapter.label }));
  const map: DeviceMap = {
    example: snap.example.name,
    board: snap.board.id,
    tasks: snap.spawns.map((s) => s.name),
    futures: DEVICE_FUTURES,
    strings: b.strings,
    adapters,
    pins: hal.used.slice(),
    ports: ports.slice(0, highest + 1),
    layout: b.layout,
    words: b.words,
  };
  return { objects, program, tasks, map };
}
