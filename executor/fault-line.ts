// The fault line: what a device says for an error, `frugal!E<code>,<n1>,<n2>,...`, numbers only.
// A device bundle gets this module in place of the message catalog (messages.ts; the build
// resolves one to the other and writes each code as a number), so its fail() makes the line
// instead of the text: no message text and no catalog take the board's flash or RAM. The host
// turns the line back into the text with the catalog and a name map (frugal decode).

import type { FrugalError } from './errors.ts';

/** A task or a future as a message argument: the device carries its id, the host prints its name. */
export interface Named {
  /** Task index, or vtable id. */
  id: number;
  name: string;
}

/** A message argument: a number, a task or future, or any other string. */
export type Arg = number | string | Named;

/**
 * Task t as a message argument (-1: no task). `ex` is the executor, or anything with its task
 * table's names (a structural type: this module is below the executor and must not import it).
 */
// error path: a task as an error message argument
export function taskArg(ex: { readonly tasks: { readonly name: readonly string[] } }, t: number): Named {
  return { id: t, name: t >= 0 ? ex.tasks.name[t] : '' };
}

/** The line for a fault whose arguments are already numbers (names replaced by their indices). */
// error path: the fault line is built only when a fault is reported
export function encodeFault(code: number, numbers: number[]): string {
  let s = 'frugal!E' + code;
  for (let i = 0; i < numbers.length; i++) s += ',' + numbers[i];
  return s;
}

/**
 * The device's error: its message is the fault line, and it carries its code (kind, budget and
 * shortBy are the catalog's, on the host). A string goes as -1, not known: the device holds no
 * table to find its index in.
 */
export function fail(code: number, a: Arg[]): FrugalError {
  const numbers: number[] = [];
  for (let i = 0; i < a.length; i++) {
    const v = a[i];
    numbers.push(typeof v === 'number' ? v : typeof v === 'object' && v !== null ? v.id : -1);
  }
  const e = new Error(encodeFault(code, numbers)) as FrugalError;
  e.code = code;
  return e;
}
