// The API task code is written against. Every function here has two meanings:
//  - run natively (Node, tsx), it is the Promise-based implementation in native-runtime.ts, on a
//    virtual clock, so the same source can be run and traced without the executor;
//  - built through the lowering (compiler/lowering.ts), each call is replaced by its poll-ABI opener from
//    tasks/lowered.ts (`sleep(ms)` becomes `sleep(ex, ms)`), and this module is never loaded.
// The compiler recognises these functions by their declaration in this file, so re-exporting them
// under another name keeps working, but wrapping them in a helper function does not.
//
// The board's own API (Puck, NRF, analogWrite, I2C1, require('Storage')...) is declared for task
// code as globals in boards/espruino-api.ts; the type exported from it below brings them into
// every program that imports this module or 'frugal', and into frugal's published declarations.

import * as EDGES from '../contract/pin-edge-kinds.ts';
import * as native from './native-runtime.ts';

export type { BoardPin } from '../boards/espruino-api.ts';

/**
 * A frugal future: what the primitives return. Awaiting one is allowed in task code; awaiting any
 * other PromiseLike is refused at build time (wrap a real Promise with `fromPromise`).
 */
export interface Future<T> extends PromiseLike<T> {
  readonly __frugalFuture: true;
}

/** What select/join accept: frugal futures and calls to lowered async functions. */
export type Awaitable<T> = Future<T> | Promise<T>;

// Opaque handles. In a lowered build they are the executor's objects (primitives/channel.ts Channel,
// primitives/signal.ts Signal, boards/pin-edge.ts PinEdges, boards/serial-lines.ts SerialLines,
// adapters/dyn.ts Dyn); natively they are native-runtime.ts objects. Task code only passes them on.
export interface NumberChannel { readonly __frugal: 'number-channel' }
export interface RefChannel<T> { readonly __frugal: 'ref-channel'; readonly __item?: T }
export interface Signal { readonly __frugal: 'signal' }
export interface PinEdges { readonly __frugal: 'pin-edges' }
export interface SerialLines { readonly __frugal: 'serial-lines' }
/** A queue of the board's events, or a Storage log (boards/board-events.ts): made at setup with boardEvents() or storageLog(). */
export interface BoardEvents { readonly __frugal: 'board-events' }

/** Implemented by a class whose `async next()` is lowered into an AsyncIterator method vtable. */
export interface AsyncIteratorSource { next(): Promise<[value: number, done: number]> }
export interface AsyncReadSource { read(buf: Uint8Array): Promise<number> }
export interface AsyncWriteSource { write(buf: Uint8Array, len: number): Promise<number> }
/** A dyn object (adapters/dyn.ts) whose implementation is a T. */
export interface Dyn<T> { readonly __frugal: 'dyn'; readonly __impl?: T }

// Declared here, where the lowering looks for what task code may name; the numbers are the contract's.
export const EDGE_BOTH = EDGES.EDGE_BOTH;
export const EDGE_RISING = EDGES.EDGE_RISING;
export const EDGE_FALLING = EDGES.EDGE_FALLING;

// ---- futures ---------------------------------------------------------------------------------

export function sleep(ms: number): Future<void> { return native.sleep(ms); }
/** Ready once board time reaches `deadline` (ms): a periodic task keeps its phase with it. */
export function sleepUntil(deadline: number): Future<void> { return native.sleepUntil(deadline); }
export function yieldNow(): Future<void> { return native.yieldNow(); }
export function recv(ch: NumberChannel): Future<number> { return native.recv(ch) as Future<number>; }
export function recvRef<T>(ch: RefChannel<T>): Future<T> { return native.recv(ch) as Future<T>; }
export function send(ch: NumberChannel, n: number): Future<void> { return native.send(ch, n); }
export function sendRef<T>(ch: RefChannel<T>, value: T): Future<void> { return native.send(ch, value); }
/** Ready with the signal's value; the signal is reset. */
export function waitSignal(sig: Signal): Future<number> { return native.waitSignal(sig); }
/** Ready with the new level at the next edge of that kind. */
export function waitEdge(src: PinEdges, edge: number): Future<number> { return native.waitEdge(src, edge); }
/**
 * Ready with the queue's oldest entry, four numbers (what they are depends on its source: a
 * connection, a characteristic's bytes, an accelerometer sample, a logged entry). Destructure it.
 */
export function waitEvent(q: BoardEvents): Future<[a: number, b: number, c: number, d: number]> { return native.waitEvent(q); }
/** Ready with the length of the next line, copied into buf. */
export function readLine(src: SerialLines, buf: Uint8Array): Future<number> { return native.readLine(src, buf); }
/** Ready when all are; element i is future i's first numeric result. Destructure it. */
export function join(a: Awaitable<unknown>, b?: Awaitable<unknown>, c?: Awaitable<unknown>, d?: Awaitable<unknown>): Future<number[]> {
  return native.join(a, b, c, d);
}
/** Ready when the first is: [index of the winner, its first numeric result]; the others are dropped. */
export function select(a: Awaitable<unknown>, b?: Awaitable<unknown>, c?: Awaitable<unknown>, d?: Awaitable<unknown>): Future<[which: number, value: number]> {
  return native.select(a, b, c, d);
}
/** [0, value] when the future completed first, [1, 0] when ms passed first (the future is dropped). */
export function timeout(ms: number, fut: Awaitable<unknown>): Future<[timedOut: number, value: number]> {
  return native.timeout(ms, fut);
}
/** AsyncIterator.next() through a dyn object: [value, done (1) or not (0)]. */
export function next(d: Dyn<AsyncIteratorSource>): Future<[value: number, done: number]> { return native.next(d); }
/** AsyncRead.read(buf) through a dyn object: bytes read. */
export function read(d: Dyn<AsyncReadSource>, buf: Uint8Array): Future<number> { return native.read(d, buf); }
/** AsyncWrite.write(buf, len) through a dyn object: bytes written. */
export function write(d: Dyn<AsyncWriteSource>, buf: Uint8Array, len: number): Future<number> { return native.write(d, buf, len); }
/** The names of T's methods that return a Promise: what `call` can await. */
export type AsyncMethodOf<T> = { [K in keyof T]-?: T[K] extends (...args: never[]) => Promise<unknown> ? K : never }[keyof T];
/** The parameters and the awaited result of method K of T. */
export type MethodArgs<T, K extends keyof T> = T[K] extends (...args: infer A) => Promise<unknown> ? A : never;
export type MethodResult<T, K extends keyof T> = T[K] extends (...args: never[]) => Promise<infer R> ? R : never;
/**
 * Any method of a dyn object's interface (one made with defineInterface), awaited:
 * `await call(thermometer, 'measure', 3, buf)`. The method name is a string literal; at most four
 * arguments, of which at most two references (the registers a call's arguments travel in).
 */
export function call<T, K extends AsyncMethodOf<T>>(d: Dyn<T>, method: K, ...args: MethodArgs<T, K>): Future<MethodResult<T, K>> {
  return native.call(d, method as string, args) as Future<MethodResult<T, K>>;
}
/**
 * The one explicit bridge from a Promise: boxes a future that waits for it. Allocates (a box, a
 * closure, the Promise's own reaction), is listed by the allocation audit, and cannot cancel the
 * Promise (only stop waiting for it).
 */
export function fromPromise<T>(p: PromiseLike<T>): Future<T> { return native.fromPromise(p); }

// ---- synchronous helpers ---------------------------------------------------------------------

/** Board time in ms. */
export function now(): number { return native.now(); }
export function setSignal(sig: Signal, value: number): void { native.setSignal(sig, value); }
/** Appends an entry to a Storage log (its file and its queue); false when its queue was full. Never waits. */
export function logEvent(log: BoardEvents, a: number, b?: number, c?: number, d?: number): boolean { return native.logEvent(log, a, b, c, d); }
/** Queues n unless the channel is full; never waits. */
export function trySend(ch: NumberChannel, n: number): boolean { return native.trySend(ch, n); }
