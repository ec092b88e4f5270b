// The device back end's self-poll: a program's one task that suspends having woken itself (a
// yield, a callee that yields, a channel it fed itself) goes on in its poll instead of returning.
//
// Why: the run loop would poll it next with nothing in between (device/scheduler.ts: no clock
// read, no timer and no callback runs inside a batch of polls), so going on gives the same order
// of polls without the return, the loop's turn, the cached variables' saves and their reads back
// (a yield round on Espruino 2v29: 280,000 instructions, 195,000 going on; callgrind, espruino64).
// The run loop says how many polls its batch has left (SPARE) and counts the ones spent here, so
// the batch ends, the clock is read and timers expire where they did.
//
// Only the task's own frame goes on: a child polled by its parent (a join's, a select's) would
// go on before its parent polls the other children.

/**
 * The test and the jump a suspend in poll starts with, in front of its state word and return.
 * - `ns` is the runtime's namespace, `base` poll's frame base (the task's frame is at T_ONE_BASE).
 * - `enter` sets the state to go on at, as a jump writes it ('' for the state poll is in).
 * - `leave` is how the code there reaches the dispatch: `continue`, or `break` from inside a
 *   native loop (device-form.ts loopCases) to a state outside it (a `continue` would read the
 *   loop's guards and skip its cases once more on the way).
 */
export function selfPoll(ns: string, base: string, enter: string, leave: 'continue' | 'break'): string {
  return 'if (' + selfWoken(ns, base) + ') { ' + polledAgain(ns) + '; ' + enter + leave + '; } ';
}

/**
 * The test: the poll is of the task's own frame, which woke itself, and the batch has a poll to spare.
 * - `ns` is the runtime's namespace, `base` poll's frame base.
 */
export function selfWoken(ns: string, base: string): string {
  const word = (k: string): string => ns + '.W[' + ns + '.' + k + ']';
  return ns + '.TASKS === 1 && ' + base + ' === ' + ns + '.T_ONE_BASE && ' + word('Q_LEN') + ' > 0 && ' + word('SPARE') + ' > 0';
}

/** What a poll that goes on spends: a poll of the batch, and the wake (as the run loop's dequeue). */
export function polledAgain(ns: string): string {
  return ns + '.W[' + ns + '.SPARE]--, ' + ns + '.W[' + ns + '.Q_LEN] = 0';
}
