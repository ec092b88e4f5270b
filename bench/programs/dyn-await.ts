// The await benchmark's program, built for the device (bundler/device-bundle.ts) once per adapter:
// a task that, for every line it reads on serial port 0 (the line is n), awaits n calls of next()
// through a dyn AsyncIterator whose next() is ready at once, and prints the sum and the time per
// await; and a task that awaits n yields, each a real suspend and resume through the run queue.
// The same bundle runs on Espruino's interpreter and, in Node, on V8 (bench/device-forms.ts).

import { next, readLine, yieldNow, type AsyncIteratorSource, type Dyn, type SerialLines } from '../../tasks/task-api.ts';
import { spawnTask } from '../../tasks/lowered.ts';
import { dyn } from '../../adapters/dyn.ts';
import { AsyncIterator, implement } from '../../adapters/interface.ts';
import type { Adapter } from '../../adapters/adapter.ts';
import { SerialLines as BoardLines } from '../../boards/serial-lines.ts';
import type { Hal } from '../../boards/hal.ts';
import type { Executor } from '../../executor/executor.ts';
import type { ExecutorOptions } from '../../executor/config.ts';
import type { Example } from '../../program/example.ts';

declare function getTime(): number;

/** An iterator over 0, 1, 2...: next() is ready at once. */
export class Counter implements AsyncIteratorSource {
  /** [next value] */
  readonly st: Float64Array;

  constructor() {
    this.st = new Float64Array(1);
  }

  async next(): Promise<[value: number, done: number]> {
    return [this.st[0]++, 0];
  }
}

/**
 * The same iterator behind a gate: next() has an await, so the build cannot call it directly and
 * each call gets a frame where the adapter places it. Open, next() is ready at once; closed, every
 * next() yields once (a real suspend and resume of the frame the adapter placed) before its value.
 */
export class GatedCounter implements AsyncIteratorSource {
  /** [next value, gate closed (1) or open (0): set once, by the constructor] */
  readonly st: Float64Array;

  constructor(closed: boolean) {
    this.st = new Float64Array(2);
    this.st[1] = closed ? 1 : 0;
  }

  async next(): Promise<[value: number, done: number]> {
    if (this.st[1] !== 0) await yieldNow();
    return [this.st[0]++, 0];
  }
}

/** Where a round's n comes from: lines on serial port 0, read into a buffer. */
export interface RoundInput {
  lines: SerialLines;
  buf: Uint8Array;
}

/** The number a line of digits spells. */
function lineNumber(buf: Uint8Array, len: number): number {
  let n = 0;
  for (let i = 0; i < len; i++) n = n * 10 + buf[i] - 48;
  return n;
}

/** Prints `bench <sum> <microseconds per await>`: one line per round, built once per round. */
function report(hal: Hal, sum: number, t0: number, n: number): void {
  hal.serialPrint(0, 'bench ' + sum + ' ' + ((getTime() - t0) * 1e6) / n + '\n');
}

export async function nextRounds(hal: Hal, input: RoundInput, it: Dyn<AsyncIteratorSource>, counter: Counter | GatedCounter): Promise<void> {
  for (;;) {
    const n = lineNumber(input.buf, await readLine(input.lines, input.buf));
    counter.st[0] = 0;
    let sum = 0;
    const t0 = getTime();
    for (let i = 0; i < n; i++) {
      const [v, done] = await next(it);
      if (done) break;
      sum += v;
    }
    report(hal, sum, t0, n);
  }
}

/** A lowered async function that is ready at once: what awaiting a call costs without dyn dispatch. */
export async function counted(counter: Counter): Promise<number> {
  return counter.st[0]++;
}

export async function callRounds(hal: Hal, input: RoundInput, counter: Counter): Promise<void> {
  for (;;) {
    const n = lineNumber(input.buf, await readLine(input.lines, input.buf));
    counter.st[0] = 0;
    let sum = 0;
    const t0 = getTime();
    for (let i = 0; i < n; i++) sum += await counted(counter);
    report(hal, sum, t0, n);
  }
}

export async function yieldRounds(hal: Hal, input: RoundInput): Promise<void> {
  for (;;) {
    const n = lineNumber(input.buf, await readLine(input.lines, input.buf));
    let sum = 0;
    const t0 = getTime();
    for (let i = 0; i < n; i++) {
      await yieldNow();
      sum += i;
    }
    report(hal, sum, t0, n);
  }
}

function roundInput(ex: Executor, hal: Hal): RoundInput {
  return { lines: new BoardLines(ex, hal, 0, 32), buf: new Uint8Array(16) };
}

const BASE: ExecutorOptions = { maxTasks: 1, sideStackWords: 16, sideStackRefs: 6, poolSlots: 0, timerCapacity: 1, maxFrames: 8 };

/**
 * What next() is: 'ready' can never suspend (the build calls it directly); 'may suspend' has an
 * await it does not reach; 'suspends' reaches it at every call.
 */
export type NextKind = 'ready' | 'may suspend' | 'suspends';

/** The program with next() placed by `adapter`, under the executor options `config`. */
export function nextProgram(name: string, config: ExecutorOptions, adapter: () => Adapter, kind: NextKind): Example {
  return {
    name: name,
    description: 'awaits of a dyn next() that ' + (kind === 'ready' ? 'can never suspend' : kind) + ' through ' + name,
    config: { ...BASE, ...config },
    setup: function (ex: Executor, hal: Hal) {
      const counter = kind === 'ready' ? new Counter() : new GatedCounter(kind === 'suspends');
      const it = dyn(implement(AsyncIterator, 'counter', counter), adapter());
      spawnTask(ex, nextRounds, [hal, roundInput(ex, hal), it, counter], { name: 'next rounds' });
    },
    simulate: function () {},
    runMs: 1000,
  };
}

export const callProgram: Example = {
  name: 'call',
  description: 'awaits of a lowered async function that is ready at once',
  config: BASE,
  setup: function (ex: Executor, hal: Hal) {
    spawnTask(ex, callRounds, [hal, roundInput(ex, hal), new Counter()], { name: 'call rounds' });
  },
  simulate: function () {},
  runMs: 1000,
};

export const yieldProgram: Example = {
  name: 'yield',
  description: 'awaits that suspend and resume through the run queue',
  config: BASE,
  setup: function (ex: Executor, hal: Hal) {
    spawnTask(ex, yieldRounds, [hal, roundInput(ex, hal)], { name: 'yield rounds' });
  },
  simulate: function () {},
  runMs: 1000,
};
