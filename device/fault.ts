// Faults on the device are numbers: a line `frugal!E<code>,<n>,...` that the host turns back into
// the full message (frugal decode, and every frugal command that reads device output). The
// catalog of codes and texts stays in Node; a bundle carries only the numbers it prints.


/**
 * Throws the encoded fault `code` with its numeric arguments (as many as the catalog's entry for
 * the code takes), from inside a task's poll. An error path: the line is built only here, in one
 * statement, not a loop: the build writes a function this short in where it is called
 * (bundler/inline-calls.ts), which saves its function object on the board.
 * - `args` has at least one number (a code without arguments is thrown as its one string:
 *   device-hal.ts setupOnly). An array joins with commas as a string, so where this is written in
 *   the line reads `"frugal!E79," + e`: Espruino reads every token of the function it is written
 *   into at each call, and `[79].concat(e).join(",")` was 11 tokens more, three times in a sleep's
 *   poll.
 */
export function fail(code: number, args: number[]): never {
  throw new Error('frugal!E' + code + ',' + args);
}
