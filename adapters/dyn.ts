// The dyn call: a task calls a method through an interface and awaits the result without knowing
// the implementation or its frame size. The adapter chosen when the dyn object was built decides
// where the frame lives; there is no silent default that might allocate.

import type { Executor } from '../executor/executor.ts';
import { fail, M_DYN_NO_METHOD, M_NO_ADAPTER } from '../executor/messages.ts';
import { A_REFUSED } from '../contract/adapter-counters.ts';
import { countCall, type Adapter } from './adapter.ts';
import type { Impl } from './interface.ts';

export class Dyn {
  /** Type-only: a dyn object is what task code's Dyn<T> handle stands for (tasks/task-api.ts). */
  declare readonly __frugal: 'dyn';
  readonly impl: Impl;
  readonly adapter: Adapter | null;

  constructor(impl: Impl, adapter: Adapter | null) {
    this.impl = impl;
    this.adapter = adapter;
    if (adapter !== null) adapter.bind(impl);
  }

  /**
   * Opens method m's future; its arguments are already in ex.an[0..] / ex.ar[1..]. `escaping`: the
   * future is stored or passed on instead of awaited at once, so it never takes the caller's
   * scratch, which the next call would reuse.
   */
  open(ex: Executor, m: number, escaping: boolean): number {
    const impl = this.impl;
    const a = this.adapter;
    if (a === null) {
      throw fail(M_NO_ADAPTER, [impl.iface.name, impl.iface.methods[m], impl.name]);
    }
    const vt = impl.methods[m];
    countCall(ex, a, vt);
    ex.ar[0] = impl.self;
    // Placements are counted by the adapter once they succeed; every refusal is counted here.
    try {
      return a.place(ex, vt, impl, escaping);
    } catch (e) {
      a.stats[A_REFUSED]++;
      throw e;
    }
  }
}

/** A dyn object: the implementation behind the interface, with the strategy that places its futures. */
// setup: a dyn object is made once, before the tasks that call through it
export function dyn(impl: Impl, adapter?: Adapter): Dyn {
  return new Dyn(impl, adapter || null);
}

// The openers of the built-in interfaces' methods, for hand-written poll code and for lowered code
// alike (tasks/lowered-dyn.ts re-exports them; the lowering passes `escaping` for a stored call).

/** AsyncIterator.next(): READY with ex.rn[0] = value, ex.rn[1] = 1 when done. */
export function next(ex: Executor, d: Dyn, escaping?: boolean): number {
  return d.open(ex, 0, escaping === true);
}

/** AsyncRead.read(buf): READY with ex.rn[0] = bytes read. */
export function read(ex: Executor, d: Dyn, buf: Uint8Array, escaping?: boolean): number {
  ex.ar[1] = buf;
  return d.open(ex, 0, escaping === true);
}

/**
 * Any method of d's interface, by name, with its arguments in order and their kinds in `kinds`
 * ('n' a number: ex.an[0..]; 'r' a reference: ex.ar[1..]); at most four, two of them references.
 * What lowered code's `call(d, 'method', ...)` becomes.
 */
export function call(ex: Executor, d: Dyn, method: string, escaping: boolean, kinds: string, a?: unknown, b?: unknown, c?: unknown, e?: unknown): number {
  let n = 0;
  let k = 1;
  for (let i = 0; i < kinds.length; i++) {
    const v = i === 0 ? a : i === 1 ? b : i === 2 ? c : e;
    if (kinds.charCodeAt(i) === 110) ex.an[n++] = v as number;
    else ex.ar[k++] = v;
  }
  const iface = d.impl.iface;
  const m = iface.methods.indexOf(method);
  if (m < 0) throw fail(M_DYN_NO_METHOD, [iface.name, d.impl.name, method]);
  return d.open(ex, m, escaping);
}

/** AsyncWrite.write(buf, len): READY with ex.rn[0] = bytes written. */
export function write(ex: Executor, d: Dyn, buf: Uint8Array, len: number, escaping?: boolean): number {
  ex.ar[1] = buf;
  ex.an[0] = len;
  return d.open(ex, 0, escaping === true);
}
