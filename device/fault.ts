// Faults on the device are numbers: a line `frugal!E<code>,<n>,...` that the host turns back into
// the full message (frugal decode, and every frugal command that reads device output). The
// catalog of codes and texts stays in Node; a bundle carries only the numbers it prints.


/** Throws the encoded fault `code` with its numeric arguments, from inside a task's poll. */
export function fail(code: number, a: number, b: number, c: number): never {
  throw new Error('frugal!E' + code + ',' + a + ',' + b + ',' + c);
}
