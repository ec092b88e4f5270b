// The device program's memory image and task dispatch, generated from a setup snapshot: the
// module that the device runtime imports as device/program.ts. It holds every offset as a
// constant (the memory map), the pins and serial ports the program named, pollTask/dropTask for
// the fixed task table, and init(), which writes the starting state: each task's frame with its
// arguments, the run queue with every task in spawn order, the channels' and sources' contents.
// The values in it are written by image-builder.ts, the dyn calls' memory laid out by dyn-layout.ts.

import path from 'node:path';
import { DEVICE_FUTURE_NAMES } from '../contract/fault-codes.ts';
import { serialPortNames } from '../boards/espruino/serial-ports.ts';
import type { Lowering, LoweredFunction } from '../compiler/lowering.ts';
import { siteWord, siteWords } from '../compiler/program-facts.ts';
import type { Adapter } from '../adapters/adapter.ts';
import { boxFloor, layoutDyn } from './dyn-layout.ts';
import { DEVICE, deviceFunction, IDENT, ImageBuilder, numberText, type DeviceRecord } from './image-builder.ts';
import type { Snapshot } from './snapshot.ts';
import type { LoweredVtable } from '../tasks/lowered.ts';
import { TASK_POOL_WORDS, TM_OWN_WORDS, TM_SHARED_WORDS, TP_FIRST, TP_SLOTS } from '../device/layout.ts';
import { TASK_LIVE } from '../contract/task-states.ts';
import { MAX_TASK_GENERATION } from '../contract/task-handle.ts';

/** What a device build knows about its program besides the code: for the host to decode faults and read telemetry. */
export interface DeviceMap {
  readonly example: string;
  readonly board: string;
  /** Task names by task number, as faults and the budget report name them. */
  readonly tasks: readonly string[];
  /** The device's futures by id (contract/fault-codes.ts F_*), and the strings its faults name by index (adapter labels). */
  readonly futures: readonly string[];
  readonly strings: readonly string[];
  /** Adapters by their index in W: strategy and label. */
  readonly adapters: readonly { readonly at: number; readonly strategy: string; readonly label: string }[];
  /**
   * Call sites' counters (compiler/program-facts.ts SiteCount): the first word in W (one per task
   * when perTask), the adapter record's index in W, the counter they add to, the callee's host frame.
   */
  readonly sites: readonly { readonly at: number; readonly adapter: number; readonly counter: number; readonly hostWords: number; readonly perTask: boolean }[];
  /** Channels, signals, pins' edges and serial ports' lines by their index in W. */
  readonly records: readonly DeviceRecord[];
  /** Task pools by their record's index in W: the pool's name and the function its tasks run. */
  readonly pools: readonly { readonly at: number; readonly name: string; readonly fn: string }[];
  /** Pin globals by pin number, serial objects by port number. */
  readonly pins: readonly string[];
  readonly ports: readonly string[];
  /** The memory map: every named offset and size in W. */
  readonly layout: { readonly [name: string]: number };
  readonly words: number;
  /**
   * Task loops that never await and that nothing leaves (compiler/busy-loops.ts): where, in which
   * function, the loop's head, and the tasks that may run it. A simulated run names them when it
   * stops a task stuck in a poll. Filled in by the build (device-bundle.ts).
   */
  readonly loops?: readonly { readonly at: string; readonly fn: string; readonly head: string; readonly tasks: readonly number[] }[];
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
  /** Serial ports named. */
  readonly ports: number;
}

export interface DeviceImage {
  readonly objects: ImageObjects;
  /** Text of the generated device/program.ts: the memory map (imports nothing). */
  readonly program: string;
  /** Text of the generated device/tasks.ts: task dispatch and the starting state. */
  readonly tasks: string;
  readonly map: DeviceMap;
  /** Text of the generated tasks/sensor-kinds.ts: the kinds of the program's sensor sources. */
  readonly sensorKinds: string;
}

function importPath(from: string, to: string): string {
  let rel = path.relative(path.dirname(from), to).split(path.sep).join('/');
  if (!rel.startsWith('.')) rel = './' + rel;
  return rel;
}

/**
 * The generated device/program.ts and device/tasks.ts for a snapshot; `tasksFile` is where the
 * latter's imports are relative to. `timers`: entries in the timer table; `timersEachMost`: the
 * most timers one task (or pool slot) can have pending at once (bundler/timer-count.ts).
 */
export function deviceImage(snap: Snapshot, lowering: Lowering, tasksFile: string, timers: number, timersEachMost: number): DeviceImage {
  // The task table in the host's order: what setup spawned, and the slots of its task pools.
  const fns: LoweredFunction[] = [];
  for (const s of snap.spawns) {
    if (fns[s.task] !== undefined) throw new Error("example '" + snap.example.name + "': setup started two tasks in task slot " + s.task + '; a device build takes the tasks setup leaves running: do not cancel tasks in setup');
    fns[s.task] = deviceFunction(lowering, s.vtable);
  }
  const poolFns = snap.pools.map((p) => deviceFunction(lowering, p.entry as LoweredVtable));
  snap.pools.forEach((p, i) => {
    for (let k = 0; k < p.slots; k++) fns[p.first + k] = poolFns[i];
  });
  const n = fns.length;
  if (snap.spawns.length === 0) throw new Error("example '" + snap.example.name + "' spawns no task in setup: there is nothing to run on the device");
  // spawn() passes a pool function's references in R[1..], as a dyn call passes its arguments.
  let spawnRefs = 0;
  for (const fn of poolFns) spawnRefs = Math.max(spawnRefs, fn.sig.params.filter((p) => p.kind === 'ref').length);
  const b = new ImageBuilder(snap, lowering, spawnRefs);
  for (const h of ['NOW', 'CUR', 'RUNNING', 'AGAIN', 'INTERVAL', 'T0', 'ARMED', 'ENDED', 'FAULTS']) b.alloc(h, 1);
  // The pins first in the starting state: a pin watch set up further on reads its pin's word.
  const pinNames = snap.hal.used;
  for (const p of pinNames) {
    if (!IDENT.test(p)) throw new Error("board '" + snap.board.id + "': pin '" + p + "' is not an Espruino global the bundle can name");
  }
  if (pinNames.length > 0) b.alloc('PIN', pinNames.length);
  else b.layout.PIN = 0;
  pinNames.forEach((p, i) => b.init.push('W[' + (b.layout.PIN + i) + '] = ' + p + ';'));
  b.layout.TASKS = n;
  const taskRefs = fns.some((fn) => fn.refs > 0);
  b.layout.TASK_REFS = taskRefs ? 1 : 0;
  for (const t of ['T_STATE', 'T_POLLS']) b.alloc(t, n);
  // Frames of one size are laid out in a row in task order (below): task t's is then at the
  // first one's place + t sizes, and W needs no table of them (device/frames.ts).
  const wordsInRow = fns.every((fn) => fn.words === fns[0].words);
  const refsInRow = fns.every((fn) => fn.refs === fns[0].refs);
  if (wordsInRow) b.layout.T_BASE = 0;
  else b.alloc('T_BASE', n);
  if (n > 1) b.alloc('Q_RING', n);
  else b.layout.Q_RING = 0;
  if (taskRefs && !refsInRow) b.alloc('T_RBASE', n);
  else b.layout.T_RBASE = 0;
  for (const q of ['Q_HEAD', 'Q_LEN']) b.alloc(q, 1);
  // One task: its queued flag is the queue's length (device/ready-queue.ts wake).
  if (n > 1) b.alloc('Q_FLAG', n);
  else b.layout.Q_FLAG = b.layout.Q_LEN;
  if (n === 1) b.alloc('SPARE', 1);
  else b.layout.SPARE = 0;
  b.layout.TIMERS = timers;
  // Task i's timer is entry i (device/timers.ts) where no task, nor pool slot, has more than one
  // pending at once and the table has an entry a task: a capacity the config gives may leave fewer,
  // and the tasks then share the table and can fill it.
  b.layout.TIMER_PER_TASK = timersEachMost <= 1 && timers === n ? 1 : 0;
  b.layout.TM_WORDS = b.layout.TIMER_PER_TASK ? TM_OWN_WORDS : TM_SHARED_WORDS;
  b.alloc('TM', b.layout.TM_WORDS * timers);
  for (const q of ['TM_SEQ', 'TM_USED', 'TM_HIGH', 'TM_NEXT']) b.alloc(q, 1);
  const L = b.layout;
  b.init.push('W[' + L.CUR + '] = -1;');
  if (timers > 0) b.init.push('W[' + L.TM_NEXT + '] = Infinity;');
  for (let i = 0; i < timers; i++) b.init.push('W[' + (L.TM + L.TM_WORDS * i) + '] = -1;');
  const pools: { at: number; name: string; fn: string }[] = [];
  for (const p of snap.pools) {
    const at = b.alloc(null, TASK_POOL_WORDS);
    b.setWords(at + TP_FIRST, [p.first]);
    b.setWords(at + TP_SLOTS, [p.slots]);
    b.pools.set(p, at);
    pools.push({ at, name: p.name, fn: p.entry.name });
  }

  // Each slot's entry frame. What setup spawned: live and queued in spawn order, with its arguments.
  // Each task's entry frame, in task order; a pool's slots wait for spawn() with nothing in theirs.
  const frames: { base: number; rbase: number }[] = [];
  for (let t = 0; t < n; t++) {
    const base = b.alloc(null, fns[t].words);
    const rbase = b.allocRefs(fns[t].refs);
    frames[t] = { base, rbase };
    if (!wordsInRow) b.setWords(L.T_BASE + t, [base]);
    if (taskRefs && !refsInRow) b.setWords(L.T_RBASE + t, [rbase]);
  }
  L.T_ONE_BASE = wordsInRow ? frames[0].base : -1;
  L.T_STRIDE = fns[0].words;
  L.T_ONE_RBASE = refsInRow ? frames[0].rbase : -1;
  L.T_RSTRIDE = fns[0].refs;
  snap.spawns.forEach((s) => {
    for (const r of s.refs) b.count(r);
  });
  snap.spawns.forEach((s, i) => {
    const t = s.task;
    const fn = fns[t];
    const { base, rbase } = frames[t];
    b.setWords(L.T_STATE + t, [TASK_LIVE]);
    if (n > 1) b.setWords(L.Q_RING + i, [t]);
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
  b.setWords(L.Q_LEN, [snap.spawns.length]);
  b.serveWrites();
  layoutDyn(b, snap, n);
  // The result registers, as many as the lowered code uses (known once every function reached is lowered).
  b.alloc('RN', lowering.registers.numbers);
  if (lowering.registers.which) b.alloc('WHICH', 1);
  else L.WHICH = 0;
  // Task handles, and what the code that starts, stops and waits for tasks keeps, when it does.
  const ops = lowering.taskOps;
  if (snap.pools.length > 0 || ops.size > 0) {
    b.alloc('T_GEN', n);
    for (let t = 0; t < n; t++) b.setWords(L.T_GEN + t, [1]);
  } else {
    L.T_GEN = 0;
  }
  if (ops.has('waitTask')) {
    b.alloc('TASK_ENDS', 3);
    b.sets.push(L.TASK_ENDS);
  } else {
    L.TASK_ENDS = 0;
  }
  if (ops.has('cancel')) b.alloc('CANCELLED', 1);
  else L.CANCELLED = 0;
  // Last in W: a function lowered after this (a file's function nothing reaches, which the bundler
  // drops) numbers its sites past the end, where a write is lost rather than landing on a table.
  b.alloc('SITE_COUNTS', siteWords(lowering.sites, n));
  const laidOut = (adapter: object): { at: number; held: number[]; caches: number[] } => {
    const a = b.adapters.get(adapter as Adapter);
    if (a === undefined) throw new Error('a call site names an adapter the image did not lay out (' + (adapter as Adapter).label + ')');
    return a;
  };
  const sites = lowering.sites.map((s) => ({ at: siteWord(s, L.SITE_COUNTS, n), adapter: laidOut(s.adapter).at, counter: s.counter, hostWords: s.hostWords, perTask: s.perTask }));
  // The adapters call sites name as numbers (ProgramFacts.siteAdapters).
  lowering.siteAdapters.forEach((adapter, k) => {
    const a = laidOut(adapter);
    L['ADAPTER_' + k] = a.at;
    L['ADAPTER_' + k + '_HELD_W'] = a.held[0];
    L['ADAPTER_' + k + '_HELD_R'] = a.held[1];
    L['ADAPTER_' + k + '_CACHES'] = a.caches[0];
    L['ADAPTER_' + k + '_CACHE_BUSY'] = a.caches[1];
    const floor = boxFloor(snap, lowering, adapter);
    L['ADAPTER_' + k + '_BOX_WORDS'] = floor.words;
    L['ADAPTER_' + k + '_BOX_REFS'] = floor.refs;
  });
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
  const which = (tasks: number[]): string => taskTest(tasks);
  // A function only one task runs is given that task's frame as numbers: the last minify folds
  // its frame's reads to constant places (bundler/constant-arguments.ts).
  const place = (tasks: number[]): string => {
    const f = tasks.length === 1 ? frames[tasks[0]] : undefined;
    return f === undefined ? '(w, b, r, rb)' : '(w, ' + f.base + ', r, ' + f.rbase + ')';
  };
  const dispatch = (name: string, list: [LoweredFunction, number[]][], pick: (fn: LoweredFunction) => string, ret: string): string[] => {
    if (list.length === 1 && list.length === entries.length) return ['export { ' + b.use(list[0][0].file, pick(list[0][0])) + ' as ' + name + ' };'];
    const lines = list.map(([fn, tasks], i) => '  ' + (i < list.length - 1 || list.length < entries.length ? 'if (' + which(tasks) + ') ' : '') +
      ret + b.use(fn.file, pick(fn)) + place(tasks) + ';');
    return ['export function ' + name + '(w, b, r, rb, t) {', ...lines, '}'];
  };
  // Every task its own function: the run loop passes no frame (device/scheduler.ts).
  L.TASK_SOLO = entries.every(([, tasks]) => tasks.length === 1 && frames[tasks[0]] !== undefined) ? 1 : 0;
  const taskLines = dispatch('pollTask', entries, (fn) => fn.device!.poll, 'return ');
  // A fault leaves timers, waiter entries and pool slots to the backstop; a drop is needed only
  // where a frame has finally blocks to run. A cancel, and a fault in a pool's slot (which takes
  // the pool's next task), drop every frame: its dyn calls give back their pool slots and scratch.
  const whole = ops.has('cancel') || snap.pools.length > 0;
  const dropping = entries.filter(([fn]) => fn.device!.dropMatters || whole && fn.device!.drop !== null);
  // Names the runtime imports exist in every build; what a program does not use, the bundler drops.
  // Each branch returns: a drop falling on into the next (unguarded, last) branch dropped another task's frame.
  if (dropping.length > 0) taskLines.push(...dispatch('dropTask', dropping, (fn) => fn.device!.drop!, 'return '));
  else taskLines.push('export function dropTask() {}');
  L.DROPS = dropping.length > 0 ? 1 : 0;
  const released: string[] = [];
  if (b.sets.length > 0) {
    const unpark = b.use(path.join(DEVICE, 'waiters.ts'), 'unparkTask');
    released.push(...b.sets.map((s) => '  ' + unpark + '(' + s + ', t);'));
  }
  if (L.T_GEN > 0) released.push('  W[' + L.T_GEN + ' + t] = W[' + L.T_GEN + ' + t] === ' + MAX_TASK_GENERATION + ' ? 1 : W[' + L.T_GEN + ' + t] + 1;');
  if (L.TASK_ENDS > 0) released.push('  ' + b.use(path.join(DEVICE, 'waiters.ts'), 'wakeAll') + '(' + L.TASK_ENDS + ');');
  L.WAIT_SETS = released.length;
  if (released.length > 0) {
    taskLines.push('export function releaseTask(t) {', ...released, '}');
  } else {
    taskLines.push('export function releaseTask() {}');
  }
  if (snap.pools.length > 0) taskLines.push(...startTaskLines(b, snap, poolFns));
  else taskLines.push('export function startTask() {}');
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
  const ports = serialPortNames(snap.board);
  // Port 0 and every port setup opened: task code prints at run time, which setup does not show.
  let highest = ports.length > 0 ? 0 : -1;
  for (const p of hal.serialUsed) if (p > highest) highest = p;
  const imports: string[] = [];
  b.imports.forEach((names, file) => {
    const list = Array.from(names.keys()).sort().map((name) => name + ' as ' + names.get(name));
    imports.push('import { ' + list.join(', ') + ' } from ' + JSON.stringify(importPath(tasksFile, file)) + ';');
  });
  const program = [
    '// Generated by frugal for ' + snap.example.name + ' on ' + snap.board.name + ': the memory map.',
    exportsText,
    'export const W = new Float64Array(' + b.words + ');',
    'export const R = [];',
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
    refSlots: b.refs, ...b.counts, ports: highest + 1,
  };
  const adapters: { at: number; strategy: string; label: string }[] = [];
  b.adapters.forEach((a, adapter) => adapters.push({ at: a.at, strategy: adapter.strategy, label: adapter.label }));
  const map: DeviceMap = {
    example: snap.example.name,
    board: snap.board.id,
    tasks: fns.map((_, t) => snap.ex.tasks.name[t]),
    futures: DEVICE_FUTURE_NAMES,
    strings: b.strings,
    adapters,
    sites,
    records: b.records.slice(),
    pools,
    pins: hal.used.slice(),
    ports: ports.slice(0, highest + 1),
    layout: b.layout,
    words: b.words,
  };
  return { objects, program, tasks, map, sensorKinds: 'export const SENSOR_KINDS = ' + b.sensorKinds + ';\n' };
}

/** A test that task number `t` is one of `tasks`: runs of three or more as a range. */
function taskTest(tasks: readonly number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < tasks.length;) {
    let j = i;
    while (j + 1 < tasks.length && tasks[j + 1] === tasks[j] + 1) j++;
    if (j - i >= 2) parts.push('t >= ' + tasks[i] + ' && t <= ' + tasks[j]);
    else for (let k = i; k <= j; k++) parts.push('t === ' + tasks[k]);
    i = j + 1;
  }
  return parts.join(' || ');
}

/**
 * startTask(p, t): per pool function, the words its frame must start with zeroed and its
 * parameters copied from the registers spawn() filled (numbers from W[RN..], references from
 * R[1..], in parameter order; a HAL parameter has no slot and is skipped).
 */
function startTaskLines(b: ImageBuilder, snap: Snapshot, poolFns: readonly LoweredFunction[]): string[] {
  const L = b.layout;
  const byFn = new Map<LoweredFunction, number[]>();
  snap.pools.forEach((p, i) => {
    const list = byFn.get(poolFns[i]) ?? [];
    list.push(b.pools.get(p)!);
    byFn.set(poolFns[i], list);
  });
  const at = path.join(DEVICE, 'frames.ts');
  const lines = ['export function startTask(p, t) {', '  var b = ' + b.use(at, 'frameAt') + '(t)' + (L.TASK_REFS ? ', rb = ' + b.use(at, 'refFrameAt') + '(t)' : '') + ';'];
  const groups = Array.from(byFn.entries());
  groups.forEach(([fn, ats], g) => {
    const body: string[] = fn.device!.zeroWords.map((z) => 'W[b' + (z === 0 ? '' : ' + ' + z) + '] = 0;');
    let num = 0;
    let ref = 0;
    fn.sig.params.forEach((p, i) => {
      const slot = fn.device!.paramSlots[i];
      if (p.kind === 'num') {
        if (slot >= 0) body.push('W[b + ' + slot + '] = W[' + (L.RN + num) + '];');
        num++;
      } else {
        if (slot >= 0) body.push('R[rb + ' + slot + '] = R[' + (1 + ref) + '];');
        ref++;
      }
    });
    const test = groups.length > 1 && g < groups.length - 1 ? 'if (' + ats.map((a) => 'p === ' + a).join(' || ') + ') ' : '';
    lines.push('  ' + test + '{ ' + body.join(' ') + (test !== '' ? ' return;' : '') + ' }');
  });
  lines.push('}');
  return lines;
}
