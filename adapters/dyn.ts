// The dyn call: a task calls a method through an interface and awaits the result without knowing
// the implementation or its frame size. The adapter chosen when the dyn object was built decides
// where the frame lives; there is no silent default that might allocate.

import type { Executor } from '../executor/executor.ts';
import { fail, M_NO_ADAPTER } from '../executor/messages.ts';
import { A_REFUSED } from '../executor/telemetry.ts';
import { countCall, type Adapter } from './adapter.ts';
import type { Impl } from './interface.ts';

export class Dyn {
  /** Type-only: a dyn object is what task code's Dyn<T> handle stands for (compiler/runtime.ts). */
  declare readonly __frugal: 'dyn';
  readonly impl: Impl;
  readonly adapter: Adapter | null;

  constructor(impl: Impl, adapter: Adapter | null) {
    this.impl = impl;
    this.adapter = adapter;
    if (adapter !== null) adapter.bind(impl);
  }

  /** Opens method m's future; its arguments are already in ex.an[0..] / ex.ar[1..]. */
  call(ex: Executor, m: number): number {
    return this.open(ex, m, false);
  }

  /**
   * For a future that is stored or passed on instead of awaited at once: it never takes the
   * caller's scratch, which the next call would reuse.
   */
  callEscaping(ex: Executor, m: number): number {
    return this.open(ex, m, true);
  }

  /** call or callEscaping, chosen by a flag. */
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

/** AsyncIterator.next(): READY with ex.rn[0] = value, ex.rn[1] = 1 when done. */
export function next(ex: Executor, d: Dyn): number {
  return d.call(ex, 0);
}

/** AsyncRead.read(buf): READY with ex.rn[0] = bytes read. */
export function read(ex: Executor, d: Dyn, buf: Uint8Array): number {
  return readWith(ex, d, buf, false);
}

/** AsyncWrite.write(buf, len): READY with ex.rn[0] = bytes written. */
export function write(ex: Executor, d: Dyn, buf: Uint8Array, len: number): number {
  return writeWith(ex, d, buf, len, false);
}

export function readWith(ex: Executor, d: Dyn, buf: Uint8Array, escaping: boolean): number {
  ex.ar[1] = buf;
  return d.open(ex, 0, escaping);
}

export function writeWith(ex: Executor, d: Dyn, buf: Uint8Array, len: number, escaping: boolean): number {
  ex.ar[1] = buf;
  ex.an[0] = len;
  return d.open(ex, 0, escaping);
}
