// Faults on the device are numbers: a line `frugal!E<code>,<n>,...` that the host turns back into
// the full message (frugal decode, and every frugal command that reads device output). The
// catalog of codes and texts stays in Node; a bundle carries only the numbers it prints.

import { M_POLLED_DONE } from './codes.ts';

declare const console: { log(text: string): void };

/** Throws the encoded fault `code` with its numeric arguments, from inside a task's poll. */
export function fail(code: number, a: number, b: number, c: number): never {
  throw new Error('frugal!E' + code + ',' + a + ',' + b + ',' + c);
}

/**
 * Prints that task t stopped in poll (phase 0) or drop (phase 1) because of `e`: a fault line of
 * the device's own (its message is the code's text) or a user's Error (its message as it is).
 */
export function printFault(code: number, t: number, phase: number, e: unknown): void {
  var m = e !== null && typeof e === 'object' && typeof (e as Error).message === 'string' ? (e as Error).message : String(e);
  console.log('frugal!E' + code + ',' + t + ',' + phase + ' ' + m);
}

/** A lowered function's poll reached after it completed: a bug in the caller, reported as a fault. */
export function polledAfterDone(): never {
  return fail(M_POLLED_DONE, 0, 0, 0);
}
