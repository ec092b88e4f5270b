// The builder of a device program's memory image: words of W and reference slots of R handed out
// in order, and the text that writes the starting state. A value setup left in a task's arguments
// becomes device code here: a number or literal; an object the arguments reach (shared records,
// buffers, class instances) rebuilt as a literal, once however often it is reached; a channel,
// signal, pin or serial source, or dyn object as its descriptor's index in W, with the device
// runtime function that starts it. device-image.ts lays the program out with it.

import path from 'node:path';
import ts from '../compiler/typescript.ts';
import type * as TS from 'typescript';
import { Channel, CHANNEL_HEAD, CHANNEL_HIGH, CHANNEL_LENGTH, CHANNEL_REFUSED } from '../primitives/channel.ts';
import { Signal, SIGNAL_SET, SIGNAL_VALUE } from '../primitives/signal.ts';
import { Executor } from '../executor/executor.ts';
import { TaskPool } from '../executor/task-pool.ts';
import { EDGE_LEVEL, EDGE_TIME, PinEdges } from '../boards/pin-edge.ts';
import { LINES_COMPLETE, LINES_CUT, LINES_DROPPED, LINES_HEAD, LINES_LENGTH, SerialLines } from '../boards/serial-lines.ts';
import {
  BoardEvents, EVENT_WIDTH, EVENTS_DROPPED, EVENTS_HEAD, EVENTS_HIGH, EVENTS_LENGTH, EVENTS_SEEN, EVENTS_STORED, EVENTS_UNSTORED,
} from '../boards/board-events.ts';
import { CheckHal } from '../boards/espruino/check-hal.ts';
import { Dyn } from '../adapters/dyn.ts';
import type { Adapter } from '../adapters/adapter.ts';
import { serialBaud } from '../boards/espruino/serial-ports.ts';
import { otherPackage, type AsyncDecl, type Lowering, type LoweredFunction } from '../compiler/lowering.ts';
import type { LoweredVtable } from '../tasks/lowered.ts';
import type { Snapshot } from './snapshot.ts';
import { SensorSource } from '../tasks/sensor-source.ts';
import {
  AD_CACHE_BUSY, AD_CACHES, AD_COUNTERS, AD_HELD_R, AD_HELD_W, AD_KIND, AD_LABEL, AD_POLICY, AD_TAIL_WORDS, CH_RECEIVERS, CH_SENDERS, CHANNEL_WORDS,
  DYN_METHOD_WORDS, DYN_METHODS, K_BOXING, K_CALLER_CACHED, K_HELD, K_RECYCLING, K_SCRATCH_OR_POOL, K_SIDE_STACK, PIN_EDGES_WORDS,
  SERIAL_LINES_WORDS, SIGNAL_WORDS, SL_READERS, EVENTS_WORDS, EV_WAITERS, EV_WIDTH,
} from '../device/layout.ts';
import { POLICY_NAMES } from '../contract/pool-policy.ts';
import { ADAPTER_STATS } from '../contract/adapter-counters.ts';

/** An adapter's record in W (device/layout.ts AD_*). */
const ADAPTER_WORDS = AD_COUNTERS + ADAPTER_STATS + AD_TAIL_WORDS;
const AD_TAIL = AD_COUNTERS + ADAPTER_STATS;

export const DEVICE = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', 'device');
export const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

const KIND: { [strategy: string]: number } = {
  ScratchOrPool: K_SCRATCH_OR_POOL, SideStack: K_SIDE_STACK, Inline: K_HELD, MaxSpace: K_HELD, Recycling: K_RECYCLING,
  CallerCachedBox: K_CALLER_CACHED, Boxing: K_BOXING,
};

/**
 * A channel, signal, pin's edges or serial port's lines in the device memory: its kind, its first
 * word in W (device/layout.ts gives each kind's shape) and where setup first passed it.
 */
export interface DeviceRecord {
  readonly kind: 'channel' | 'signal' | 'pin' | 'serial' | 'events';
  readonly at: number;
  readonly label: string;
  /** A queue of the board's events: its source (boards/board-events.ts EVENT_SOURCES). */
  readonly source?: string;
}

/** One method of a dyn object's implementation: its device function and its frame on both builds. */
export interface DynMethod {
  readonly fn: LoweredFunction;
  readonly hostWords: number;
  readonly hostRefs: number;
}

export class ImageBuilder {
  words = 0;
  /**
   * R[0] is the reference result register; R[1..] hold a dyn call's reference arguments until the
   * callee's frame is placed (device/device-dyn.ts), so no frame may start there.
   */
  refs: number;
  readonly layout: { [name: string]: number } = {};
  readonly init: string[] = [];
  readonly hoisted: string[] = [];
  /** What the generated module imports, by module file: exported name -> the module's own name for it. */
  readonly imports = new Map<string, Map<string, string>>();
  /** Every waiter set in W: the backstop unlinks an ended task's futures from each. */
  readonly sets: number[] = [];
  /** The dyn objects' implementations, in the order dynPoll dispatches them. */
  readonly impls: LoweredFunction[] = [];
  /** Adapters by descriptor index, with the device frames they place and the kind. */
  readonly adapters = new Map<Adapter, { at: number; kind: number; methods: DynMethod[]; held: number[]; caches: number[] }>();
  readonly dyns: { at: number; methods: DynMethod[]; adapter: Adapter }[] = [];
  readonly counts = { typedArrays: 0, typedBytes: 0, objects: 0, keys: 0 };
  /** The kinds of the sensor sources the device gets, as bits (tasks/sensor-kinds.ts). */
  sensorKinds = 0;
  /** Strings the device's faults name by index (the name map's strings). */
  readonly strings: string[] = [];
  /** Where each channel, signal, pin and serial source is in W, named by where setup first passed it: for the report. */
  readonly records: DeviceRecord[] = [];
  /** Each task pool's record in W (device-image.ts lays them out before the tasks' arguments). */
  readonly pools = new Map<TaskPool, number>();
  /** The characteristics whose writes a queue takes: [queue, service, characteristic, ...] (device/device-events.ts serveWrites). */
  readonly writes: (number | string)[] = [];
  private readonly seen = new Map<unknown, string>();
  private readonly uses = new Map<unknown, number>();
  private hoistCount = 0;
  private importCount = 0;

  /** `argRefs`: the most reference arguments a spawn() passes in R[1..] (a pool function's). */
  constructor(readonly snap: Snapshot, readonly lowering: Lowering, argRefs?: number) {
    this.refs = 1 + Math.max(dynRefArguments(lowering), argRefs ?? 0);
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

  /**
   * The generated module's name for export `name` of `file`: `$i` and a number, never a name of the
   * program's own (the module's functions take parameters w, b, r, rb, t, f, which would shadow a
   * task function of the program named like one).
   */
  use(file: string, name: string): string {
    const names = this.imports.get(file) ?? new Map<string, string>();
    let local = names.get(name);
    if (local === undefined) {
      local = '$i' + this.importCount++;
      names.set(name, local);
      this.imports.set(file, names);
    }
    return local;
  }


  /** Counts how often each object is reached, so that one reached twice is built once and shared. */
  count(v: unknown): void {
    if (v === null || typeof v !== 'object') return;
    const n = this.uses.get(v) ?? 0;
    this.uses.set(v, n + 1);
    // A dyn object's implementation is rebuilt too (dyn() below): what it shares with the tasks'
    // other arguments (a buffer, a record) must be one object on the device as on the host.
    if (n === 0 && v instanceof Dyn) this.count(v.impl.self);
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
    else if (v instanceof Channel) text = String(this.record('channel', this.channel(v), where));
    else if (v instanceof Signal) text = String(this.record('signal', this.signal(v), where));
    else if (v instanceof PinEdges) text = String(this.record('pin', this.pinEdges(v), where));
    else if (v instanceof SerialLines) text = String(this.record('serial', this.serialLines(v), where));
    else if (v instanceof BoardEvents) text = String(this.boardEvents(v, where));
    else if (v instanceof Dyn) text = String(this.dyn(v, where));
    else if (v instanceof TaskPool) text = String(this.pools.get(v));
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
        // By name: the program's copy of the class is its own module instance (loaded with the
        // program, named SensorSource2 by the bundler), not this one; another class of that name
        // only adds kinds, which is safe.
        if (isSensorSource(proto)) this.sensorKinds |= 1 << (v as SensorSource).kind;
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

  private record(kind: DeviceRecord['kind'], at: number, label: string): number {
    this.records.push({ kind, at, label });
    return at;
  }

  private channel(ch: Channel): number {
    const c = this.alloc(null, CHANNEL_WORDS);
    const cap = ch.capacity;
    const ring = ch.holdsRefs ? this.allocRefs(cap) : this.alloc(null, cap);
    const st = ch.st;
    this.setWords(c, [st[CHANNEL_HEAD], st[CHANNEL_LENGTH], st[CHANNEL_HIGH], st[CHANNEL_REFUSED], cap, ring, ch.holdsRefs ? 1 : 0]);
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
    this.setWords(at, [s.st[SIGNAL_SET], s.st[SIGNAL_VALUE]]);
    this.sets.push(at + 2);
    return at;
  }

  private pinEdges(p: PinEdges): number {
    const hal = this.snap.hal;
    const at = this.alloc(null, PIN_EDGES_WORDS);
    this.setWords(at, [p.counts[0], p.counts[1], p.st[EDGE_LEVEL], p.st[EDGE_TIME]]);
    this.sets.push(at + 4);
    const name = hal.used[p.pin];
    const debounce = hal.debounce[hal.watched.indexOf(name)];
    this.init.push(this.use(path.join(DEVICE, 'device-pin-edge.ts'), 'watchPin') + '(' + at + ', ' + p.pin + ', ' + debounce + ');');
    return at;
  }

  private serialLines(l: SerialLines): number {
    const at = this.alloc(null, SERIAL_LINES_WORDS);
    const ring = this.allocRefs(1);
    const st = l.st;
    this.setWords(at, [st[LINES_HEAD], st[LINES_LENGTH], st[LINES_COMPLETE], st[LINES_DROPPED], st[LINES_CUT], l.ring.length, ring]);
    this.sets.push(at + SL_READERS);
    this.init.push('R[' + ring + '] = ' + typedArrayText(l.ring as unknown as TypedArray) + ';');
    this.counts.typedArrays++;
    this.counts.typedBytes += l.ring.byteLength;
    this.init.push(this.use(path.join(DEVICE, 'device-serial-lines.ts'), 'listenSerial') + '(' + at + ', ' + l.port + ', ' + serialBaud(this.snap.board) + ');');
    return at;
  }

  /** A queue of the board's events (device/layout.ts EV_*), with the firmware callback that fills it. */
  private boardEvents(q: BoardEvents, where: string): number {
    if (EV_WIDTH !== EVENT_WIDTH) throw new Error('device/layout.ts EV_WIDTH and boards/board-events.ts EVENT_WIDTH differ');
    const at = this.alloc(null, EVENTS_WORDS);
    const ring = this.alloc(null, q.capacity * EV_WIDTH);
    const st = q.st;
    const refs = q.source === 'Storage.log' ? this.allocRefs(4) : 0;
    this.setWords(at, [st[EVENTS_HEAD], st[EVENTS_LENGTH], st[EVENTS_HIGH], st[EVENTS_DROPPED], st[EVENTS_SEEN], st[EVENTS_STORED], st[EVENTS_UNSTORED],
      q.capacity, ring, q.records, refs]);
    for (let i = 0; i < q.ring.length; i++) if (q.ring[i] !== 0) this.init.push('W[' + (ring + i) + '] = ' + numberText(q.ring[i]) + ';');
    this.sets.push(at + EV_WAITERS);
    this.records.push({ kind: 'events', at, label: where, source: q.source });
    const events = path.join(DEVICE, 'device-events.ts');
    const call = (fn: string, args: string): void => { this.init.push(this.use(events, fn) + '(' + at + args + ');'); };
    switch (q.source) {
      case 'Puck.accel': call('listenPuckAccel', ', ' + q.hz); break;
      case 'Puck.mag': call('listenPuckMag', ', ' + q.hz); break;
      case 'NRF.connection': call('listenConnections', ''); break;
      case 'NRF.write': this.writes.push(at, q.service, q.characteristic); break;
      case 'Bangle.accel': call('listenBangle', ", 'accel'"); break;
      case 'Bangle.mag': call('listenBangle', ", 'mag'"); break;
      case 'Bangle.HRM': call('listenBangle', ", 'HRM'"); break;
      case 'Bangle.step': call('listenBangle', ", 'step'"); break;
      case 'Storage.log':
        this.counts.typedArrays += 2;
        this.counts.typedBytes += 8 * EV_WIDTH;
        call('openLog', ', ' + JSON.stringify(q.file));
        break;
      default: throw new Error(where + ": no device form for events of '" + q.source + "'");
    }
    return at;
  }

  /** The GATT services every NRF.write queue needs, set once (after every queue is known). */
  serveWrites(): void {
    if (this.writes.length === 0) return;
    this.init.push(this.use(path.join(DEVICE, 'device-events.ts'), 'serveWrites') + '(' + JSON.stringify(this.writes) + ');');
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
      a = { at: this.alloc(null, ADAPTER_WORDS), kind, methods: [], held: [0, 0], caches: [0, 0] };
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
      const policy = strategy === 'ScratchOrPool' ? POLICY_NAMES.indexOf((adapter as unknown as { policy: string | null }).policy || ex.config.poolFullPolicy) : 0;
      if (strategy === 'ScratchOrPool') policies |= 1 << policy;
      const held = a.held;
      if (strategy === 'Inline' || strategy === 'MaxSpace') {
        const words = Math.max(0, ...a.methods.map((m) => m.fn.words));
        const refs = Math.max(0, ...a.methods.map((m) => m.fn.refs));
        held[0] = this.alloc(null, words);
        held[1] = this.allocRefs(refs);
      }
      const caches = a.caches;
      if (strategy === 'Recycling' || strategy === 'CallerCachedBox') {
        const n = strategy === 'Recycling' ? 1 : tasks;
        caches[0] = this.allocRefs(2 * n);
        caches[1] = this.alloc(null, n);
      }
      let label = this.strings.indexOf(adapter.label);
      if (label < 0) label = this.strings.push(adapter.label) - 1;
      const record: number[] = [];
      for (let i = 0; i < ADAPTER_WORDS; i++) record.push(0);
      record[AD_KIND] = a.kind;
      record[AD_POLICY] = policy;
      record[AD_HELD_W] = held[0];
      record[AD_HELD_R] = held[1];
      record[AD_TAIL + AD_CACHES] = caches[0];
      record[AD_TAIL + AD_CACHE_BUSY] = caches[1];
      record[AD_TAIL + AD_LABEL] = label;
      this.setWords(a.at, record);
    });
    return { kinds, policies };
  }

  setWords(at: number, values: readonly number[]): void {
    values.forEach((v, i) => {
      if (v !== 0) this.init.push('W[' + (at + i) + '] = ' + numberText(v) + ';');
    });
  }
}

/** Whether a prototype is SensorSource's, modulo the bundler's renaming (a number after the name). */
function isSensorSource(proto: { constructor: { name: string } }): boolean {
  const name = proto.constructor.name;
  return name.startsWith(SensorSource.name) && /^\d*$/.test(name.slice(SensorSource.name.length));
}

/** Whether a class declaration is the one behind a prototype the host build made: same name modulo the bundler's renaming, same methods. */
function sameClass(st: TS.ClassDeclaration, proto: object): boolean {
  for (const m of st.members) {
    if (ts.isMethodDeclaration(m) && ts.isIdentifier(m.name) && !Object.prototype.hasOwnProperty.call(proto, m.name.text)) return false;
  }
  return true;
}

function isRuntimeObject(v: object): boolean {
  return v instanceof CheckHal || v instanceof Executor || v instanceof Channel || v instanceof Signal || v instanceof PinEdges ||
    v instanceof SerialLines || v instanceof Dyn || v instanceof BoardEvents || v instanceof TaskPool;
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

export function numberText(n: number): string {
  if (n !== n) return 'NaN';
  if (n === Infinity) return 'Infinity';
  if (n === -Infinity) return '-Infinity';
  return String(n);
}

// A key that is an array index is written as a number: Espruino keeps it as an integer key, which
// is what its APIs that take numeric keys read ({ 0x1809: data } in NRF.setAdvertising is service
// 0x1809; the string "6153" would be read as the hex UUID 0x6153).
function propName(k: string): string {
  if (/^(0|[1-9]\d{0,8})$/.test(k)) return k;
  return IDENT.test(k) ? k : JSON.stringify(k);
}

/** The most reference arguments a dyn method of the program takes (its `self` travels elsewhere). */
function dynRefArguments(lowering: Lowering): number {
  let most = 0;
  lowering.dynPlan?.forEach((p) => {
    for (const d of p.impls) most = Math.max(most, lowering.signature(d).params.filter((x) => x.kind === 'ref').length);
  });
  return most;
}

/** The declaration a host vtable was lowered from (matched by file and line). */
export function declOf(lowering: Lowering, vt: LoweredVtable): AsyncDecl {
  return lowering.declOfSource(vt.source, vt.name);
}

/** The device lowering of the function a host vtable was built from. */
export function deviceFunction(lowering: Lowering, vt: LoweredVtable): LoweredFunction {
  return lowering.lowerFunction(declOf(lowering, vt));
}
