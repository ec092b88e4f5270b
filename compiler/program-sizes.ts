// Sizes a program's config leaves out, computed from the lowering. Setup runs once on a probe
// executor to see which tasks it spawns and which dyn objects (with their adapters) each task's
// arguments reach; each task's side stack, scratch and pool needs follow from its lowered code and
// those adapters (task-sizes.ts). The executor's defaults become the largest needs, the pool gets
// one slot per call site that can take one, and each spawn that does not give its own sizes gets
// its task's needs. A size the program does give is kept, and refused when it is below the need.
// Every tool builds its executor through here: `frugal run`, `build`, `size` and frugal/testing.

import path from 'node:path';
import type { Adapter } from '../adapters/adapter.ts';
import type { ScratchOrPool } from '../adapters/scratch-or-pool.ts';
import type { Vtable } from '../executor/abi.ts';
import { resolveConfig, type ExecutorConfig, type ExecutorOptions, type PoolFullPolicy } from '../executor/config.ts';
import { Executor } from '../executor/executor.ts';
import type { SpawnOptions } from '../executor/spawn-options.ts';
import { taskIndex } from '../contract/task-handle.ts';
import type { TaskPool } from '../executor/task-pool.ts';
import type { Hal } from '../boards/hal.ts';
import type { Example } from '../program/example.ts';
import type { LoweredVtable } from '../tasks/lowered.ts';
import type { Lowering, LoweredFunction } from './lowering.ts';
import { reachableDyns } from './reachable-dyns.ts';
import { max, NO_NEED, TaskSizer, type DynTarget, type Homeless, type Need, type NoMethod, type PlacementBudget } from './task-sizes.ts';

/** What one spawned task needs; null sizes where the program gives them and they suffice. */
export interface TaskNeed {
  readonly task: number;
  readonly name: string;
  readonly entry: LoweredFunction;
  /** Side stack, null when the entry recurses (unbounded). */
  readonly stack: Need | null;
  readonly scratch: Need;
  readonly pool: Need;
  /** Dyn call sites whose calls take a pool slot. */
  readonly poolSlots: number;
  /** A reached implementation is hand-written: what it awaits is not in the side-stack need. */
  readonly handWritten: boolean;
  /** The sizes the task was spawned with. */
  readonly configured: { stackWords: number; stackRefs: number; scratchWords: number; scratchRefs: number };
}

const lowerings = new WeakMap<Example, Lowering>();

/**
 * Sizes `example` from `lowering` wherever its config leaves sizes out (loadExample registers each program).
 * - `lowering` is the host lowering the example was built with (its program holds the example's files).
 */
export function sizeFrom(example: Example, lowering: Lowering): void {
  lowerings.set(example, lowering);
}

// What a probe executor gets for a size the program leaves out: room for any task's entry frame.
const PROBE: ExecutorOptions = { sideStackWords: 4096, sideStackRefs: 1024, scratchWords: 1024, scratchRefs: 256, poolSlots: 0 };

const SIZE_KEYS = ['sideStackWords', 'sideStackRefs', 'scratchWords', 'scratchRefs', 'poolSlots', 'poolSlotWords', 'poolSlotRefs'] as const;

function given(example: Example, key: typeof SIZE_KEYS[number]): number | null {
  const v = example.config[key];
  return v === undefined ? null : v;
}

function where(fn: LoweredFunction): string {
  return path.relative(process.cwd(), fn.file) + ':' + fn.line;
}

/** A task pool setup declared on the probe, sized once setup is over (ProgramSizer.finishPools). */
interface PendingPool {
  readonly name: string;
  readonly fn: LoweredFunction;
  readonly slots: number;
  readonly opts: SpawnOptions;
}

class ProgramSizer {
  readonly needs: TaskNeed[] = [];
  readonly problems: string[] = [];
  /** Calls that cannot work whatever the sizes: refused even where sizes below the need are only reported. */
  readonly misuse: string[] = [];
  /** The reference arguments of every task setup spawned: what a pool's tasks can be handed at run time comes from them. */
  private readonly refs: unknown[] = [];
  private readonly pending: PendingPool[] = [];

  /**
   * `poolTargets`: the dyn objects a task pool's tasks may reach (every one the program's tasks
   * reach), known on the run after the probe; null on the probe, which sizes its pools once its
   * setup is over (finishPools).
   */
  constructor(private readonly example: Example, private readonly l: Lowering, private readonly policy: PoolFullPolicy, private readonly poolSlots: number | null,
    public poolTargets: DynTarget[] | null) {}

  private targets(refs: readonly unknown[]): DynTarget[] {
    const out: DynTarget[] = [];
    for (const d of reachableDyns(refs)) {
      const a: Adapter | null = d.adapter;
      if (a === null) continue;
      const policy = a.strategy === 'ScratchOrPool' ? (a as ScratchOrPool).policy || this.policy : 'error';
      d.impl.methods.forEach((vt, m) => {
        const lvt = vt as LoweredVtable;
        const fn = typeof lvt.source === 'string' ? this.l.lowerFunction(this.l.declOfSource(lvt.source, vt.name)) : null;
        out.push({ iface: d.impl.iface.name, method: d.impl.iface.methods[m], name: d.impl.name, words: vt.words, refs: vt.refs, fn, strategy: a.strategy, policy });
      });
    }
    return out;
  }

  /**
   * Options for one spawn: the task's needs where neither the spawn nor the config gives a size.
   * `ex` holds the spawn's arguments in its registers.
   */
  options(ex: Executor, entry: Vtable, opts: SpawnOptions | undefined): SpawnOptions | undefined {
    const vt = entry as LoweredVtable;
    if (typeof vt.source !== 'string' || typeof vt.params !== 'string') return opts;
    const o = opts ?? {};
    const fn = this.l.lowerFunction(this.l.declOfSource(vt.source, vt.name));
    let refCount = vt.method;
    for (let i = 0; i < vt.params.length; i++) if (vt.params.charAt(i) === 'r') refCount++;
    const refs = ex.ar.slice(0, refCount);
    this.refs.push(...refs);
    return this.sized(o.name || entry.name, "task '" + (o.name || entry.name) + "'", fn, this.targets(refs), o, 0);
  }

  /**
   * Options for the slots of a task pool of `entry` (setup's taskPool): sized like a task's, for
   * the dyn objects any task of the program reaches (a pool's tasks get their arguments from
   * tasks). On the probe, `opts` as given: the pool is sized once setup is over.
   */
  poolOptions(entry: Vtable, slots: number, opts: SpawnOptions | undefined): SpawnOptions | undefined {
    const vt = entry as LoweredVtable;
    if (typeof vt.source !== 'string' || typeof vt.params !== 'string') return opts;
    const o = opts ?? {};
    const fn = this.l.lowerFunction(this.l.declOfSource(vt.source, vt.name));
    const name = o.name || entry.name;
    if (this.poolTargets === null) {
      this.pending.push({ name, fn, slots, opts: o });
      return opts;
    }
    return this.sized(name, "task pool '" + name + "'", fn, this.poolTargets, o, slots);
  }

  /** The probe's pools sized, now that every task setup spawns (and so every dyn object a pool's task may reach) is known. */
  finishPools(): void {
    if (this.poolTargets === null) this.poolTargets = this.targets(this.refs);
    for (const p of this.pending.splice(0)) this.sized(p.name, "task pool '" + p.name + "'", p.fn, this.poolTargets, p.opts, p.slots);
  }

  /**
   * The sizes of the tasks of `fn` named `name` with `targets` reachable, one spawn's (`slots` 0)
   * or the `slots` slots of a pool's (named name[0], name[1], ...): the need noted once per task,
   * and the options with every size neither `o` nor the config gives.
   */
  private sized(name: string, what: string, fn: LoweredFunction, targets: DynTarget[], o: SpawnOptions, slots: number): SpawnOptions {
    const ex0 = this.example;
    const scratchWords = o.scratch ?? given(ex0, 'scratchWords');
    const scratchRefs = o.scratchRefs ?? given(ex0, 'scratchRefs');
    const budget: PlacementBudget = {
      scratchWords, scratchRefs, poolSlots: this.poolSlots ?? 1, poolSlotWords: given(ex0, 'poolSlotWords'), poolSlotRefs: given(ex0, 'poolSlotRefs'),
    };
    const sizer = new TaskSizer(this.l, targets, budget);
    const stack = sizer.entryNeed(fn);
    const bounded = stack.w !== Infinity;
    const out: SpawnOptions = { ...o };
    const label = what + ' (' + fn.name + ', ' + where(fn) + ')';
    const stackWords = o.sideStack ?? given(ex0, 'sideStackWords');
    const stackRefs = o.sideStackRefs ?? given(ex0, 'sideStackRefs');
    if (!bounded) {
      if ((stackWords === null || stackRefs === null) && !sizer.recursion && sizer.loopBranches.length > 0) {
        this.problems.push(label + ': its side stack need is unbounded: ' + sizer.loopBranches.map((f) => f.name + ' (' + where(f) + ')').join(', ') +
          ' awaits in a loop beside another call that awaits (in one join or select), and on the host each round may leave a frame dead ' +
          "under the other call's; fix: spawn the two as tasks of their own, or give sideStack and sideStackRefs for the rounds you allow");
      } else if (stackWords === null || stackRefs === null) {
        this.problems.push(label + ' recurses: its side stack need is unbounded; fix: give it sideStack and sideStackRefs in its spawn options ' +
          '(or sideStackWords and sideStackRefs in the config) for the depth you allow');
      }
    } else if ((stackWords !== null && stackWords < stack.w) || (stackRefs !== null && stackRefs < stack.r)) {
      this.problems.push(label + ' needs a side stack of ' + stack.w + ' words and ' + stack.r + ' refs, but ' +
        (o.sideStack !== undefined || o.sideStackRefs !== undefined ? 'its spawn options give' : "the config of '" + ex0.name + "' gives") + ' ' +
        (stackWords ?? stack.w) + ' words and ' + (stackRefs ?? stack.r) + ' refs; fix: leave the size out (frugal computes it) or give at least ' +
        stack.w + ' words and ' + stack.r + ' refs');
    }
    for (const h of sizer.homeless) this.problems.push(homelessMessage(label, fn, h, budget));
    for (const m of sizer.noMethod) this.misuse.push(noMethodMessage(label, m, targets));
    if (bounded) {
      if (stackWords === null) out.sideStack = stack.w;
      if (stackRefs === null) out.sideStackRefs = stack.r;
    }
    if (scratchWords === null) out.scratch = sizer.scratch.w;
    if (scratchRefs === null) out.scratchRefs = sizer.scratch.r;
    for (let k = 0; k < Math.max(1, slots); k++) {
      this.needs.push({
        task: -1, name: slots === 0 ? name : name + '[' + k + ']', entry: fn, stack: bounded ? stack : null, scratch: sizer.scratch,
        pool: sizer.pool, poolSlots: sizer.poolSites.size, handWritten: sizer.handWritten,
        configured: { stackWords: out.sideStack ?? stackWords ?? 0, stackRefs: out.sideStackRefs ?? stackRefs ?? 0, scratchWords: out.scratch ?? 0, scratchRefs: out.scratchRefs ?? 0 },
      });
    }
    return out;
  }
}

function noMethodMessage(label: string, m: NoMethod, targets: readonly DynTarget[]): string {
  const ifaces = new Map<string, string[]>();
  for (const t of targets) {
    const list = ifaces.get(t.iface) ?? [];
    if (list.indexOf(t.method) < 0) list.push(t.method);
    ifaces.set(t.iface, list);
  }
  const have = Array.from(ifaces.entries()).map(([i, ms]) => i + ' (' + ms.join(', ') + ')').join(', ');
  return path.relative(process.cwd(), m.fn.file) + ':' + m.line + ':' + m.column + ": call(d, '" + m.method + "') in " + label +
    ": no dyn object this task reaches has a method '" + m.method + "' (their interfaces: " + have + "); fix: add '" + m.method +
    "' to the method list its interface's defineInterface gives, or call one of the methods it has";
}

function homelessMessage(label: string, fn: LoweredFunction, h: Homeless, b: PlacementBudget): string {
  const t = h.target;
  return path.relative(process.cwd(), fn.file) + ':' + h.line + ':' + h.column + ': ' + t.iface + '.' + t.method + '() of ' + t.name + ' in ' + label +
    ' has a frame of ' + t.words + ' words and ' + t.refs + ' refs, which fits neither its scratch (' + (b.scratchWords ?? 'computed') + ' words, ' +
    (b.scratchRefs ?? 'computed') + ' refs) nor a pool slot (' + b.poolSlots + ' slots of ' + (b.poolSlotWords ?? 'computed') + ' words, ' +
    (b.poolSlotRefs ?? 'computed') + ' refs); fix: leave scratchWords/scratchRefs out of the config (frugal computes them) or give at least ' +
    t.words + ' words and ' + t.refs + ' refs of scratch or pool slot';
}

/**
 * Runs setup on ex with each spawn sized by `sizer`; returns the needs in spawn order with their
 * task ids. The executor's spawn is restored afterwards.
 */
function sizedSetup(example: Example, sizer: ProgramSizer, ex: Executor, hal: Hal): TaskNeed[] {
  const spawn = ex.spawn;
  const reservePool = ex.reservePool;
  const ids: number[] = [];
  ex.spawn = function (entry: Vtable, opts?: SpawnOptions): number {
    const sized = sizer.options(ex, entry, opts);
    const handle = spawn.call(ex, entry, sized);
    if (sized !== opts) ids.push(taskIndex(handle));
    return handle;
  };
  ex.reservePool = function (entry: Vtable, slots: number, opts?: SpawnOptions): TaskPool {
    const noted = sizer.needs.length;
    const pool = reservePool.call(ex, entry, slots, sizer.poolOptions(entry, slots, opts));
    if (sizer.needs.length > noted) for (let k = 0; k < slots; k++) ids.push(pool.first + k);
    return pool;
  };
  try {
    example.setup(ex, hal);
  } finally {
    ex.spawn = spawn;
    ex.reservePool = reservePool;
  }
  sizer.finishPools();
  return sizer.needs.map((n, i) => ({ ...n, task: i < ids.length ? ids[i] : -1 }));
}

function refuse(example: Example, problems: readonly string[]): void {
  if (problems.length === 0) return;
  throw new Error("example '" + example.name + "': sizes below what its tasks need:\n  " + problems.join('\n  '));
}

/** A program's executor with its sizes computed, and setup run on it. */
export interface SizedProgram {
  readonly ex: Executor;
  readonly config: ExecutorConfig;
  /** Per spawned lowered task, what it needs and what it got. */
  readonly tasks: readonly TaskNeed[];
  /** Sizes given below the need (only when `refuse` was false; else they threw). */
  readonly problems: readonly string[];
}

/**
 * Builds the executor for a program and runs its setup on `hal`: sizes the config leaves out are
 * the tasks' needs, found by running setup first on a probe executor with `probeHal` (a HAL of the
 * same board that nothing else uses). A program not registered with sizeFrom runs on its config
 * as given. With `refuse` (the default), a given size below the need is an error.
 * `beforeSetup` sees the executor first (a tracer attaches there).
 * - `probeHal` gives a HAL of the same board that nothing else uses; the example is loaded (its tasks lowered).
 */
export function startProgram(example: Example, hal: Hal, probeHal: () => Hal, opts?: { refuse?: boolean; beforeSetup?: (ex: Executor) => void }): SizedProgram {
  const l = lowerings.get(example);
  if (l === undefined) {
    const ex = new Executor(example.config);
    if (opts?.beforeSetup) opts.beforeSetup(ex);
    example.setup(ex, hal);
    return { ex, config: ex.config, tasks: [], problems: [] };
  }
  // The probe's spawns size the executor; the spawns of setup on `hal` are sized again one by one,
  // so a setup that spawned otherwise the second time still meets the executor's own checks.
  const { config, poolTargets } = programConfig(example, l, probeHal(), opts?.refuse !== false);
  const sizer = new ProgramSizer(example, l, config.poolFullPolicy, config.poolSlots, poolTargets);
  const ex = new Executor(config);
  if (opts?.beforeSetup) opts.beforeSetup(ex);
  const tasks = sizedSetup(example, sizer, ex, hal);
  return { ex, config, tasks, problems: sizer.problems };
}

/**
 * The config with every size it leaves out computed from a probe run of setup, and the dyn objects
 * the tasks of its task pools may reach.
 */
function programConfig(example: Example, l: Lowering, probeHal: Hal, refuseBelow: boolean): { config: ExecutorConfig; poolTargets: DynTarget[] } {
  const c = resolveConfig(example.config);
  const probeConfig: ExecutorOptions = { ...example.config };
  for (const k of SIZE_KEYS) if (probeConfig[k] === undefined && PROBE[k] !== undefined) probeConfig[k] = PROBE[k];
  const probe = new ProgramSizer(example, l, c.poolFullPolicy, given(example, 'poolSlots'), null);
  const needs = sizedSetup(example, probe, new Executor(probeConfig), probeHal);
  if (probe.misuse.length > 0) throw new Error("example '" + example.name + "': " + probe.misuse.join('\n  '));
  if (refuseBelow) refuse(example, probe.problems);
  let stack = NO_NEED;
  let scratch = NO_NEED;
  let pool = NO_NEED;
  let slots = 0;
  for (const n of needs) {
    if (n.stack !== null) stack = max(stack, n.stack);
    scratch = max(scratch, n.scratch);
    pool = max(pool, n.pool);
    slots += n.poolSlots;
  }
  const out: ExecutorOptions = { ...example.config };
  const computed: { [k in typeof SIZE_KEYS[number]]: number } = {
    sideStackWords: Math.max(1, stack.w), sideStackRefs: stack.r, scratchWords: scratch.w, scratchRefs: scratch.r,
    poolSlots: slots, poolSlotWords: pool.w, poolSlotRefs: pool.r,
  };
  // With no lowered task there is nothing to compute from: the executor's defaults stay.
  if (needs.length > 0) for (const k of SIZE_KEYS) if (out[k] === undefined) out[k] = computed[k];
  return { config: resolveConfig(out), poolTargets: probe.poolTargets ?? [] };
}
