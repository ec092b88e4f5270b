// Counts what a piece of code allocates on V8's young generation: new-space bytes in use before and
// after, over a window in which no GC ran (checked with a 'gc' PerformanceObserver; a scavenge
// would hide allocation by shrinking new space). The meter's own cost is measured on an empty window
// and subtracted.

import { PerformanceObserver, performance } from 'node:perf_hooks';
import v8 from 'node:v8';

export interface AllocMeasure {
  /** New-space bytes allocated by fn, less the meter's own overhead. */
  bytes: number;
  /** GC events that started inside the window. */
  gcs: number;
}

function newSpaceUsed(): number {
  const spaces = v8.getHeapSpaceStatistics();
  for (let i = 0; i < spaces.length; i++) if (spaces[i].space_name === 'new_space') return spaces[i].space_used_size;
  throw new Error('V8 reports no new_space');
}

function settle(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 5));
}

async function window(fn: () => void, gcTimes: number[]): Promise<AllocMeasure> {
  await settle();
  // A full collection first leaves new space empty, so the window starts far from a scavenge.
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error('run the allocation tests with node --expose-gc (npm test does)');
  gc();
  const t0 = performance.now();
  const before = newSpaceUsed();
  fn();
  const after = newSpaceUsed();
  const t1 = performance.now();
  await settle(); // lets the observer deliver GC entries of the window
  let gcs = 0;
  for (let i = 0; i < gcTimes.length; i++) if (gcTimes[i] >= t0 && gcTimes[i] <= t1) gcs++;
  return { bytes: after - before, gcs: gcs };
}

export async function measureAllocation(fn: () => void): Promise<AllocMeasure> {
  const gcTimes: number[] = [];
  const obs = new PerformanceObserver((list) => {
    const entries = list.getEntries();
    for (let i = 0; i < entries.length; i++) gcTimes.push(entries[i].startTime);
  });
  obs.observe({ entryTypes: ['gc'] });
  try {
    const empty = await window(() => {}, gcTimes);
    const m = await window(fn, gcTimes);
    return { bytes: m.bytes - empty.bytes, gcs: m.gcs };
  } finally {
    obs.disconnect();
  }
}
