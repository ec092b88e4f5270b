// Soak: every example's Puck.js bundle, byte for byte what `frugal build` writes, runs for 10
// million virtual milliseconds on the model of the board (program/device-run.ts), in chunks of
// 10 s. Every 10 s of board time gets fresh input on whatever the program listens to (a bouncing
// press on each watched pin, a line on each serial port with a receiver), so buttons and serial
// readers keep working for the whole run, not just during the example's own short script.
//
// Flat, two ways, from the end of the first chunk (the example's own inputs have run) to the end:
// the budget counts the device keeps in its memory (timers pending, pool slots free, items queued
// in channels, bytes buffered by serial readers, live tasks, faults) are where they were; and the
// V8 heap after a forced full GC, model and bundle together, did not grow (start, half-way, end).

import { performance } from 'node:perf_hooks';
import v8 from 'node:v8';
import { buildExample } from '../bundler/build-example.ts';
import { scriptedInputs } from '../boards/sim/input-recorder.ts';
import { startDevice, type DeviceSession } from '../program/device-run.ts';
import type { DeviceReport } from '../program/device-report.ts';
import { EXAMPLE_NAMES } from '../program/examples.ts';
import { DEFAULT_BOARD } from '../program/simulate-program.ts';
import { fullGc, settle } from './harness.ts';

export const SOAK_MS = 10000000;
const CHUNK_MS = 10000;

export interface BudgetCounts {
  timersPending: number;
  poolFree: number;
  queued: number;
  buffered: number;
  liveTasks: number;
  faults: number;
}

export interface HeapSnapshot {
  /** V8 used_heap_size after a full GC. */
  used: number;
  /** Of which code space (optimized code grows here during tier-up). */
  code: number;
}

export interface SoakResult {
  example: string;
  board: string;
  virtualMs: number;
  wallMs: number;
  /** Board ms simulated per wall ms over the run. */
  speed: number;
  inputs: string;
  polls: number;
  heapStart: HeapSnapshot;
  heapMid: HeapSnapshot;
  heapEnd: HeapSnapshot;
  budgetStart: BudgetCounts;
  budgetEnd: BudgetCounts;
  budgetFlat: boolean;
  error?: string;
}

function counts(r: DeviceReport): BudgetCounts {
  let queued = 0;
  for (const c of r.channels) queued += c.length;
  let buffered = 0;
  for (const s of r.serialLines) buffered += s.length;
  return {
    timersPending: r.timers.pending, poolFree: r.pool === null ? 0 : r.pool.free, queued, buffered,
    liveTasks: r.tasks.filter((t) => t.state === 'live').length, faults: r.totals.faults,
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

/** The input for the chunk starting at t: a press bouncing 3 times on each watched pin, a line on each listened port. */
function feedChunk(s: DeviceSession, t: number): void {
  const b = s.build;
  b.watched.forEach((pin, i) => {
    const at = t + 2000 + 500 * i;
    for (let k = 0; k < 3; k++) {
      s.edge({ pin, atMs: at + k, value: 1 });
      s.edge({ pin, atMs: at + k + 0.5, value: 0 });
    }
    s.edge({ pin, atMs: at + 3, value: 1 });
    s.edge({ pin, atMs: at + 123, value: 0 });
  });
  for (const port of b.listens) s.serial({ port, atMs: t + 1000, text: 'soak line\n' });
}

export async function soakExample(name: string, totalMs: number): Promise<SoakResult> {
  const build = await buildExample(name, DEFAULT_BOARD);
  const w0 = performance.now();
  const s = startDevice(build);
  for (const i of scriptedInputs(build.example)) {
    if (i.kind === 'edge') s.edge({ pin: i.pin, atMs: i.atMs, value: i.value });
    else if (i.kind === 'serial') s.serial({ port: i.port, atMs: i.atMs, text: i.text });
  }
  const inputs = build.watched.map((p) => 'press ' + p).concat(build.listens.map((p) => 'line on serial ' + p));
  const chunks = Math.max(11, Math.round(totalMs / CHUNK_MS));
  feedChunk(s, 0);
  s.run(CHUNK_MS);
  await settle();
  const heapStart = heap();
  const budgetStart = counts(s.finish().report);
  const polls0 = budgetPolls(s);
  let heapMid = heapStart;
  for (let c = 1; c < chunks; c++) {
    if (c === Math.floor(chunks / 2)) heapMid = heap();
    feedChunk(s, c * CHUNK_MS);
    s.run((c + 1) * CHUNK_MS);
  }
  const heapEnd = heap();
  const end = s.finish();
  const budgetEnd = counts(end.report);
  const wallMs = performance.now() - w0;
  return {
    example: name, board: build.board.id, virtualMs: s.now(), wallMs, speed: s.now() / wallMs,
    inputs: inputs.length > 0 ? inputs.join(', ') : 'none (timers only)', polls: budgetPolls(s) - polls0,
    heapStart, heapMid, heapEnd, budgetStart, budgetEnd, budgetFlat: same(budgetStart, budgetEnd),
  };
}

function budgetPolls(s: DeviceSession): number {
  const L = s.build.map.layout;
  let n = 0;
  for (let t = 0; t < L.TASKS; t++) n += s.memory[L.T_POLLS + t];
  return n;
}

export async function soakAll(totalMs: number, log: (s: string) => void): Promise<SoakResult[]> {
  const out: SoakResult[] = [];
  for (const name of EXAMPLE_NAMES) {
    log('soak: ' + name + ' for ' + totalMs + ' virtual ms');
    try {
      out.push(await soakExample(name, totalMs));
    } catch (e) {
      const none = { used: 0, code: 0 };
      const empty = { timersPending: 0, poolFree: 0, queued: 0, buffered: 0, liveTasks: 0, faults: 0 };
      out.push({
        example: name, board: DEFAULT_BOARD, virtualMs: 0, wallMs: 0, speed: 0, inputs: '', polls: 0, heapStart: none, heapMid: none, heapEnd: none,
        budgetStart: empty, budgetEnd: empty, budgetFlat: false, error: e instanceof Error ? e.message : String(e),
      });
    }
  }
  return out;
}
