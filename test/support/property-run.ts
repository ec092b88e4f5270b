// Runs a World (test/support/property-lang.ts) on a fresh executor and simulated board and checks the
// invariants a fixed-budget executor must keep whatever the program does. Violations are collected
// as strings rather than thrown: a throw inside a poll would become a task fault and hide the
// violation behind the very mechanism under test.
//
// Tasks are interpreted by `Prog` (property-futures.ts), a hand-written state machine on the poll ABI. Every leaf future a
// command opens is wrapped in `Observe`, which records its state so that the runner can tell a
// future polled after it completed or after its drop, a handle still live after its drop, and a
// parked future whose event already happened while its task sleeps (a lost wakeup).

import { Channel, numberChannel, recv, send } from '../../primitives/channel.ts';
import { isFrugalError } from '../../executor/errors.ts';
import { Executor } from '../../executor/executor.ts';
import { frameIndex } from '../../executor/frame-handle.ts';
import { taskIndex } from '../../contract/task-handle.ts';
import { timerEntry, timerGeneration } from '../../executor/timer-handle.ts';
import type { Fault } from '../../executor/fault-log.ts';
import { join } from '../../primitives/join.ts';
import { select, timeout } from '../../primitives/select.ts';
import { Signal, waitSignal } from '../../primitives/signal.ts';
import { Sleep, sleep, TimeoutSleep } from '../../primitives/sleep.ts';
import { A_ALLOCS, A_CALLS, A_POOL, A_REFUSED, A_REUSES, A_SCRATCH, A_STACK, A_WAITS } from '../../contract/adapter-counters.ts';
import { yieldNow } from '../../primitives/yield.ts';
import type { Adapter } from '../../adapters/adapter.ts';
import { Boxing } from '../../adapters/boxing.ts';
import { CallerCachedBox } from '../../adapters/caller-cached-box.ts';
import { dyn, next, type Dyn } from '../../adapters/dyn.ts';
import { Inline } from '../../adapters/inline.ts';
import { MaxSpace } from '../../adapters/max-space.ts';
import { PoolWait } from '../../adapters/pool-wait.ts';
import { Recycling } from '../../adapters/recycling.ts';
import { ScratchOrPool } from '../../adapters/scratch-or-pool.ts';
import { SideStack } from '../../adapters/side-stack.ts';
import { PinEdges, waitEdge } from '../../boards/pin-edge.ts';
import { LINES_COMPLETE, readLine, SerialLines } from '../../boards/serial-lines.ts';
import { SimBoard } from '../../boards/sim/sim-board.ts';
import { counter } from './counter-impl.ts';
import { freeCounts } from './script-task.ts';
import type { AdapterSpec, Cmd, Ev, Leaf, World } from './property-lang.ts';
import { INJECTED_DROP, INJECTED_POLL, Observe, Prog, runningWorld, setRunningWorld, W_ARMED, W_CHILD, W_P } from './property-futures.ts';

/** Spawns beyond this many per run are skipped, so spawn commands cannot blow up a run's work. */
const MAX_INSTANCES = 24;
const SIGNALS = 2;

export interface RunResult {
  violations: string[];
  polls: number;
  faults: number;
  spawned: number;
  faultMessages: string[];
  /** Tasks still running at the horizon, before the runner cancels them. */
  liveAtHorizon: number;
  ex: Executor | null;
  adapters: Adapter[];
}

type InstState = 'never' | 'live' | 'ready' | 'dropped';
interface Inst { id: number; prog: number; cmds: Cmd[]; handle: number; slot: number; state: InstState; polls: number; abandoned: number }

type LeafState = 'opened' | 'pending' | 'ready' | 'dropped';
interface LeafRec {
  id: number; leaf: Leaf; inst: number; key: string; h: number; child: number; state: LeafState;
  openedAt: number; deadline: number; edgeCount: number; delay: number; orphan: boolean;
}

export function describeError(e: unknown): string {
  return e instanceof Error ? (e.stack || e.message) : String(e);
}

export class Ctx {
  readonly world: World;
  readonly ex: Executor;
  readonly sim: SimBoard;
  readonly chans: Channel[] = [];
  readonly sigs: Signal[] = [];
  readonly edges: PinEdges;
  readonly lines: SerialLines;
  readonly buf = new Uint8Array(4);
  readonly adapters: Adapter[] = [];
  readonly adapterSpecs: AdapterSpec[];
  readonly dyns: Dyn[] = [];
  readonly dynAdapter: number[] = [];
  readonly dynDelay: number[] = [];
  readonly insts: Inst[] = [];
  readonly leaves: LeafRec[] = [];
  readonly violations: string[] = [];
  readonly faults: Fault[] = [];
  polls = 0;
  liveAtHorizon = 0;
  readies = 0;
  spawned = 0;
  cancels = 0;
  /** Frames left unowned on purpose (orphan command) or by timeout() when its select cannot open. */
  expectedLeaks = 0;
  /** Per adapter: calls made, calls that threw, and those that threw outside the adapter's own refusal. */
  readonly dynCalls: number[] = [];
  readonly dynThrows: number[] = [];
  readonly dynUnaccounted: number[] = [];

  constructor(world: World) {
    this.world = world;
    const c = world.cfg;
    this.ex = new Executor({
      maxTasks: c.maxTasks, sideStackWords: c.sideStackWords, sideStackRefs: c.sideStackRefs,
      scratchWords: c.scratchWords, scratchRefs: c.scratchRefs, poolSlots: c.poolSlots,
      poolSlotWords: c.poolSlotWords, poolSlotRefs: c.poolSlotRefs, poolFullPolicy: c.poolFullPolicy,
      maxFrames: c.maxTasks * c.framesPerTask, timerCapacity: c.timerCapacity,
      runQueueCapacity: c.maxTasks + c.queueExtra,
    });
    this.sim = new SimBoard();
    const ex = this.ex;
    for (const cap of world.channels) this.chans.push(numberChannel(ex, cap));
    for (let i = 0; i < SIGNALS; i++) this.sigs.push(new Signal(ex));
    this.edges = new PinEdges(ex, this.sim, this.sim.pin('BTN1'), 0);
    this.lines = new SerialLines(ex, this.sim, 0, 16);
    this.adapterSpecs = world.adapters;
    const impls = world.impls.map((s) => counter(s.limit, s.words, s.delay));
    for (let i = 0; i < world.adapters.length; i++) {
      let maxWords = 2;
      for (const d of world.dyns) {
        if (d.adapter % world.adapters.length === i) maxWords = Math.max(maxWords, world.impls[d.impl % world.impls.length].words);
      }
      this.adapters.push(makeAdapter(world.adapters[i], maxWords));
      this.dynCalls.push(0);
      this.dynThrows.push(0);
      this.dynUnaccounted.push(0);
    }
    for (const d of world.dyns) {
      const a = d.adapter % world.adapters.length;
      this.dyns.push(dyn(impls[d.impl % impls.length], this.adapters[a]));
      this.dynAdapter.push(a);
      this.dynDelay.push(world.impls[d.impl % impls.length].delay);
    }
  }

  violate(msg: string): void {
    if (this.violations.length < 20) this.violations.push(msg);
  }

  dropChecked(h: number): void {
    this.ex.drop(h);
    if (this.ex.isLive(h)) this.violate('handle ' + h + ' still live after its drop');
  }

  // ---- tasks -------------------------------------------------------------------------------

  spawnProg(prog: number): void {
    const ex = this.ex;
    if (this.insts.length >= MAX_INSTANCES) return;
    const p = prog % this.world.programs.length;
    const inst: Inst = { id: this.insts.length, prog: p, cmds: this.world.programs[p], handle: 0, slot: -1, state: 'never', polls: 0, abandoned: 0 };
    this.insts.push(inst);
    const before = freeCounts(ex);
    ex.an[0] = inst.id;
    try {
      const h = ex.spawn(Prog, { name: 'p' + p });
      inst.handle = h;
      inst.slot = taskIndex(h);
      inst.state = 'live';
      this.spawned++;
    } catch (e) {
      if (!isFrugalError(e, 'spawn')) this.violate('spawn failed with something other than a spawn error: ' + describeError(e));
      if (JSON.stringify(freeCounts(ex)) !== JSON.stringify(before)) this.violate('a failed spawn took memory: ' + JSON.stringify(before) + ' -> ' + JSON.stringify(freeCounts(ex)));
    }
  }

  cancelInst(k: number): void {
    const ex = this.ex;
    if (this.insts.length === 0) return;
    const inst = this.insts[k % this.insts.length];
    const self = ex.cur >= 0 && inst.state === 'live' && inst.slot === ex.cur;
    if (ex.isRunning(inst.handle) && !self) {
      ex.cancel(inst.handle);
      this.cancels++;
      if (inst.state !== 'dropped') this.violate('task #' + inst.id + ' cancelled but its entry future was not dropped');
      return;
    }
    try {
      ex.cancel(inst.handle);
      this.violate('cancel of task #' + inst.id + ' (' + inst.state + (self ? ', itself' : '') + ') did not throw');
    } catch (e) {
      const want = self ? 'misuse' : 'stale-handle';
      if (!isFrugalError(e, want)) this.violate('cancel of task #' + inst.id + ': expected a ' + want + ' error, got ' + describeError(e));
    }
  }

  wakes(task: number, n: number): void {
    const ex = this.ex;
    for (let i = 0; i < n; i++) ex.wake((task + i) % ex.config.maxTasks);
    this.checkRunQueue();
  }

  checkRunQueue(): void {
    const q = this.ex.runQueue;
    const seen: boolean[] = [];
    for (let k = 0; k < q.length; k++) {
      const t = q.ids[(q.st[0] + k) % q.ids.length];
      if (seen[t]) this.violate('task ' + t + ' queued twice');
      seen[t] = true;
      if (this.ex.tasks.state[t] !== 1) this.violate('task ' + t + ' queued while not live');
    }
    if (q.length > this.ex.liveTasks()) this.violate('run queue holds ' + q.length + ' entries for ' + this.ex.liveTasks() + ' live tasks');
  }

  // ---- commands ------------------------------------------------------------------------------

  exec(w: Float64Array, b: number, inst: Inst, cmd: Cmd): void {
    const ex = this.ex;
    switch (cmd.k) {
      case 'await':
        w[b + W_CHILD] = this.openInto(w, b, 0, cmd.leaf, inst);
        w[b + W_P] = 0;
        return;
      case 'select':
      case 'join': {
        const leaves = this.branchLeaves(cmd.leaves);
        for (let i = 0; i < leaves.length; i++) this.openInto(w, b, i, leaves[i], inst);
        const p = b + W_P;
        const n = leaves.length;
        const open = cmd.k === 'select' ? select : join;
        w[b + W_CHILD] = n === 1 ? open(ex, w[p]) : n === 2 ? open(ex, w[p], w[p + 1]) :
          n === 3 ? open(ex, w[p], w[p + 1], w[p + 2]) : open(ex, w[p], w[p + 1], w[p + 2], w[p + 3]);
        for (let i = 0; i < 4; i++) w[p + i] = 0;
        return;
      }
      case 'timeout': {
        const h = this.openInto(w, b, 0, cmd.leaf, inst);
        const framesBefore = ex.frames.inUse;
        try {
          w[b + W_CHILD] = timeout(ex, cmd.ms, h);
        } catch (e) {
          // timeout() opens its sleep before the select; when the select cannot open, the sleep is
          // left to the backstop (see 'timeout() leaves its sleep' in property-regressions).
          this.expectedLeaks += ex.frames.inUse - framesBefore;
          throw e;
        }
        w[b + W_P] = 0;
        return;
      }
      case 'trySend':
        this.chans[cmd.ch % this.chans.length].trySend(ex, cmd.v);
        return;
      case 'set':
        this.sigs[cmd.sig % SIGNALS].set(ex, cmd.v);
        return;
      case 'spawn':
        this.spawnProg(cmd.prog);
        return;
      case 'cancel':
        this.cancelInst(cmd.task);
        return;
      case 'throw':
        throw new Error(INJECTED_POLL);
      case 'dropEarly': {
        const h = this.openInto(w, b, 0, cmd.leaf, inst);
        w[b + W_P] = 0;
        this.dropChecked(h);
        return;
      }
      case 'orphan': {
        this.openInto(w, b, 0, cmd.leaf, inst);
        this.leaves[this.leaves.length - 1].orphan = true;
        w[b + W_P] = 0;
        // the observer and its child: only the backstop at the task's end frees them
        this.expectedLeaks += 2;
        return;
      }
      case 'stale': {
        const h = this.openInto(w, b, 0, cmd.leaf, inst);
        w[b + W_P] = 0;
        const child = this.leaves[this.leaves.length - 1].child;
        this.dropChecked(h);
        if (ex.isLive(child)) this.violate('child ' + child + ' live after its observer was dropped');
        this.expectStale(() => ex.poll(h), 'poll');
        this.expectStale(() => ex.drop(h), 'drop');
        this.expectStale(() => ex.poll(child), 'poll of the child');
        return;
      }
      case 'armDropThrow':
        w[b + W_ARMED] = 1;
        return;
      case 'wakes':
        this.wakes(cmd.task, cmd.n);
        return;
      case 'abandon': {
        inst.abandoned++;
        const leaf: Leaf = { k: 'sleep', ms: cmd.ms };
        const h = this.openInto(w, b, 0, leaf, inst);
        const rec = this.leaves[this.leaves.length - 1];
        rec.orphan = true;
        this.expectedLeaks += 2;
        w[b + W_P] = 0;
        ex.poll(h);
        return;
      }
    }
  }

  expectStale(fn: () => unknown, what: string): void {
    try {
      fn();
      this.violate(what + ' of a dropped handle did not throw');
    } catch (e) {
      if (!isFrugalError(e, 'stale-handle') || !/is stale/.test((e as Error).message)) this.violate(what + ' of a dropped handle: ' + describeError(e));
    }
  }

  branchLeaves(leaves: Leaf[]): Leaf[] {
    return leaves.slice(0, 4);
  }

  waiterKey(l: Leaf): string {
    switch (l.k) {
      case 'recv': return 'recv' + (l.ch % this.chans.length);
      case 'send': return 'send' + (l.ch % this.chans.length);
      case 'wait': return 'sig' + (l.sig % SIGNALS);
      case 'edge': return 'edge';
      case 'line': return 'line';
      case 'dyn': {
        const spec = this.adapterSpecs[this.dynAdapter[l.d % this.dyns.length]];
        return spec.k === 'ScratchOrPool' && (spec.policy || this.world.cfg.poolFullPolicy) === 'wait' ? 'pool' : '';
      }
      default: return '';
    }
  }

  /** Opens a leaf wrapped in Observe; the pending slot owns whatever is open at each moment. */
  openInto(w: Float64Array, b: number, slot: number, leaf: Leaf, inst: Inst): number {
    const ex = this.ex;
    const rec: LeafRec = {
      id: this.leaves.length, leaf: leaf, inst: inst.id, key: this.waiterKey(leaf), h: 0, child: 0, state: 'opened',
      openedAt: ex.now, deadline: 0, edgeCount: 0, delay: 0, orphan: false,
    };
    const child = this.openLeaf(leaf, rec);
    this.leaves.push(rec);
    rec.child = child;
    w[b + W_P + slot] = child;
    ex.an[0] = child;
    ex.an[1] = rec.id;
    const h = ex.push(Observe);
    rec.h = h;
    w[b + W_P + slot] = h;
    return h;
  }

  openLeaf(leaf: Leaf, rec: LeafRec): number {
    const ex = this.ex;
    switch (leaf.k) {
      case 'sleep':
        rec.deadline = ex.now + leaf.ms;
        return sleep(ex, leaf.ms);
      case 'yield':
        return yieldNow(ex);
      case 'recv':
        return recv(ex, this.chans[leaf.ch % this.chans.length]);
      case 'send':
        return send(ex, this.chans[leaf.ch % this.chans.length], leaf.v);
      case 'wait':
        return waitSignal(ex, this.sigs[leaf.sig % SIGNALS]);
      case 'edge':
        rec.edgeCount = this.edges.count(leaf.kind);
        return waitEdge(ex, this.edges, leaf.kind);
      case 'line':
        return readLine(ex, this.lines, this.buf);
      case 'dyn': {
        const i = leaf.d % this.dyns.length;
        const a = this.dynAdapter[i];
        rec.delay = this.dynDelay[i];
        this.dynCalls[a]++;
        try {
          return leaf.escaping ? this.dyns[i].open(ex, 0, true) : next(ex, this.dyns[i]);
        } catch (e) {
          this.dynThrows[a]++;
          const strategy = this.adapters[a].strategy;
          if (!(e instanceof Error) || e.message.indexOf(strategy + ':') !== 0) this.dynUnaccounted[a]++;
          throw e;
        }
      }
    }
  }

  // ---- checks --------------------------------------------------------------------------------

  onFault(f: Fault): void {
    this.faults.push(f);
    const e = f.error;
    const msg = f.message;
    if (msg === INJECTED_POLL && f.phase === 'poll') return;
    if (msg === INJECTED_DROP && f.phase === 'drop') return;
    if (isFrugalError(e, 'budget') && ['side stack', 'frames', 'timers', 'pool'].indexOf(e.budget) >= 0 && f.phase === 'poll') return;
    if (isFrugalError(e, 'misuse') && (e.budget === 'Inline' || e.budget === 'MaxSpace') && /called while the previous future/.test(msg)) return;
    this.violate('unexpected fault in task ' + f.task + " ('" + f.name + "') during " + f.phase + ': ' + describeError(e));
  }

  /** Between polls, with nothing ready: every parked future must be waiting for something that has not happened. */
  quiescent(): void {
    const ex = this.ex;
    if (ex.runQueue.length !== 0) this.violate('run queue not empty after the board went idle');
    this.checkTimers();
    for (const rec of this.leaves) {
      if (rec.state === 'dropped' || rec.orphan || rec.h === 0) continue;
      const inst = this.insts[rec.inst];
      if (inst.state !== 'live') {
        this.violate('leaf ' + rec.id + ' (' + rec.leaf.k + ') of task #' + inst.id + ' (' + inst.state + ') was never dropped');
        continue;
      }
      if (rec.state !== 'pending') continue;
      const lost = this.lostWakeup(rec);
      if (lost !== '') this.violate('lost wakeup at t=' + ex.now + ': task #' + inst.id + ' parked on ' + JSON.stringify(rec.leaf) + ' but ' + lost);
    }
  }

  /** Each pending timer belongs to exactly one live sleep of a live task, and the other way round. */
  checkTimers(): void {
    const ex = this.ex;
    const tm = ex.timers;
    const fr = ex.frames;
    const owners: number[] = [];
    for (let f = 0; f < fr.capacity; f++) {
      // timeout()'s sleep has a vtable of its own (it names the timeout when its time is not finite).
      if (fr.live[f] !== 1 || (fr.vt[f] !== Sleep.id && fr.vt[f] !== TimeoutSleep.id)) continue;
      const w = fr.boxed[f] === 1 ? fr.boxW[f] : ex.w;
      const th = w[fr.base[f] + 1];
      if (th === 0) continue;
      const id = timerEntry(th);
      if (tm.gen[id] !== timerGeneration(th) || tm.pos[id] < 0) continue; // fired already: no timer
      if (owners[id] !== undefined) this.violate('timer ' + id + ' held by two sleeps');
      owners[id] = f;
      if (tm.task[id] !== fr.task[f]) this.violate('timer ' + id + ' wakes task ' + tm.task[id] + ' but its sleep belongs to task ' + fr.task[f]);
    }
    for (let i = 0; i < tm.size; i++) {
      const id = tm.heap[i];
      if (owners[id] === undefined) this.violate('timer ' + id + ' (task ' + tm.task[id] + ', deadline ' + tm.deadline[id] + ') pending with no live sleep');
      if (ex.tasks.state[tm.task[id]] !== 1) this.violate('timer ' + id + ' pending for task ' + tm.task[id] + ', which is not live');
    }
  }

  lostWakeup(rec: LeafRec): string {
    const ex = this.ex;
    const l = rec.leaf;
    switch (l.k) {
      case 'sleep': return ex.now >= rec.deadline ? 'its deadline ' + rec.deadline + ' has passed' : '';
      case 'yield': return 'a yield is never parked';
      case 'recv': return this.chans[l.ch % this.chans.length].length > 0 ? 'the channel holds items' : '';
      case 'send': {
        const ch = this.chans[l.ch % this.chans.length];
        return ch.length < ch.capacity ? 'the channel has room' : '';
      }
      case 'wait': return this.sigs[l.sig % SIGNALS].isSet ? 'the signal is set' : '';
      case 'edge': return this.edges.count(l.kind) > rec.edgeCount ? 'the edge happened' : '';
      case 'line': return this.lines.st[LINES_COMPLETE] > 0 ? 'a complete line is buffered' : '';
      case 'dyn': {
        if (!ex.isLive(rec.child)) return 'its future is gone';
        const f = frameIndex(rec.child);
        if (ex.frames.vt[f] === PoolWait.id) {
          const w = ex.frames.boxed[f] === 1 ? ex.frames.boxW[f] : ex.w;
          if (w[ex.frames.base[f]] === 0) return ex.pool.free > 0 ? 'a pool slot is free' : '';
          return '';
        }
        return ex.now >= rec.openedAt + rec.delay ? 'its implementation\'s sleep of ' + rec.delay + ' ms is over' : '';
      }
    }
  }

  final(start: ReturnType<typeof freeCounts>): void {
    const ex = this.ex;
    if (ex.liveTasks() !== 0) this.violate(ex.liveTasks() + ' task(s) still live after cancelling all');
    for (const inst of this.insts) {
      if (inst.state === 'live') this.violate('task #' + inst.id + ' never ended');
      if (inst.handle !== 0 && ex.isRunning(inst.handle)) this.violate('task #' + inst.id + ' handle still running');
    }
    const end = freeCounts(ex);
    const want = { ...start, leakedFrames: start.leakedFrames + this.expectedLeaks };
    if (JSON.stringify(end) !== JSON.stringify(want)) this.violate('free counts ' + JSON.stringify(end) + ', expected ' + JSON.stringify(want));
    const sets: [string, { length: number }][] = [['pool waiters', ex.pool.waiters], ['pin waiters', this.edges.waiters], ['serial readers', this.lines.readers]];
    this.chans.forEach((c, i) => { sets.push(['channel ' + i + ' receivers', c.receivers], ['channel ' + i + ' senders', c.senders]); });
    this.sigs.forEach((s, i) => { sets.push(['signal ' + i + ' waiters', s.waiters]); });
    for (const [name, s] of sets) if (s.length !== 0) this.violate(name + ': ' + s.length + ' left after every task ended');
    for (const rec of this.leaves) {
      if (ex.isLive(rec.h) || ex.isLive(rec.child)) this.violate('leaf ' + rec.id + ' (' + rec.leaf.k + ') handle live after its task ended');
    }
    // Counters against what the interpreter saw.
    if (ex.polls !== this.polls) this.violate('ex.polls ' + ex.polls + ' but entry futures were polled ' + this.polls + ' times');
    if (ex.polls > ex.wakes) this.violate('more polls (' + ex.polls + ') than wakes (' + ex.wakes + ')');
    if (ex.spawned !== this.spawned) this.violate('ex.spawned ' + ex.spawned + ', spawns that succeeded ' + this.spawned);
    if (ex.ended !== this.readies) this.violate('ex.ended ' + ex.ended + ', entry futures that returned READY ' + this.readies);
    if (ex.cancelled !== this.cancels) this.violate('ex.cancelled ' + ex.cancelled + ', cancels made ' + this.cancels);
    if (ex.faultCount !== this.faults.length) this.violate('ex.faultCount ' + ex.faultCount + ', onFault calls ' + this.faults.length);
    if (ex.faults.length !== Math.min(8, this.faults.length)) this.violate('ex.faults keeps ' + ex.faults.length + ' of ' + this.faults.length);
    const ts = ex.tasks;
    const slots = this.insts.filter((i) => i.slot >= 0).map((i) => i.slot);
    if (slots.every((s, k) => slots.indexOf(s) === k)) {
      // No slot was reused, so each slot's counters belong to one task.
      let hits = 0, fallbacks = 0;
      for (const inst of this.insts) {
        if (inst.slot < 0) continue;
        if (ts.polls[inst.slot] !== inst.polls) this.violate('task #' + inst.id + ': ts.polls ' + ts.polls[inst.slot] + ', polled ' + inst.polls);
        hits += ts.scratchHits[inst.slot];
        fallbacks += ts.poolFallbacks[inst.slot];
      }
      let aScratch = 0, aPool = 0;
      for (const a of this.adapters) if (a.strategy === 'ScratchOrPool') { aScratch += a.stats[A_SCRATCH]; aPool += a.stats[A_POOL]; }
      if (hits !== aScratch) this.violate('per-task scratch hits ' + hits + ', adapters placed ' + aScratch + ' in scratch');
      if (fallbacks !== aPool) this.violate('per-task pool fallbacks ' + fallbacks + ', adapters placed ' + aPool + ' in the pool');
    }
    let allocs = 0;
    for (let i = 0; i < this.adapters.length; i++) {
      const a = this.adapters[i];
      const s = a.stats;
      allocs += s[A_ALLOCS];
      if (s[A_CALLS] !== this.dynCalls[i]) this.violate(a.strategy + ' #' + i + ': ' + s[A_CALLS] + ' calls counted, ' + this.dynCalls[i] + ' made');
      const placed = s[A_SCRATCH] + s[A_POOL] + s[A_STACK] + s[A_REUSES] + s[A_ALLOCS];
      // A parked call ('wait') is counted once as a wait and once more as a pool placement when it gets its slot.
      const gap = placed + s[A_WAITS] + s[A_REFUSED] - s[A_CALLS];
      if (gap < 0 || gap > s[A_WAITS]) {
        this.violate(a.strategy + ' #' + i + ': ' + s[A_CALLS] + ' calls but scratch ' + s[A_SCRATCH] + ' + pool ' + s[A_POOL] + ' + stack ' + s[A_STACK] +
          ' + reused ' + s[A_REUSES] + ' + allocations ' + s[A_ALLOCS] + ' + waits ' + s[A_WAITS] + ' + refused ' + s[A_REFUSED] +
          ' (calls that threw: ' + this.dynThrows[i] + ', outside the adapter: ' + this.dynUnaccounted[i] + ')');
      }
      const spec = this.adapterSpecs[i];
      if (spec.k === 'ScratchOrPool') {
        const policy = spec.policy || this.world.cfg.poolFullPolicy;
        if (policy !== 'box' && s[A_ALLOCS] !== 0) this.violate('ScratchOrPool #' + i + ' with policy ' + policy + ' allocated');
        if (policy !== 'wait' && s[A_WAITS] !== 0) this.violate('ScratchOrPool #' + i + ' with policy ' + policy + ' parked a call');
      } else if (spec.k !== 'Boxing' && spec.k !== 'Recycling' && spec.k !== 'CallerCachedBox' && s[A_ALLOCS] !== 0) {
        this.violate(spec.k + ' #' + i + ' allocated');
      }
    }
    if (ex.boxedFrames > allocs) this.violate(ex.boxedFrames + ' boxed frames but the adapters counted ' + allocs + ' allocations');
  }
}

function makeAdapter(spec: AdapterSpec, maxWords: number): Adapter {
  switch (spec.k) {
    case 'ScratchOrPool': return spec.policy === null ? new ScratchOrPool() : new ScratchOrPool({ policy: spec.policy });
    case 'SideStack': return new SideStack();
    case 'Inline': return new Inline();
    case 'MaxSpace': return new MaxSpace(maxWords + spec.extraWords, 1 + spec.extraRefs);
    case 'Recycling': return new Recycling();
    case 'CallerCachedBox': return new CallerCachedBox();
    case 'Boxing': return new Boxing();
  }
}

function applyEvent(c: Ctx, ev: Ev): void {
  switch (ev.k) {
    case 'cancel': c.cancelInst(ev.task); return;
    case 'set': c.sigs[ev.sig % SIGNALS].set(c.ex, ev.v); return;
    case 'trySend': c.chans[ev.ch % c.chans.length].trySend(c.ex, ev.v); return;
    case 'spawn': c.spawnProg(ev.prog); return;
    case 'wakes': c.wakes(ev.task, ev.n); return;
  }
}

/** Runs the world to its horizon, cancels what is left, and returns every invariant it broke. */
export function runWorld(world: World): RunResult {
  if (runningWorld() !== null) throw new Error('property runner: worlds do not nest');
  let c: Ctx | null = null;
  const violations: string[] = [];
  try {
    c = new Ctx(world);
    setRunningWorld(c);
    const { ex, sim } = c;
    const cc = c;
    const start = freeCounts(ex);
    ex.onFault = (x, f) => cc.onFault(f);
    const edgeTimes = world.edges.slice().sort((a, b) => a - b);
    for (let i = 0; i < edgeTimes.length; i++) sim.edge('BTN1', edgeTimes[i], i % 2 === 0 ? 1 : 0);
    for (const l of world.lines) sim.serialInput(0, l.at, l.text);
    const n = Math.min(world.initial, world.programs.length);
    for (let i = 0; i < n; i++) c.spawnProg(i);
    const events = world.events.slice().sort((a, b) => a.at - b.at);
    for (const e of events) {
      if (e.at > sim.now()) {
        sim.run(ex, e.at - sim.now());
        c.quiescent();
      }
      applyEvent(c, e.ev);
    }
    sim.run(ex, Math.max(0, world.horizon - sim.now()));
    c.quiescent();
    c.liveAtHorizon = c.insts.filter((i) => i.state === 'live').length;
    for (const inst of c.insts) {
      if (ex.isRunning(inst.handle)) {
        ex.cancel(inst.handle);
        c.cancels++;
      }
    }
    sim.run(ex, 1);
    c.quiescent();
    c.final(start);
  } catch (e) {
    violations.push('exception escaped the executor: ' + describeError(e));
  } finally {
    setRunningWorld(null);
  }
  if (c === null) return { violations, polls: 0, faults: 0, spawned: 0, faultMessages: [], liveAtHorizon: 0, ex: null, adapters: [] };
  return { violations: c.violations.concat(violations), polls: c.polls, faults: c.faults.length, spawned: c.spawned,
    faultMessages: c.faults.map((f) => f.message), liveAtHorizon: c.liveAtHorizon, ex: c.ex, adapters: c.adapters };
}
