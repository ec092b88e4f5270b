// select over up to four futures: ready when the first child is; ex.which names it, its result is
// left in the result registers, and every child (winner included) is dropped. timeout() is a select
// of a future against a sleep.

import { defineFuture, PENDING, READY } from '../executor/abi.ts';
import type { Executor } from '../executor/executor.ts';
import { fail, M_BRANCH_COUNT } from '../executor/messages.ts';
import { timeoutSleep } from './sleep.ts';

export const MAX_BRANCHES = 4;

/**
 * Contract: w[first..first+n) are child handles or 0; each is zeroed before its drop, so a drop
 * that throws is not repeated.
 */
export function dropChildren(ex: Executor, w: Float64Array, first: number, n: number): void {
  for (let i = n - 1; i >= 0; i--) {
    const h = w[first + i];
    if (h !== 0) {
      w[first + i] = 0;
      ex.drop(h);
    }
  }
}

/**
 * Contract: called from an init, with ex.an as branchArgs left it; a bad count throws before any
 * child is taken.
 */
export function loadChildren(ex: Executor, w: Float64Array, b: number, what: string): void {
  const n = ex.an[0];
  if (n < 1 || n > MAX_BRANCHES) {
    throw fail(M_BRANCH_COUNT, [what, MAX_BRANCHES, n]);
  }
  w[b] = n;
  for (let i = 0; i < n; i++) w[b + 1 + i] = ex.an[1 + i];
}

// frame: [n, h0..h3]. Sizes are literals (1 + MAX_BRANCHES): an expression would make esbuild keep
// the vtable in bundles that never select.
export const Select = defineFuture({
  name: 'select',
  words: 5,
  refs: 0,
  init: function (ex, f, w, b) {
    loadChildren(ex, w, b, 'select');
  },
  poll: function (ex, f, w, b) {
    const n = w[b];
    for (let i = 0; i < n; i++) {
      // A child without a result (a sleep) writes no register: the winner's value is then 0, as on
      // the device and with native Promises, not what an earlier call left there.
      ex.rn[0] = 0;
      if (ex.poll(w[b + 1 + i]) === READY) {
        ex.which = i;
        dropChildren(ex, w, b + 1, n);
        return READY;
      }
    }
    return PENDING;
  },
  drop: function (ex, f, w, b) {
    dropChildren(ex, w, b + 1, w[b]);
  },
});

/**
 * Opens a select that owns the given futures: READY when the first is, ex.which names it, its
 * result stays in the result registers and every child is dropped.
 *
 * Contract: called while a task is polled; h0..h3 are live handles opened before it (up to
 * MAX_BRANCHES), owned by it once it returns: the caller drops only the handle returned, which
 * drops every child still open. When it throws, the children are still the caller's to drop.
 */
export function select(ex: Executor, h0: number, h1?: number, h2?: number, h3?: number): number {
  branchArgs(ex, h0, h1, h2, h3);
  return ex.push(Select);
}

/**
 * Puts the child count and handles into the argument registers, as Select and Join read them.
 *
 * Contract: followed at once by the push of Select or Join, before anything else writes ex.an.
 */
export function branchArgs(ex: Executor, h0: number, h1?: number, h2?: number, h3?: number): void {
  ex.an[0] = h3 !== undefined ? 4 : h2 !== undefined ? 3 : h1 !== undefined ? 2 : 1;
  ex.an[1] = h0;
  ex.an[2] = h1 || 0;
  ex.an[3] = h2 || 0;
  ex.an[4] = h3 || 0;
}

/**
 * Ready with the child's result (ex.which = 0) or after ms (ex.which = 1), dropping the loser.
 *
 * Contract: called while a task is polled; h is a live handle, owned by the select returned (the
 * caller drops only that). When it throws, h is still the caller's to drop.
 */
export function timeout(ex: Executor, ms: number, h: number): number {
  const nap = timeoutSleep(ex, ms);
  try {
    return select(ex, h, nap);
  } catch (e) {
    ex.drop(nap);
    throw e;
  }
}
