// Dyn calls for lowered code, kept apart from lowered.ts so that a bundle without dyn calls does
// not carry the adapters. A call awaited at once uses the adapter's normal placement (scratch
// first); one whose future is stored or passed on uses the escaping variant, which never takes
// the caller's scratch (the next dyn call would reuse it under the stored future).

import type { Executor } from '../executor/executor.ts';
import { fail, M_NOT_LOWERED_METHOD } from '../executor/messages.ts';
import type { Vtable } from '../executor/abi.ts';
import type { Adapter } from '../adapters/adapter.ts';
import { dyn, readWith, writeWith, type Dyn } from '../adapters/dyn.ts';
import { implement, type AsyncInterface } from '../adapters/interface.ts';

export { next, read, write } from '../adapters/dyn.ts';

export function nextEscaping(ex: Executor, d: Dyn): number {
  return d.callEscaping(ex, 0);
}

export function readEscaping(ex: Executor, d: Dyn, buf: Uint8Array): number {
  return readWith(ex, d, buf, true);
}

export function writeEscaping(ex: Executor, d: Dyn, buf: Uint8Array, len: number): number {
  return writeWith(ex, d, buf, len, true);
}

/**
 * A dyn object over an instance of a class whose async methods were lowered: each lowered method
 * is a vtable on the class prototype, so `self[m]` is the method's future. Host code, run once.
 */
// setup: a dyn object is made once, before the tasks that call through it
export function dynOf(iface: AsyncInterface, name: string, self: object, adapter: Adapter): Dyn {
  const methods: { [m: string]: Vtable } = {};
  for (let i = 0; i < iface.methods.length; i++) {
    const m = iface.methods[i];
    const vt = (self as { [k: string]: unknown })[m] as Vtable;
    if (typeof vt !== 'object' || vt === null || typeof vt.poll !== 'function') {
      throw fail(M_NOT_LOWERED_METHOD, [iface.name, name, m]);
    }
    methods[m] = vt;
  }
  return dyn(implement(iface, name, self, methods), adapter);
}
