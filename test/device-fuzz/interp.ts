// The program of the device-form random programs (test/support/device-fuzz.ts): task code written
// as a user writes it, built by `frugal build`'s path for a Puck.js and run on the model of its
// Espruino, and lowered for the host executor as the reference. What varies from one random
// program to the next is data: each task interprets a list of operations laid out in one
// Float64Array (`Env.code`), which setup passes on and the device's memory image holds, so the
// device code of every program of a shape is the same, byte for byte, as its own build gives it.
//
// An operation is four numbers [op, a, b, c] at code[pc..pc+3]; every step prints a line
// `<task> <op> <value> t=<board time>` through the board's serial port 0. The ops cover what the
// device build treats specially: sleeps, yields, channel hand-offs blocking either side, signals,
// pin edges, serial lines, dyn calls through every adapter (escaping or not), select, join and
// timeout dropping their losers (a finally block runs on the drop), a callee that never suspends
// (a plain call on the device), one that does (an embedded frame), loops (the hot loop's saves, and
// a suspend after a hot loop),
// throws (a task faulting while its futures wait in waiter sets, while it is queued), and ends
// (a task ending while queued).

import {
  join, next, now, readLine, recv, select, send, setSignal, sleep, timeout, trySend, waitEdge, waitSignal, yieldNow,
  type AsyncIteratorSource, type Dyn, type NumberChannel, type PinEdges, type SerialLines, type Signal,
} from '../../tasks/task-api.ts';
import type { Hal } from '../../boards/hal.ts';
import { printFixed, printNumber } from '../../tasks/print.ts';

export const OP_END = 1;
export const OP_SLEEP = 2;
export const OP_YIELD = 3;
export const OP_SEND = 4;
export const OP_RECV = 5;
export const OP_TRY_SEND = 6;
export const OP_SET = 7;
export const OP_WAIT = 8;
export const OP_EDGE = 9;
export const OP_LINE = 10;
export const OP_DYN = 11;
export const OP_TIMEOUT_GUARDED = 12;
export const OP_TIMEOUT_RECV = 13;
export const OP_TIMEOUT_DYN = 14;
export const OP_TIMEOUT_WAIT = 15;
export const OP_SELECT_RECV_SLEEP = 16;
export const OP_SELECT_WAIT_SLEEP = 17;
export const OP_SELECT_DYN_RECV = 18;
export const OP_SELECT_YIELD_SLEEP = 19;
export const OP_JOIN_SLEEPS = 20;
export const OP_JOIN_RECV_SEND = 21;
export const OP_JOIN_DYN_SLEEP = 22;
export const OP_JOIN_WAIT_FAIL = 23;
export const OP_THROW = 24;
export const OP_LOOP = 25;
export const OP_ADD = 26;
export const OP_CALL = 27;
export const OP_SELECT_DYNS = 28;
export const OP_SELECT_EDGE_SLEEP = 29;
export const OP_SELECT_LINE_SLEEP = 30;
export const OP_JOIN_DYNS = 31;
export const OP_PEEK = 32;
export const OP_HOT_COLD = 33;

/** Words of an operation. */
export const OP_WORDS = 4;

/**
 * The layout of Env.code: per task TASK_OPS operations of OP_WORDS, then IMPL_WORDS per dyn
 * object for its implementation: [ms, the call that throws, the call from which it is done, calls
 * answered (written by the implementation)].
 */
export const MAX_TASKS = 6;
export const TASK_OPS = 16;
export const TASK_WORDS = OP_WORDS * TASK_OPS;
export const IMPL_BASE = MAX_TASKS * TASK_WORDS;
export const IMPL_WORDS = 4;
export const MAX_DYNS = 8;
export const CODE_WORDS = IMPL_BASE + MAX_DYNS * IMPL_WORDS;

/** What the tasks share: the operations, the program's channels, signals, pin and serial sources and dyn objects. */
export class Env {
  code: Float64Array;
  chans: NumberChannel[];
  sigs: Signal[];
  dyns: Dyn<AsyncIteratorSource>[];
  edges: PinEdges;
  lines: SerialLines;
  buf: Uint8Array;
  calc: Calc;

  constructor(code: Float64Array, chans: NumberChannel[], sigs: Signal[], dyns: Dyn<AsyncIteratorSource>[], edges: PinEdges, lines: SerialLines, calc: Calc) {
    this.code = code;
    this.chans = chans;
    this.sigs = sigs;
    this.dyns = dyns;
    this.edges = edges;
    this.lines = lines;
    this.buf = new Uint8Array(4);
    this.calc = calc;
  }
}

/** A method that never suspends: a plain call on the device. */
export class Calc {
  st: Float64Array;
  constructor() {
    this.st = new Float64Array(1);
  }

  async add(v: number): Promise<number> {
    this.st[0] += v;
    return this.st[0];
  }
}

/**
 * An AsyncIterator whose behaviour is data: code[at] is how long each call sleeps (0: answers at
 * once), code[at + 1] the call that throws (0: none), code[at + 2] the call from which it reports
 * done (0: never). A small frame.
 */
export class Steps implements AsyncIteratorSource {
  code: Float64Array;
  at: number;
  st: Float64Array;
  constructor(code: Float64Array, at: number) {
    this.code = code;
    this.at = at;
    this.st = new Float64Array(1);
  }

  async next(): Promise<[value: number, done: number]> {
    const ms = this.code[this.at];
    if (ms > 0) await sleep(ms);
    this.st[0]++;
    // Where the tasks can read it (OP_PEEK): the implementation and Env share the array.
    this.code[this.at + 3] = this.st[0];
    if (this.st[0] === this.code[this.at + 1]) throw new Error('steps failed');
    return [this.st[0], this.code[this.at + 2] > 0 && this.st[0] >= this.code[this.at + 2] ? 1 : 0];
  }
}

/**
 * Steps' behaviour from a first poll that goes round a loop before it may sleep: the device keeps
 * its poll for that first poll (no start form, compiler/device-start.ts), so the call sites' poll
 * path is reached too.
 */
export class LoopSteps implements AsyncIteratorSource {
  code: Float64Array;
  at: number;
  st: Float64Array;
  constructor(code: Float64Array, at: number) {
    this.code = code;
    this.at = at;
    this.st = new Float64Array(1);
  }

  async next(): Promise<[value: number, done: number]> {
    const ms = this.code[this.at];
    let n = this.st[0];
    for (let i = 0; i < 2; i++) {
      if (i === 1 && ms > 0) await sleep(ms);
      n += i;
    }
    this.st[0] = n;
    this.code[this.at + 3] = n;
    if (n === this.code[this.at + 1]) throw new Error('loop steps failed');
    return [n, this.code[this.at + 2] > 0 && n >= this.code[this.at + 2] ? 1 : 0];
  }
}

/** The same behaviour with a larger frame: numbers that live across its awaits, and a yield before it answers. */
export class BigSteps implements AsyncIteratorSource {
  code: Float64Array;
  at: number;
  st: Float64Array;
  constructor(code: Float64Array, at: number) {
    this.code = code;
    this.at = at;
    this.st = new Float64Array(1);
  }

  async next(): Promise<[value: number, done: number]> {
    const ms = this.code[this.at];
    const fails = this.code[this.at + 1];
    const done = this.code[this.at + 2];
    const started = now();
    if (ms > 0) await sleep(ms);
    await yieldNow();
    const n = this.st[0] + 1;
    this.st[0] = n;
    this.code[this.at + 3] = n;
    if (n === fails) throw new Error('big steps failed');
    return [n + Math.round(now() - started) * 0, done > 0 && n >= done ? 1 : 0];
  }
}

function mark(hal: Hal, task: number, op: number, v: number, t: number): void {
  printNumber(hal, task);
  hal.serialPrint(0, ' ');
  printNumber(hal, op);
  hal.serialPrint(0, ' ');
  printNumber(hal, v);
  hal.serialPrint(0, ' t=');
  printFixed(hal, t, 1);
  hal.serialPrint(0, '\n');
}

/** A callee that suspends, with a finally block that runs when it completes and when it is dropped. */
async function guarded(hal: Hal, task: number, ms: number): Promise<number> {
  try {
    await sleep(ms);
    return ms;
  } finally {
    mark(hal, task, 90, ms, now());
  }
}

/** Sleeps, then throws: joined with a wait, the task faults while that wait is parked. */
async function failAfter(ms: number): Promise<number> {
  await sleep(ms);
  throw new Error('failed after ' + ms);
}

/** A callee that suspends and returns a value: an embedded frame on the device. */
async function sleeper(hal: Hal, task: number, ms: number): Promise<number> {
  const t0 = now();
  await sleep(ms);
  await yieldNow();
  return Math.round(now() - t0);
}

/**
 * A loop that suspends (the device's hot loop: only what it writes is saved at its yields), then a
 * suspend after it: `step` is read in the loop but written outside it, so the sleep must save it.
 */
async function hotCold(rounds: number): Promise<number> {
  let step = rounds + 1;
  let acc = 0;
  for (let i = 0; i < rounds; i++) {
    await yieldNow();
    acc += step * (i + 1);
  }
  step = acc + 7;
  await sleep(1);
  return step;
}

/** Runs the operations from code[pc] until an OP_END, a throw or a fault. */
export async function interp(hal: Hal, env: Env, task: number, pc: number): Promise<void> {
  const code = env.code;
  for (;;) {
    const op = code[pc];
    const a = code[pc + 1];
    const b = code[pc + 2];
    const c = code[pc + 3];
    const at = pc;
    pc += OP_WORDS;
    let v = 0;
    switch (op) {
      case OP_END:
        mark(hal, task, op, 0, now());
        return;
      case OP_SLEEP:
        await sleep(a);
        break;
      case OP_YIELD:
        await yieldNow();
        break;
      case OP_SEND:
        await send(env.chans[a], b);
        break;
      case OP_RECV:
        v = await recv(env.chans[a]);
        break;
      case OP_TRY_SEND:
        v = trySend(env.chans[a], b) ? 1 : 0;
        break;
      case OP_SET:
        setSignal(env.sigs[a], b);
        break;
      case OP_WAIT:
        v = await waitSignal(env.sigs[a]);
        break;
      case OP_EDGE:
        v = await waitEdge(env.edges, a);
        break;
      case OP_LINE:
        v = await readLine(env.lines, env.buf);
        break;
      case OP_DYN: {
        const [x, done] = await next(env.dyns[a]);
        v = x * 10 + done;
        break;
      }
      case OP_TIMEOUT_GUARDED: {
        const [late, x] = await timeout(a, guarded(hal, task, b));
        v = late * 1000 + x;
        break;
      }
      case OP_TIMEOUT_RECV: {
        const [late, x] = await timeout(a, recv(env.chans[b]));
        v = late * 1000 + x;
        break;
      }
      case OP_TIMEOUT_DYN: {
        const [late, x] = await timeout(a, next(env.dyns[b]));
        v = late * 1000 + x;
        break;
      }
      case OP_TIMEOUT_WAIT: {
        const [late, x] = await timeout(a, waitSignal(env.sigs[b]));
        v = late * 1000 + x;
        break;
      }
      case OP_SELECT_RECV_SLEEP: {
        const [which, x] = await select(recv(env.chans[a]), sleep(b));
        v = which * 1000 + x;
        break;
      }
      case OP_SELECT_WAIT_SLEEP: {
        const [which, x] = await select(waitSignal(env.sigs[a]), sleep(b));
        v = which * 1000 + x;
        break;
      }
      case OP_SELECT_DYN_RECV: {
        const [which, x] = await select(next(env.dyns[a]), recv(env.chans[b]));
        v = which * 1000 + x;
        break;
      }
      case OP_SELECT_YIELD_SLEEP: {
        // The yield queues the task; when the sleep wins at once, the task goes on while queued.
        const [which, x] = await select(yieldNow(), sleep(a));
        v = which * 1000 + x;
        break;
      }
      case OP_JOIN_SLEEPS: {
        const [x, y] = await join(sleep(a), sleep(b));
        v = x + y;
        break;
      }
      case OP_JOIN_RECV_SEND: {
        const [x, y] = await join(recv(env.chans[a]), send(env.chans[b], c));
        v = x * 1000 + y;
        break;
      }
      case OP_JOIN_DYN_SLEEP: {
        const [x, y] = await join(next(env.dyns[a]), sleep(b));
        v = x * 1000 + y;
        break;
      }
      case OP_JOIN_WAIT_FAIL: {
        const [x, y] = await join(waitSignal(env.sigs[a]), failAfter(b));
        v = x + y;
        break;
      }
      case OP_THROW:
        mark(hal, task, op, 0, now());
        throw new Error('thrown by task ' + task);
      case OP_LOOP:
        // [LOOP, target pc, times, left]: jumps back `times` times, then falls through (and resets).
        if (c > 0) {
          code[at + 3] = c - 1;
          pc = a;
        } else {
          code[at + 3] = b;
        }
        v = c;
        break;
      case OP_ADD:
        v = await env.calc.add(a);
        break;
      case OP_CALL:
        v = await sleeper(hal, task, a);
        break;
      case OP_SELECT_DYNS: {
        const [which, x] = await select(next(env.dyns[a]), next(env.dyns[b]));
        v = which * 1000 + x;
        break;
      }
      case OP_SELECT_EDGE_SLEEP: {
        const [which, x] = await select(waitEdge(env.edges, a), sleep(b));
        v = which * 1000 + x;
        break;
      }
      case OP_SELECT_LINE_SLEEP: {
        const [which, x] = await select(readLine(env.lines, env.buf), sleep(a));
        v = which * 1000 + x;
        break;
      }
      case OP_JOIN_DYNS: {
        const [x, y] = await join(next(env.dyns[a]), next(env.dyns[b]));
        v = x * 1000 + y;
        break;
      }
      case OP_HOT_COLD:
        v = await hotCold(a);
        break;
      case OP_PEEK:
        // How many calls dyn object a has answered, as its implementation wrote it into the shared array.
        v = code[IMPL_BASE + IMPL_WORDS * a + 3];
        break;
      default:
        throw new Error('bad op ' + op + ' at ' + at);
    }
    mark(hal, task, op, v, now());
  }
}

/** The same as a task entry of another function: the interpreter's frame embedded in this one's. */
export async function interpInner(hal: Hal, env: Env, task: number, pc: number): Promise<void> {
  await interp(hal, env, task, pc);
  mark(hal, task, 99, 0, now());
}
