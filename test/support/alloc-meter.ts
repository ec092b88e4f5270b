// Counts what a piece of code allocates on V8's young generation: new-space bytes in use before and
// after, over a window in which no GC ran (checked with a 'gc' PerformanceObserver; a scavenge
// would hide allocation by shrinking new space). The meter's own cost is measured on an empty window
// and subtracted.
//
// Order matters: a full GC first (new space empty, far from a scavenge), then the warm-up, then the
// window. A full GC also throws away optimized code that referred to objects it collected, so a
// warm-up after it lets V8 re-optimize before anything is measured.

import { PerformanceObserver, performance } from 'node:perf_hooks';
import v8 from 'node:v8';

/**
 * Bound for one measured window of 10,000 operations. One small heap object per operation would
 * be at least 120,000 bytes (a 12-byte heap number each); the bound leaves room for the meter's
 * own noise and a one-off V8 tier-up, and nothing else.
 */
export const WINDOW_NOISE_BYTES = 16384;

/** A warm-up step is quiet when it grows new space by less than this (the meter's own reads included). */
const QUIET_STEP_BYTES = 4096;

export interface AllocMeasure {
  /** New-space bytes allocated by fn, less the meter's own overhead. */
  bytes: number;
  /** GC events that started inside the window. */
  gcs: number;
  /** Warm-up steps run before the window. */
  warmSteps: number;
}

export interface MeasureOptions {
  /** One step of the workload, run until two steps in a row are quiet. */
  warmStep?: () => void;
  /** Upper bound on warm-up steps; the window then shows whatever is left. */
  maxWarmSteps?: number;
  /**
   * Windows to measure, one after another; the least allocating one is reported. V8 may re-tier a
   * function in the middle of a window (its unoptimized code boxes numbers for a while), which a
   * second window does not repeat; code that allocates per operation allocates in every window.
   */
  windows?: number;
  /**
   * When the least allocating window is still above this, warm up and measure again (at most
   * `rounds` times in all). In a long test process V8 sometimes keeps a function deoptimized for
   * tens of thousands of calls after earlier tests made its call sites polymorphic; more warm-up
   * ends that, while code that allocates per operation stays above the bound in every round.
   */
  bound?: number;
  rounds?: number;
}

function newSpaceUsed(): number {
  const spaces = v8.getHeapSpaceStatistics();
  for (let i = 0; i < spaces.length; i++) if (spaces[i].space_name === 'new_space') return spaces[i].space_used_size;
  throw new Error('V8 reports no new_space');
}

function settle(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 5));
}

function warmUp(step: () => void, maxSteps: number): number {
  let quiet = 0;
  for (let i = 0; i < maxSteps; i++) {
    const before = newSpaceUsed();
    step();
    const grew = newSpaceUsed() - before;
    quiet = grew >= 0 && grew < QUIET_STEP_BYTES ? quiet + 1 : 0;
    if (quiet === 2) return i + 1;
  }
  return maxSteps;
}

function window(fn: () => void): { bytes: number; t0: number; t1: number } {
  const t0 = performance.now();
  const before = newSpaceUsed();
  fn();
  const after = newSpaceUsed();
  return { bytes: after - before, t0: t0, t1: performance.now() };
}

export async function measureAllocation(fn: () => void, opts?: MeasureOptions): Promise<AllocMeasure> {
  const o = opts || {};
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error('run the allocation tests with node --expose-gc (npm test does)');
  const gcTimes: number[] = [];
  const obs = new PerformanceObserver((list) => {
    const entries = list.getEntries();
    for (let i = 0; i < entries.length; i++) gcTimes.push(entries[i].startTime);
  });
  obs.observe({ entryTypes: ['gc'] });
  try {
    await settle();
    gc();
    let warmSteps = 0;
    let best: AllocMeasure | null = null;
    for (let round = 0; round < (o.rounds || 1); round++) {
      if (round > 0) gc();
      warmSteps += o.warmStep ? warmUp(o.warmStep, o.maxWarmSteps || 60) : 0;
      const empty = window(() => {});
      for (let k = 0; k < (o.windows || 1); k++) {
        const m = window(fn);
        await settle(); // lets the observer deliver GC entries of the window
        let gcs = 0;
        for (let i = 0; i < gcTimes.length; i++) if (gcTimes[i] >= m.t0 && gcTimes[i] <= m.t1) gcs++;
        const r = { bytes: m.bytes - empty.bytes, gcs: gcs, warmSteps: warmSteps };
        if (best === null || r.gcs < best.gcs || (r.gcs === best.gcs && r.bytes < best.bytes)) best = r;
      }
      if (o.bound === undefined || (best !== null && best.gcs === 0 && best.bytes < o.bound)) break;
    }
    return best as AllocMeasure;
  } finally {
    obs.disconnect();
  }
}
