// The poll ABI every frugal future follows. A future is a vtable made once plus a frame: a run of
// words in a Float64Array and a run of reference slots in a plain array, named by an integer handle.
// poll/drop get the frame's memory as (w, b, r, rb) so the same vtable works whether the frame lives
// in the executor's arena or in a boxed array of its own.

import type { Executor } from './executor.ts';
import { fail, M_FUTURE_BAD_SIZE } from './messages.ts';

export const PENDING = 0;
export const READY = 1;

export type PollFn = (ex: Executor, f: number, w: Float64Array, b: number, r: unknown[], rb: number) => number;
export type FrameFn = (ex: Executor, f: number, w: Float64Array, b: number, r: unknown[], rb: number) => void;

export interface Vtable {
  readonly id: number;
  readonly name: string;
  /** Frame size in words (Float64 each). */
  readonly words: number;
  /** Reference slots the frame needs. */
  readonly refs: number;
  /** Copies arguments from the executor's argument registers (ex.an, ex.ar) into a zeroed frame. */
  readonly init: FrameFn;
  /** Returns READY with the result in ex.rn / ex.rr, or PENDING after arranging a wake. */
  readonly poll: PollFn;
  /** Releases what a live frame holds (child futures, timers); must not touch results. */
  readonly drop: FrameFn;
  /** False when the spec gave no drop: freeing such a frame skips the call. */
  readonly hasDrop: boolean;
}

export interface VtableSpec {
  name: string;
  words: number;
  refs: number;
  init?: FrameFn;
  poll: PollFn;
  drop?: FrameFn;
}

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

// Vtables are registered once, at module load, so a frame stores only a small integer.
export const VTABLES: Vtable[] = [];

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
