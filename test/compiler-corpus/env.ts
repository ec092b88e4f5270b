// What a corpus file's setup() gets: the same calls work lowered (executor + simulated board) and
// natively (Promises on a virtual clock); test/support/compiler-harness.ts implements both.

import type { AsyncIteratorSource, Dyn, NumberChannel, RefChannel, Signal, TaskFn, TaskPool } from '../../tasks/task-api.ts';

export type AdapterName = 'ScratchOrPool' | 'SideStack' | 'Inline' | 'Recycling' | 'MaxSpace' | 'CallerCachedBox' | 'Boxing';

export interface TaskRef { readonly __task: true }

export interface Env {
  trace(msg: string): void;
  numberChannel(capacity: number): NumberChannel;
  refChannel<T>(capacity: number): RefChannel<T>;
  signal(): Signal;
  /** Starts fn(...args) as a task (fn: a lowered async function; natively the function itself). */
  spawn<A extends unknown[]>(name: string, fn: (...args: A) => Promise<unknown>, args: A): TaskRef;
  /** Cancels the task at board time ms. */
  cancelAt(ms: number, task: TaskRef): void;
  /** Sets a signal from outside any task at board time ms (as an interrupt would). */
  setSignalAt(ms: number, sig: Signal, value: number): void;
  /** A task pool of `slots` slots for fn, named `name` (its tasks name[0], name[1], ...). */
  taskPool<F extends TaskFn>(name: string, fn: F, slots: number): TaskPool<F>;
  /** A dyn AsyncIterator over an instance of a class with a lowered `async next()`. */
  iterator(name: string, self: AsyncIteratorSource, adapter: AdapterName): Dyn<AsyncIteratorSource>;
}

let current: Env | null = null;

export function useEnv(env: Env): void {
  current = env;
}

/** Records `msg` with the board time and the current task's name. */
export function trace(msg: string): void {
  if (current === null) throw new Error('corpus: setup() must call useEnv(env) first');
  current.trace(msg);
}
