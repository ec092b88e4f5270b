// join over up to four futures: ready when all are; child i's first numeric result lands in
// ex.rn[i]. Each child is dropped as soon as it completes, so its memory returns early.

import { defineFuture, PENDING, READY } from '../executor/abi.ts';
import type { Executor } from '../executor/executor.ts';
import { branchArgs, dropChildren, loadChildren, MAX_BRANCHES } from './select.ts';

// frame: [n, h0..h3, r0..r3]. The size is a literal (1 + 2 * MAX_BRANCHES): an expression would
// make esbuild keep the vtable in bundles that never join.
export const Join = defineFuture({
  name: 'join',
  words: 9,
  refs: 0,
  init: function (ex, f, w, b) {
    loadChildren(ex, w, b, 'join');
  },
  poll: function (ex, f, w, b) {
    const n = w[b];
    let pending = 0;
    for (let i = 0; i < n; i++) {
      const h = w[b + 1 + i];
      if (h === 0) continue;
      // As in select: a child without a result counts 0, not a stale register.
      ex.rn[0] = 0;
      if (ex.poll(h) === READY) {
        w[b + 1 + MAX_BRANCHES + i] = ex.rn[0];
        w[b + 1 + i] = 0;
        ex.drop(h);
      } else {
        pending++;
      }
    }
    if (pending > 0) return PENDING;
    for (let i = 0; i < n; i++) ex.rn[i] = w[b + 1 + MAX_BRANCHES + i];
    return READY;
  },
  drop: function (ex, f, w, b) {
    dropChildren(ex, w, b + 1, w[b]);
  },
});

/**
 * Opens a join over the given futures: READY when all are, child i's first numeric result in
 * ex.rn[i].
 *
 * Contract: called while a task is polled; h0..h3 are live handles opened before it (up to
 * MAX_BRANCHES), owned by it once it returns: the caller drops only the handle returned, which
 * drops every child still open. When it throws, the children are still the caller's to drop.
 */
export function join(ex: Executor, h0: number, h1?: number, h2?: number, h3?: number): number {
  branchArgs(ex, h0, h1, h2, h3);
  return ex.push(Join);
}
