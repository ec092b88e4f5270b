// Timing, GC counting and the new-space allocation meter shared by every workload.
//
// ops/s is the median of several timed runs. GC events come from a 'gc' PerformanceObserver that
// stays connected for the whole bench; an event counts for a run when it started inside that run.
// Bytes per op are measured apart from the timing, on a window in which no GC ran (a scavenge
// would hide allocation by emptying new space): a full GC, a warm-up run (the full GC may have
// thrown optimized code away), a minor GC so that new space starts empty, then the window. When a
// GC still lands in the window, the window shrinks (4x at a time) and is measured again.

import { PerformanceObserver, performance } from 'node:perf_hooks';
import v8 from 'node:v8';

/** Performs n operations of a workload and returns a checksum every form of it must agree on. */
export type RunFn = (n: number) => number | Promise<number>;

export interface Form {
  workload: string;
  form: string;
  /** 'native' and 'floor' forms are the references; 'frugal' forms are what is measured against them. */
  kind: 'native' | 'frugal' | 'floor';
  /** The native async/await form of its workload: ratioVsNativeAsync divides by its ops/s. */
  baseline?: boolean;
  /** Ops in one timed run. */
  opsPerRun: number;
  /** Ops in the first allocation window, and the smallest window tried before giving up. */
  allocWindow: number;
  minAllocWindow: number;
  /** True for frugal forms that allocate by design (Boxing): the 0-GC goal does not apply. */
  allocates?: boolean;
  run: RunFn;
}

export interface Timing {
  opsPerSec: number;
  nsPerOp: number;
  runsMs: number[];
  gcEvents: number;
  checksum: number;
}

export interface AllocResult {
  /** NaN when every window down to minAllocWindow saw a GC. */
  bytesPerOp: number;
  windowOps: number;
  windowGcs: number;
}

type GcFn = (opts?: { type?: 'major' | 'minor'; execution?: 'sync' | 'async' }) => void;

function gcFn(): GcFn {
  const gc = (globalThis as { gc?: GcFn }).gc;
  if (gc === undefined) throw new Error('run the bench with node --expose-gc (npm run bench does)');
  return gc;
}

const gcStarts: number[] = [];
let observer: PerformanceObserver | null = null;

export function startGcObserver(): void {
  if (observer !== null) return;
  observer = new PerformanceObserver((list) => {
    const entries = list.getEntries();
    for (let i = 0; i < entries.length; i++) gcStarts.push(entries[i].startTime);
  });
  observer.observe({ entryTypes: ['gc'] });
}

export function stopGcObserver(): void {
  if (observer !== null) observer.disconnect();
  observer = null;
}

/** GC events that started in [t0, t1] (performance.now() times). Call after settle(). */
export function gcsBetween(t0: number, t1: number): number {
  let n = 0;
  for (let i = 0; i < gcStarts.length; i++) if (gcStarts[i] >= t0 && gcStarts[i] <= t1) n++;
  return n;
}

/** Lets the event loop turn so that the observer delivers the GC entries seen so far. */
export function settle(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 5));
}

export function fullGc(): void {
  gcFn()();
}

export function minorGc(): void {
  gcFn()({ type: 'minor' });
}

export function newSpaceUsed(): number {
  const spaces = v8.getHeapSpaceStatistics();
  for (let i = 0; i < spaces.length; i++) if (spaces[i].space_name === 'new_space') return spaces[i].space_used_size;
  throw new Error('V8 reports no new_space');
}

async function call(run: RunFn, n: number): Promise<number> {
  const v = run(n);
  return typeof v === 'number' ? v : await v;
}

function median(xs: number[]): number {
  const s = xs.slice().sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** A short run of every form before anything is timed, so shared code has seen every shape it will. */
export async function warmAll(forms: Form[], fraction: number): Promise<void> {
  for (const f of forms) await call(f.run, Math.max(1, Math.round(f.opsPerRun * fraction)));
}

/** Short forms get more timed runs, up to this much timed work per form, so that their median settles. */
const MIN_TIMED_MS = 300;
const MAX_RUNS = 25;

export async function time(form: Form, minRuns: number): Promise<Timing> {
  fullGc();
  await settle();
  // The full GC may have discarded optimized code: untimed runs re-optimize it.
  const w0 = performance.now();
  let checksum = await call(form.run, form.opsPerRun);
  checksum = await call(form.run, form.opsPerRun);
  const once = (performance.now() - w0) / 2;
  const runs = Math.max(minRuns, Math.min(MAX_RUNS, Math.ceil(MIN_TIMED_MS / Math.max(once, 0.01))));
  const ms: number[] = [];
  const spans: number[] = [];
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    let v = form.run(form.opsPerRun);
    if (typeof v !== 'number') v = await v;
    const t1 = performance.now();
    if (v !== checksum) throw new Error(form.workload + ' / ' + form.form + ': checksum changed between runs (' + checksum + ', then ' + v + ')');
    checksum = v;
    ms.push(t1 - t0);
    spans.push(t0, t1);
  }
  await settle();
  let gcs = 0;
  for (let i = 0; i < spans.length; i += 2) gcs += gcsBetween(spans[i], spans[i + 1]);
  const med = median(ms);
  return { opsPerSec: form.opsPerRun / (med / 1000), nsPerOp: (med * 1e6) / form.opsPerRun, runsMs: ms, gcEvents: gcs, checksum: checksum };
}

export async function bytesPerOp(form: Form): Promise<AllocResult> {
  let n = form.allocWindow;
  for (;;) {
    fullGc();
    await settle();
    await call(form.run, n);
    minorGc();
    // The meter's own cost (getHeapSpaceStatistics builds objects) is measured and subtracted.
    const e0 = newSpaceUsed();
    const e1 = newSpaceUsed();
    const t0 = performance.now();
    const b0 = newSpaceUsed();
    let v = form.run(n);
    if (typeof v !== 'number') v = await v;
    const b1 = newSpaceUsed();
    const t1 = performance.now();
    await settle();
    const gcs = gcsBetween(t0, t1);
    if (gcs === 0) return { bytesPerOp: Math.max(0, b1 - b0 - (e1 - e0)) / n, windowOps: n, windowGcs: 0 };
    if (n <= form.minAllocWindow) return { bytesPerOp: NaN, windowOps: n, windowGcs: gcs };
    n = Math.max(form.minAllocWindow, Math.round(n / 4));
  }
}
