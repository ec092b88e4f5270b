// Soak: every example runs for 10 million virtual milliseconds on the simulated board, set up as
// program/simulate-program.ts's runOnSim does (startProgram: the sized executor and setup, then
// simulate), then run in chunks of 10 s. Every 10 s of board time gets fresh input on whatever the example listens to (a
// bouncing press on each watched pin, a line on each serial port with a receiver), so buttons and
// serial readers keep working for the whole run, not just during the example's own short script.
//
// Flat memory, three ways, from the end of the first chunk (the example's own inputs have run) to
// the end: V8 heap used after a forced full GC (at start, half-way and end, with the code-space
// share, since V8's tier-up of the hot functions adds optimized code while the run goes on); every
// budget free count of the executor; and new-space growth in each tenth of the run, which must see
// no GC. On V8, code that is not optimized yet boxes the doubles it reads from typed arrays into
// fresh heap numbers, so the first tenths allocate a little until tier-up; the last tenth is the
// steady state.

import { performance } from 'node:perf_hooks';
import v8 from 'node:v8';
import { Executor } from '../executor/executor.ts';
import { startProgram } from '../compiler/program-sizes.ts';
import { SimBoard } from '../boards/sim/sim-board.ts';
import { EXAMPLES } from '../program/examples.ts';
import type { Example } from '../program/example.ts';
import { fullGc, gcsBetween, minorGc, newSpaceUsed, settle } from './harness.ts';

export const SOAK_MS = 10000000;
const CHUNK_MS = 10000;

export interface BudgetCounts {
  framesInUse: number;
  poolFree: number;
  arenaWordsFree: number;
  arenaRefsFree: number;
  timersPending: number;
  runQueue: number;
  liveTasks: number;
  leakedFrames: number;
  faults: number;
}

export interface HeapSnapshot {
  /** V8 used_heap_size after a full GC. */
  used: number;
  /** Of which code space (optimized code grows here during tier-up). */
  code: number;
}

export interface SoakWindow {
  fromMs: number;
  toMs: number;
  newSpaceBytes: number;
  gcs: number;
}

export interface SoakResult {
  example: string;
  virtualMs: number;
  wallMs: number;
  inputs: string;
  polls: number;
  wakes: number;
  heapStart: HeapSnapshot;
  heapMid: HeapSnapshot;
  heapEnd: HeapSnapshot;
  budgetStart: BudgetCounts;
  budgetEnd: BudgetCounts;
  budgetFlat: boolean;
  /** New-space growth per tenth of the run after the first chunk, and the GCs inside each. */
  windows: SoakWindow[];
  /** Over every window (NaN when a window saw a GC), and over the last one: the steady state. */
  bytesPerVirtualSecond: number;
  lastTenthBytesPerVirtualSecond: number;
  error?: string;
}

function counts(ex: Executor): BudgetCounts {
  return {
    framesInUse: ex.frames.inUse,
    poolFree: ex.pool.free,
    arenaWordsFree: ex.words.free,
    arenaRefsFree: ex.refs.free,
    timersPending: ex.timers.size,
    runQueue: ex.runQueue.length,
    liveTasks: ex.liveTasks(),
    leakedFrames: ex.leakedFrames,
    faults: ex.faultCount,
  };
}

function same(a: BudgetCounts, b: BudgetCounts): boolean {
  const ka = a as unknown as { [k: string]: number };
  const kb = b as unknown as { [k: string]: number };
  for (const k in ka) if (ka[k] !== kb[k]) return false;
  return true;
}

function heap(): HeapSnapshot {
  fullGc();
  let code = 0;
  const spaces = v8.getHeapSpaceStatistics();
  for (let i = 0; i < spaces.length; i++) if (spaces[i].space_name === 'code_space') code = spaces[i].space_used_size;
  return { used: v8.getHeapStatistics().used_heap_size, code: code };
}

interface Feed {
  pins: number[];
  ports: number[];
}

function findInputs(sim: SimBoard): Feed {
  const feed: Feed = { pins: [], ports: [] };
  for (let p = 0; p < sim.watchers.length; p++) if (sim.watchers[p] !== null) feed.pins.push(p);
  for (let port = 0; port < sim.serialRx.length; port++) if (sim.serialRx[port] !== null) feed.ports.push(port);
  return feed;
}

// Scripts input for the chunk starting at t: typed-array writes only, so the window stays clean.
function feedChunk(sim: SimBoard, feed: Feed, t: number): void {
  for (let i = 0; i < feed.pins.length; i++) sim.press(sim.pinNames[feed.pins[i]], t + 2000 + 500 * i, 120, 3);
  for (let i = 0; i < feed.ports.length; i++) sim.serialInput(feed.ports[i], t + 1000, 'soak line\n');
}

export async function soakExample(example: Example, totalMs: number): Promise<SoakResult> {
  const w0 = performance.now();
  // Room for a tenth of the run's scripted input at once (see the windows below).
  const sim = new SimBoard({ scriptCapacity: 65536 });
  const { ex } = startProgram(example, sim, () => new SimBoard());
  example.simulate(sim);
  const feed = findInputs(sim);
  const inputs: string[] = [];
  for (const p of feed.pins) inputs.push('press ' + sim.pinNames[p]);
  for (const p of feed.ports) inputs.push('line on serial ' + p);
  const chunks = Math.max(11, Math.round(totalMs / CHUNK_MS));
  let t = 0;
  let c = 0;
  feedChunk(sim, feed, t);
  sim.run(ex, CHUNK_MS);
  t += CHUNK_MS;
  c++;
  await settle();
  const heapStart = heap();
  const budgetStart = counts(ex);
  const polls0 = ex.polls;
  const wakes0 = ex.wakes;
  const windows: SoakWindow[] = [];
  let heapMid = heapStart;
  const per = Math.floor((chunks - 1) / 10);
  for (let k = 0; k < 10; k++) {
    const last = k === 9 ? chunks : c + per;
    if (k === 5) heapMid = heap();
    // The window's input is scripted before it is measured: scripting passes fractional times
    // (bounces at +0.5 ms, bytes every 0.1 ms) to calls V8 does not inline, which boxes them.
    for (let j = c; j < last; j++) feedChunk(sim, feed, j * CHUNK_MS);
    minorGc();
    // The meter's own cost (getHeapSpaceStatistics builds objects) is measured and subtracted.
    const e0 = newSpaceUsed();
    const e1 = newSpaceUsed();
    const from = t;
    const t0 = performance.now();
    const b0 = newSpaceUsed();
    for (; c < last; c++) {
      sim.run(ex, CHUNK_MS);
      t += CHUNK_MS;
    }
    const b1 = newSpaceUsed();
    const t1 = performance.now();
    await settle();
    windows.push({ fromMs: from, toMs: t, newSpaceBytes: b1 - b0 - (e1 - e0), gcs: gcsBetween(t0, t1) });
  }
  const heapEnd = heap();
  const budgetEnd = counts(ex);
  let bytes = 0;
  let clean = true;
  for (const w of windows) {
    bytes += w.newSpaceBytes;
    if (w.gcs > 0) clean = false;
  }
  const lastW = windows[windows.length - 1];
  return {
    example: example.name,
    virtualMs: t,
    wallMs: performance.now() - w0,
    inputs: inputs.length > 0 ? inputs.join(', ') : 'none (timers only)',
    polls: ex.polls - polls0,
    wakes: ex.wakes - wakes0,
    heapStart: heapStart,
    heapMid: heapMid,
    heapEnd: heapEnd,
    budgetStart: budgetStart,
    budgetEnd: budgetEnd,
    budgetFlat: same(budgetStart, budgetEnd),
    windows: windows,
    bytesPerVirtualSecond: clean ? bytes / ((t - windows[0].fromMs) / 1000) : NaN,
    lastTenthBytesPerVirtualSecond: lastW.gcs === 0 ? lastW.newSpaceBytes / ((lastW.toMs - lastW.fromMs) / 1000) : NaN,
  };
}

export async function soakAll(totalMs: number, log: (s: string) => void): Promise<SoakResult[]> {
  const out: SoakResult[] = [];
  for (const example of EXAMPLES) {
    log('soak: ' + example.name + ' for ' + totalMs + ' virtual ms');
    try {
      out.push(await soakExample(example, totalMs));
    } catch (e) {
      const empty = counts(new Executor({ maxTasks: 1 }));
      const none = { used: 0, code: 0 };
      out.push({
        example: example.name, virtualMs: 0, wallMs: 0, inputs: '', polls: 0, wakes: 0, heapStart: none, heapMid: none, heapEnd: none,
        budgetStart: empty, budgetEnd: empty, budgetFlat: false, windows: [], bytesPerVirtualSecond: NaN,
        lastTenthBytesPerVirtualSecond: NaN, error: e instanceof Error ? e.message : String(e),
      });
    }
  }
  return out;
}
