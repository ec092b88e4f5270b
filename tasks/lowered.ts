// What lowered code imports in place of tasks/task-api.ts: every source-level primitive as its
// poll-ABI opener (taking `ex` first), plus the few helpers the generated state machines call.
// Host-lowered code runs it on the executor (device bundles take device/ instead), yet it keeps
// to ES5 plus typed arrays with nothing allocated per call: the same task code runs on small
// engines and is measured by the allocation windows.

import { defineFuture, type VtableSpec, type Vtable } from '../executor/abi.ts';
import { recv, send, type Channel } from '../primitives/channel.ts';
import type { Executor } from '../executor/executor.ts';
import type { SpawnOptions } from '../executor/spawn-options.ts';
import { fail, M_NOT_LOWERED_FUNCTION, M_SPAWN_ARITY } from '../executor/messages.ts';
import type { Signal } from '../primitives/signal.ts';

export { sleep, sleepUntil } from '../primitives/sleep.ts';
export { yieldNow } from '../primitives/yield.ts';
export { recv, send } from '../primitives/channel.ts';
export { waitSignal } from '../primitives/signal.ts';
export { join } from '../primitives/join.ts';
export { select, timeout } from '../primitives/select.ts';
export { waitEdge } from '../boards/pin-edge.ts';
export { EDGE_BOTH, EDGE_RISING, EDGE_FALLING } from '../contract/pin-edge-kinds.ts';
export { readLine } from '../boards/serial-lines.ts';
export { logEvent, waitEvent } from '../boards/board-events.ts';
export { fromPromise } from '../adapters/from-promise.ts';

/** A lowered async function's vtable: `params` says which register each parameter travels in. */
export interface LoweredVtable extends Vtable {
  /** One letter per parameter, in order: 'n' a number (ex.an), 'r' a reference (ex.ar). */
  readonly params: string;
  /** 1 for an async method: `self` travels in ex.ar[0]. */
  readonly method: number;
  /** `file:line` of the declaration: how the device build finds the same function lowered for the device. */
  readonly source: string;
}

export function asyncFn(params: string, method: number, source: string, spec: VtableSpec): LoweredVtable {
  const vt = defineFuture(spec) as Vtable & { params: string; method: number; source: string };
  vt.params = params;
  vt.method = method;
  vt.source = source;
  return vt;
}

export function recvRef(ex: Executor, ch: Channel): number {
  return recv(ex, ch);
}

export function sendRef(ex: Executor, ch: Channel, value: unknown): number {
  return send(ex, ch, 0, value);
}

export function now(ex: Executor): number {
  return ex.now;
}

export function setSignal(ex: Executor, sig: Signal, value: number): void {
  sig.set(ex, value);
}

export function trySend(ex: Executor, ch: Channel, n: number): boolean {
  return ch.trySend(ex, n);
}

/**
 * Opens an async method's future found at run time (`obj.m`): inside the caller's frame when it
 * fits the room the caller reserved for the statically known implementation, else on the side
 * stack (an override larger than the method the compiler saw).
 */
export function embedOrPush(ex: Executor, vt: Vtable, f: number, off: number, roff: number, words: number, refs: number): number {
  if (vt.words <= words && vt.refs <= refs) return ex.embed(vt, f, off, roff);
  return ex.push(vt);
}

/** Drops the future whose handle is in w[i], if any, and clears the slot first. */
export function dropAt(ex: Executor, w: Float64Array, i: number): void {
  const h = w[i];
  if (h !== 0) {
    w[i] = 0;
    ex.drop(h);
  }
}

/** Takes the handle out of a slot (ownership moves to the caller). */
export function take(w: Float64Array, i: number): number {
  const h = w[i];
  w[i] = 0;
  return h;
}

/** 'n' in a vtable's parameter letters: a number (compared as a code, since charAt builds a string on Espruino). */
const CHAR_N = 110;

/**
 * Spawns a lowered async function as a task: puts `args` into the registers its parameters use
 * (numbers into ex.an, references into ex.ar, `self` first for a method) and spawns it. For hosts
 * and tests; task code calls lowered functions with await.
 */
export function spawnTask<A extends unknown[]>(ex: Executor, fn: (...args: A) => Promise<unknown>, args: A, opts?: SpawnOptions): number {
  // The lowering has replaced the async function with its vtable; a function still here was not lowered.
  const vt = fn as unknown as LoweredVtable;
  if (typeof vt !== 'object' || vt === null || typeof vt.params !== 'string') {
    throw fail(M_NOT_LOWERED_FUNCTION, [String(fn)]);
  }
  if (args.length !== vt.params.length) {
    throw fail(M_SPAWN_ARITY, [vt, vt.params.length, args.length]);
  }
  let n = 0;
  let k = 0;
  for (let i = 0; i < args.length; i++) {
    if (vt.params.charCodeAt(i) === CHAR_N) ex.an[n++] = args[i] as number;
    else ex.ar[k++] = args[i];
  }
  return ex.spawn(vt, opts);
}

/** Where a class of task code is declared, kept on its prototype (not enumerable) for the device build. */
// setup: runs once per class, when its module loads
export function classSource(cls: { prototype: object; name: string }, file: string): void {
  Object.defineProperty(cls.prototype, '__frugalSource', { value: file, enumerable: false });
}
