// Programs that exercise the device lowering's own shortcuts, run on the simulated board (host
// lowering, host executor) and as device bundles on QuickJS (device-lowering.test.ts): both must
// print the same. Each one targets a path the examples reach only partly: awaits of callees that
// never suspend (called directly, loops turned into plain JS loops, tuple results), hot loops
// whose states fall through into states that suspend, yields, combinators that drop their losers
// (with a finally block to run), and dyn calls whose implementation may or may not suspend.
// Output is printed digit by digit (tasks/print.ts): nothing here builds strings per step.

import { call, cancel, next, now, recv, select, send, sleep, spawn, timeout, yieldNow, type AsyncIteratorSource, type Dyn, type NumberChannel, type TaskPool } from '../../tasks/task-api.ts';
import { spawnTask, taskPool } from '../../tasks/lowered.ts';
import { dyn } from '../../adapters/dyn.ts';
import { numberChannel } from '../../primitives/channel.ts';
import { AsyncIterator, defineInterface, implement } from '../../adapters/interface.ts';
import { SideStack } from '../../adapters/side-stack.ts';
import { ScratchOrPool } from '../../adapters/scratch-or-pool.ts';
import type { Executor } from '../../executor/executor.ts';
import type { Hal } from '../../boards/hal.ts';
import type { Example } from '../../program/example.ts';
import { printNumber } from '../../tasks/print.ts';

/** A counter whose methods never suspend: the device build calls them directly. */
export class Tally implements AsyncIteratorSource {
  readonly st: Float64Array;

  constructor(limit: number) {
    this.st = new Float64Array(2);
    this.st[1] = limit;
  }

  async add(x: number): Promise<number> {
    this.st[0] += x;
    return this.st[0];
  }

  async split(x: number): Promise<[half: number, rest: number]> {
    const half = Math.floor(x / 2);
    return [half, x - half];
  }

  async next(): Promise<[value: number, done: number]> {
    if (this.st[0] >= this.st[1]) return [this.st[0], 1];
    return [this.st[0]++, 0];
  }
}

/** The same iterator, except that every third value waits a tick first: its frame is placed. */
export class SlowTally implements AsyncIteratorSource {
  readonly st: Float64Array;

  constructor(limit: number) {
    this.st = new Float64Array(2);
    this.st[1] = limit;
  }

  async next(): Promise<[value: number, done: number]> {
    if (this.st[0] % 3 === 2) await sleep(1);
    if (this.st[0] >= this.st[1]) return [this.st[0], 1];
    return [this.st[0]++, 0];
  }
}

function line(hal: Hal, label: string, n: number): void {
  hal.serialPrint(0, label);
  printNumber(hal, n);
  hal.serialPrint(0, '\n');
}

export async function immediate(hal: Hal, t: Tally, it: Dyn<AsyncIteratorSource>, slow: Dyn<AsyncIteratorSource>): Promise<void> {
  let sum = 0;
  for (let i = 0; i < 5; i++) sum += await t.add(i);
  line(hal, 'sum ', sum);
  const [a, b] = await t.split(sum);
  line(hal, 'half ', a);
  line(hal, 'rest ', b);
  await sleep(5);
  let total = 0;
  let count = 0;
  for (;;) {
    const [v, done] = await next(it);
    if (done) break;
    total += v;
    count++;
  }
  line(hal, 'iterated ', count);
  line(hal, 'total ', total);
  let slowTotal = 0;
  for (;;) {
    const [v, done] = await next(slow);
    if (done) break;
    slowTotal += v;
  }
  line(hal, 'slow total ', slowTotal);
  line(hal, 'at ', Math.round(now()));
}

export async function producer(hal: Hal, ch: NumberChannel): Promise<void> {
  for (let i = 0; i < 8; i++) {
    await yieldNow();
    if (i % 3 === 1) await sleep(2);
    await send(ch, i * i);
    line(hal, 'sent ', i * i);
  }
  await send(ch, -1);
  line(hal, 'producer done at ', Math.round(now()));
}

export async function consumer(hal: Hal, ch: NumberChannel): Promise<void> {
  let n = 0;
  for (;;) {
    const v = await recv(ch);
    if (v < 0) break;
    n++;
    line(hal, 'got ', v);
    line(hal, '  at ', Math.round(now()));
    if (n % 2 === 0) await yieldNow();
  }
  line(hal, 'consumer saw ', n);
}

async function guarded(hal: Hal, ms: number): Promise<number> {
  try {
    await sleep(ms);
    return ms;
  } finally {
    line(hal, 'cleanup after ', ms);
  }
}

export async function races(hal: Hal, ch: NumberChannel): Promise<void> {
  const [timedOut, v] = await timeout(10, guarded(hal, 30));
  line(hal, 'timed out ', timedOut);
  const [timedOut2, v2] = await timeout(50, guarded(hal, 20));
  line(hal, 'timed out ', timedOut2);
  line(hal, 'value ', v + v2);
  const [which] = await select(recv(ch), sleep(15));
  line(hal, 'select picked ', which);
  const [which2, got] = await select(recv(ch), sleep(100));
  line(hal, 'select picked ', which2);
  line(hal, 'received ', got);
  // The task ends right after a timeout that dropped a future with a finally block: ending must
  // not drop it a second time.
  const [late] = await timeout(5, guarded(hal, 50));
  line(hal, 'late ', late);
  line(hal, 'races done at ', Math.round(now()));
}

/** Sleeps without end, with no references (a call of it passes none: device-futures.ts openCallee). */
async function ticking(ms: number): Promise<number> {
  for (;;) await sleep(ms);
}

/** Sleeps once, with no references. */
async function nap(ms: number): Promise<number> {
  await sleep(ms);
  return ms;
}

/** The same with a finally block: the select that drops it calls its drop form, with no references either. */
async function tickingGuarded(ms: number, log: Float64Array): Promise<number> {
  try {
    for (;;) await sleep(ms);
  } finally {
    log[0]++;
  }
}

/** Awaits a call of nap, then races a sleep against a call of ticking, in a frame with no references of its own either. */
export async function lone(hal: Hal): Promise<void> {
  line(hal, 'napped ', await nap(3));
  for (let i = 0; i < 3; i++) {
    const [which] = await select(sleep(5), ticking(2));
    line(hal, 'select picked ', which);
  }
  line(hal, 'lone done at ', Math.round(now()));
}

/** A dropped callee's finally block, from a frame without references. */
export async function loneGuarded(hal: Hal): Promise<void> {
  const log = new Float64Array(1);
  for (let i = 0; i < 2; i++) await select(sleep(3), tickingGuarded(1, log));
  line(hal, 'dropped ', log[0]);
}

export async function feeder(ch: NumberChannel): Promise<void> {
  await sleep(60);
  await send(ch, 42);
}

/** An interface of the program's own: methods of other names and arities than next/read/write. */
// Tasks of one pending timer each (device/timers.ts: task i's timer is entry i): a sleep a
// receive beats, sleeps of two tasks due at the same time, a pool task cancelled while it sleeps.

/** Waits for a value or 7 ms, four times. */
export async function waiter(hal: Hal, ch: NumberChannel): Promise<void> {
  for (let i = 0; i < 4; i++) {
    const [which, v] = await select(recv(ch), sleep(7));
    line(hal, which === 0 ? 'got ' : 'waited ', which === 0 ? v : Math.round(now()));
  }
}

/** Sends 1, 2, 3, 5 ms apart. */
export async function pacer(ch: NumberChannel): Promise<void> {
  for (let i = 1; i <= 3; i++) {
    await sleep(5);
    await send(ch, i);
  }
}

/** Sleeps 5 ms three times: due when pacer's sleeps are. */
export async function twin(hal: Hal): Promise<void> {
  for (let i = 0; i < 3; i++) {
    await sleep(5);
    line(hal, 'twin at ', Math.round(now()));
  }
}

/** A pool task that would sleep 50 ms. */
export async function napper(hal: Hal): Promise<void> {
  await sleep(50);
  line(hal, 'napper woke at ', Math.round(now()));
}

/** Starts a napper, cancels it 4 ms on, then sleeps past when it would have woken. */
export async function boss(hal: Hal, pool: TaskPool<typeof napper>): Promise<void> {
  const h = spawn(pool, hal);
  await sleep(4);
  cancel(h);
  await sleep(60);
  line(hal, 'boss done at ', Math.round(now()));
}

export const Thermostat = defineInterface('Thermostat', ['reset', 'adjust', 'level']);

export interface ThermostatSource {
  reset(): Promise<void>;
  adjust(by: number, scale: number, log: Uint8Array): Promise<number>;
  level(): Promise<[whole: number, tenths: number]>;
}

export class Dial implements ThermostatSource {
  readonly st: Float64Array;

  constructor(start: number) {
    this.st = new Float64Array(1);
    this.st[0] = start;
  }

  async reset(): Promise<void> {
    await sleep(3);
    this.st[0] = 0;
  }

  async adjust(by: number, scale: number, log: Uint8Array): Promise<number> {
    await sleep(by);
    this.st[0] += by * scale;
    log[0]++;
    return this.st[0];
  }

  async level(): Promise<[whole: number, tenths: number]> {
    return [Math.floor(this.st[0] / 10), this.st[0] % 10];
  }
}

export async function tune(hal: Hal, dial: Dyn<ThermostatSource>, log: Uint8Array): Promise<void> {
  line(hal, 'adjusted ', await call(dial, 'adjust', 2, 3, log));
  line(hal, 'adjusted ', await call(dial, 'adjust', 5, 1, log));
  const [whole, tenths] = await call(dial, 'level');
  line(hal, 'whole ', whole);
  line(hal, 'tenths ', tenths);
  await call(dial, 'reset');
  // Passed on to select: the call's future escapes (never in scratch).
  const [which, v] = await select(call(dial, 'adjust', 4, 2, log), sleep(100));
  line(hal, 'select picked ', which);
  line(hal, 'value ', v);
  line(hal, 'adjusts ', log[0]);
  line(hal, 'at ', Math.round(now()));
}

const CONFIG = { maxTasks: 3, sideStackWords: 32, sideStackRefs: 8, scratchWords: 8, scratchRefs: 4, poolSlots: 1, poolSlotWords: 8, poolSlotRefs: 4, timerCapacity: 4 };

export const immediateProgram: Example = {
  name: 'device-immediate',
  description: 'awaits of callees that never suspend, and dyn calls that may',
  config: CONFIG,
  setup: function (ex: Executor, hal: Hal) {
    const it = dyn(implement(AsyncIterator, 'tally', new Tally(6)), new ScratchOrPool());
    const slow = dyn(implement(AsyncIterator, 'slow tally', new SlowTally(7)), new ScratchOrPool());
    spawnTask(ex, immediate, [hal, new Tally(0), it, slow], { name: 'immediate' });
  },
  simulate: function () {},
  runMs: 200,
};

export const handOffProgram: Example = {
  name: 'device-hand-off',
  description: 'two tasks handing values over a channel, with yields and sleeps in their loops',
  config: CONFIG,
  setup: function (ex: Executor, hal: Hal) {
    const ch = numberChannel(ex, 2);
    spawnTask(ex, producer, [hal, ch], { name: 'producer' });
    spawnTask(ex, consumer, [hal, ch], { name: 'consumer' });
  },
  simulate: function () {},
  runMs: 200,
};

export const racesProgram: Example = {
  name: 'device-races',
  description: 'timeout and select dropping their losers, finally blocks included',
  config: CONFIG,
  setup: function (ex: Executor, hal: Hal) {
    const ch = numberChannel(ex, 1);
    spawnTask(ex, races, [hal, ch], { name: 'races' });
    spawnTask(ex, feeder, [ch], { name: 'feeder' });
  },
  simulate: function () {},
  runMs: 300,
};

export const loneProgram: Example = {
  name: 'device-lone',
  description: 'tasks without references awaiting, racing and dropping calls without references',
  config: CONFIG,
  setup: function (ex: Executor, hal: Hal) {
    spawnTask(ex, lone, [hal], { name: 'lone' });
    spawnTask(ex, loneGuarded, [hal], { name: 'lone guarded' });
  },
  simulate: function () {},
  runMs: 100,
};

export const perTaskTimersProgram: Example = {
  name: 'device-per-task-timers',
  description: 'tasks of one pending timer each: dropped, tied and cancelled sleeps',
  config: { maxTasks: 5, sideStackWords: 32, sideStackRefs: 8, scratchWords: 8, scratchRefs: 4, poolSlots: 1, poolSlotWords: 8, poolSlotRefs: 4 },
  setup: function (ex: Executor, hal: Hal) {
    const ch = numberChannel(ex, 1);
    spawnTask(ex, waiter, [hal, ch], { name: 'waiter' });
    spawnTask(ex, pacer, [ch], { name: 'pacer' });
    spawnTask(ex, twin, [hal], { name: 'twin' });
    spawnTask(ex, boss, [hal, taskPool(ex, napper, 1, { name: 'napper' })], { name: 'boss' });
  },
  simulate: function () {},
  runMs: 100,
};

export const methodsProgram: Example = {
  name: 'device-methods',
  description: "any method of a defineInterface interface, awaited with call(d, 'method', ...args)",
  config: CONFIG,
  setup: function (ex: Executor, hal: Hal) {
    spawnTask(ex, tune, [hal, dyn(implement(Thermostat, 'dial', new Dial(20)), new ScratchOrPool()), new Uint8Array(1)], { name: 'tune' });
    spawnTask(ex, tune, [hal, dyn(implement(Thermostat, 'side dial', new Dial(40)), new SideStack()), new Uint8Array(1)], { name: 'tune side', sideStackRefs: 16 });
  },
  simulate: function () {},
  runMs: 100,
};
