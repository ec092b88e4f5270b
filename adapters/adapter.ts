// What every adapter shares: the strategy's name, counters in a typed array, one-time registration
// with the executor's budget report, and the placement hook each strategy implements.

import type { Vtable } from '../executor/abi.ts';
import type { Executor } from '../executor/executor.ts';
import { fail, M_ADAPTER_SHARED, type Arg } from '../executor/messages.ts';
import { A_CALLS, A_HIGH_WORDS, ADAPTER_STATS } from '../contract/adapter-counters.ts';
import type { AdapterTelemetry } from '../executor/executor.ts';
import type { Impl } from './interface.ts';

export interface Adapter extends AdapterTelemetry {
  /** The executor whose report lists this adapter (set on the first call). */
  registered: Executor | null;
  /** Checks an implementation when a dyn object is built (MaxSpace refuses oversize ones here). */
  bind(impl: Impl): void;
  /** Opens the method's future per the strategy; arguments are already in the registers. */
  place(ex: Executor, vt: Vtable, impl: Impl, escaping: boolean): number;
}

/**
 * Counts a call and registers the adapter with the executor's report on its first call. An adapter
 * serves one executor: the memory it lends is checked against that executor's frame table.
 */
export function countCall(ex: Executor, a: Adapter, vt: Vtable): void {
  const s = a.stats;
  if (a.registered !== ex) register(ex, a);
  s[A_CALLS]++;
  if (vt.words > s[A_HIGH_WORDS]) s[A_HIGH_WORDS] = vt.words;
}

// setup: an adapter registers once, on its first call
function register(ex: Executor, a: Adapter): void {
  if (a.registered !== null) {
    throw fail(M_ADAPTER_SHARED, [a.strategy, a.label]);
  }
  a.registered = ex;
  ex.adapters.push(a);
}

/** The fields every adapter's constructor sets up the same way (setUpAdapter). */
export interface AdapterBase {
  strategy: string;
  label: string;
  stats: Uint32Array;
  registered: Executor | null;
}

/**
 * What every adapter's constructor does first: its strategy's name, its label (the given one, else
 * the strategy's default), fresh counters, and no executor yet. A function, not a base class:
 * Espruino cannot run TypeScript's ES5 `extends` helper.
 */
// setup: every adapter's constructor calls it once
export function setUpAdapter(a: AdapterBase, strategy: string, label: string | undefined, defaultLabel: string): void {
  a.strategy = strategy;
  a.label = label || defaultLabel;
  // Counters wrap after 2^32; a Uint32 read never boxes a number, even in unoptimized code.
  a.stats = new Uint32Array(ADAPTER_STATS);
  a.registered = null;
}

/** A reference array of n empty slots, made once. */
// setup: reference slots an adapter or frame holds, made once
export function refSlots(n: number): unknown[] {
  const r: unknown[] = [];
  for (let i = 0; i < n; i++) r.push(undefined);
  return r;
}

/** A dyn call as the messages that name one take it: interface, implementation, method, future, words, refs. */
// error path: a dyn call as an error message argument
export function callArgs(impl: Impl, vt: Vtable): Arg[] {
  return [impl.iface.name, impl.name, impl.iface.methods[impl.methods.indexOf(vt)], vt, vt.words, vt.refs];
}
