// Async interfaces and their implementations. An implementation supplies, per method, the vtable of
// the future that method returns; its frame size is declared there, and callers through the
// interface never need to know it: an adapter decides where the frame lives.
//
// Calling convention of a method's future: init receives the implementation's `self` in ex.ar[0],
// further reference arguments in ex.ar[1..] and numbers in ex.an[0..].

import type { Vtable } from '../executor/abi.ts';
import { fail, M_IMPL_EXTRA_METHOD, M_IMPL_LACKS_METHOD, M_NOT_LOWERED_METHOD } from '../executor/messages.ts';

export interface AsyncInterface {
  readonly name: string;
  readonly methods: readonly string[];
}

// setup: an interface is defined once, at module level
export function defineInterface(name: string, methods: string[]): AsyncInterface {
  return { name: name, methods: methods };
}

/** next(): READY with the value in ex.rn[0] and ex.rn[1] = 1 once the iterator is done (else 0). */
export const AsyncIterator = defineInterface('AsyncIterator', ['next']);
/** read(buf in ex.ar[1]): READY with the number of bytes read into buf in ex.rn[0] (0 at the end). */
export const AsyncRead = defineInterface('AsyncRead', ['read']);
/** write(buf in ex.ar[1], length in ex.an[0]): READY with the bytes written in ex.rn[0]. */
export const AsyncWrite = defineInterface('AsyncWrite', ['write']);

export interface Impl {
  readonly iface: AsyncInterface;
  readonly name: string;
  readonly self: unknown;
  /** Method vtables in the interface's method order. */
  readonly methods: readonly Vtable[];
  /** The largest frame among the methods, in words and reference slots. */
  readonly maxWords: number;
  readonly maxRefs: number;
}

/**
 * An implementation of `iface`: `self` and, per method, the vtable of the future that method
 * returns. `methods` left out: self is an instance of a class whose async methods were lowered, and
 * each lowered method is a vtable on its prototype. Host code, run once (at setup).
 */
// setup: an implementation is declared once, at module level
export function implement(iface: AsyncInterface, name: string, self: unknown, methods?: { [method: string]: Vtable }): Impl {
  const list: Vtable[] = [];
  let maxWords = 0;
  let maxRefs = 0;
  for (let i = 0; i < iface.methods.length; i++) {
    const m = iface.methods[i];
    const vt = methods === undefined ? loweredMethod(iface, name, self, m) : methods[m];
    if (vt === undefined) {
      throw fail(M_IMPL_LACKS_METHOD, [name, iface.name, m]);
    }
    list.push(vt);
    if (vt.words > maxWords) maxWords = vt.words;
    if (vt.refs > maxRefs) maxRefs = vt.refs;
  }
  for (const k in methods) {
    if (iface.methods.indexOf(k) < 0) {
      throw fail(M_IMPL_EXTRA_METHOD, [name, k, iface.name, iface.methods.join(', ')]);
    }
  }
  return { iface: iface, name: name, self: self, methods: list, maxWords: maxWords, maxRefs: maxRefs };
}

function loweredMethod(iface: AsyncInterface, name: string, self: unknown, m: string): Vtable {
  const vt = self !== null && typeof self === 'object' ? (self as { [k: string]: unknown })[m] as Vtable : undefined;
  if (typeof vt !== 'object' || vt === null || typeof vt.poll !== 'function') {
    throw fail(M_NOT_LOWERED_METHOD, [iface.name, name, m]);
  }
  return vt;
}
