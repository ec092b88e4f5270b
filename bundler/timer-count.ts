// How many timers a program's tasks can have pending at once, from the lowering: the timer table
// of its device image is sized to that, not to a default per task. A timer is held only by a
// pending sleep (sleep, sleepUntil, and the one timeout opens), so a task has as many pending as
// its await sites hold sleeps side by side (a join or select of several), followed down through
// the functions it awaits and every implementation a dyn call may reach. A program that never
// sleeps gets no timer table, and its scheduler no timer code (device/scheduler.ts: TIMERS > 0).

import type { Lowering, LoweredFunction, SiteItem } from '../compiler/lowering.ts';
import { deviceFunction } from './image-builder.ts';
import type { Snapshot } from './snapshot.ts';
import type { LoweredVtable } from '../tasks/lowered.ts';

/** The frame every sleeping primitive pushes (compiler/primitives.ts). */
const SLEEP_FRAME = 'sleep';

/** Timers the snapshot's tasks can have pending at once: in all, and the most one task can have. */
export interface LiveTimers {
  /** The sum over tasks, and over the slots of its task pools, of each one's most at one moment. */
  readonly all: number;
  /** The most of one task (or pool slot). */
  readonly eachMost: number;
}

/**
 * Timers the snapshot's tasks can have pending at once; Infinity where a task recurses (its depth
 * is not known statically).
 * - `lowering` is the device lowering the image is built with.
 */
export function liveTimers(snap: Snapshot, lowering: Lowering): LiveTimers {
  const memo = new Map<LoweredFunction['decl'], number>();
  const visiting = new Set<LoweredFunction['decl']>();
  const item = (it: SiteItem): number => {
    switch (it.kind) {
      case 'prim': return it.frame.name === SLEEP_FRAME ? 1 : 0;
      case 'embed':
      case 'push': return count(lowering.lowerFunction(it.callee));
      // Every implementation of the method in the program: a dyn object may also arrive later
      // (through a channel), so not only those the tasks' arguments reach.
      case 'dyn': return lowering.implementationsOf(it.method).reduce((m, impl) => Math.max(m, count(impl)), 0);
    }
  };
  const count = (fn: LoweredFunction): number => {
    const known = memo.get(fn.decl);
    if (known !== undefined) return known;
    if (visiting.has(fn.decl)) return Infinity;
    visiting.add(fn.decl);
    // A future kept in a const may be pending at any of the function's await sites.
    let most = fn.persistent.reduce((n, it) => n + item(it), 0);
    let worst = 0;
    for (const site of fn.sites) worst = Math.max(worst, site.items.reduce((n, it) => n + item(it), 0));
    most += worst;
    visiting.delete(fn.decl);
    memo.set(fn.decl, most);
    return most;
  };
  const spawned = snap.spawns.map((sp) => count(deviceFunction(lowering, sp.vtable)));
  const pooled = snap.pools.map((p) => ({ slots: p.slots, most: count(deviceFunction(lowering, p.entry as LoweredVtable)) }));
  // Every slot of a task pool may run a task at once.
  return {
    all: pooled.reduce((n, p) => n + p.slots * p.most, spawned.reduce((n, k) => n + k, 0)),
    eachMost: Math.max(0, ...spawned, ...pooled.map((p) => p.most)),
  };
}
