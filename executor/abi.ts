// The poll ABI every frugal future follows. A future is a vtable made once plus a frame: a run of
// words in a Float64Array and a run of reference slots in a plain array, named by an integer handle.
// poll/drop get the frame's memory as (w, b, r, rb) so the same vtable works whether the frame lives
// in the executor's arena or in a boxed array of its own.

import { VTABLES, type FrameFn, type Vtable, type VtableSpec } from './executor.ts';
import { fail, M_FUTURE_BAD_SIZE } from './messages.ts';

export { PENDING, READY } from '../contract/poll-result.ts';
// The ABI's types and the vtable registry live with the executor, whose methods take them and whose
// type their functions take: in two modules, each would import the other.
export { VTABLES, type FrameFn, type PollFn, type Vtable, type VtableSpec } from './executor.ts';

function noop(): void {}

/**
 * The init most futures need: argument registers ex.an[0..words) and ex.ar[0..refs) copied to the
 * start of the frame, in order. Made once per vtable, at load.
 */
// setup: made once per vtable, when its module loads
export function copyArgs(words: number, refs: number): FrameFn {
  return function (ex, f, w, b, r, rb) {
    for (let i = 0; i < words; i++) w[b + i] = ex.an[i];
    for (let i = 0; i < refs; i++) r[rb + i] = ex.ar[i];
  };
}

// setup: a vtable is registered once, when its module loads
export function defineFuture(spec: VtableSpec): Vtable {
  if (spec.words < 0 || spec.words !== (spec.words | 0) || spec.refs < 0 || spec.refs !== (spec.refs | 0)) {
    throw fail(M_FUTURE_BAD_SIZE, [spec.name, spec.words, spec.refs]);
  }
  const vt: Vtable = {
    id: VTABLES.length,
    name: spec.name,
    words: spec.words,
    refs: spec.refs,
    init: spec.init || noop,
    poll: spec.poll,
    drop: spec.drop || noop,
    hasDrop: spec.drop !== undefined,
  };
  VTABLES.push(vt);
  return vt;
}
