import { recv, select, send, sleep, timeout, yieldNow, now, type NumberChannel } from "../../compiler/runtime.ts";
import { spawnTask } from "../../compiler/lowered.ts";
import { numberChannel } from "../../executor/channel.ts";
import type { Executor } from "../../executor/executor.ts";
import type { Hal } from "../../boards/hal.ts";
import type { Example } from "../../examples/example.ts";
import { printNumber } from "../../examples/print.ts";
export class Acc {
  readonly st: Float64Array;
  constructor() { this.st = new Float64Array(2); }
  async add(v: number): Promise<number> { this.st[1] += v; return this.st[1]; }
}
function mark(hal: Hal, task: number, label: string, v: number, t: number): void {
  printNumber(hal, task); hal.serialPrint(0, ' ' + label + ' '); printNumber(hal, v); hal.serialPrint(0, ' t='); printNumber(hal, Math.round(t)); hal.serialPrint(0, '\n');
}
async function guarded(hal: Hal, task: number, ms: number): Promise<number> {
  try { await sleep(ms); return ms; } finally { mark(hal, task, "cleanup", ms, now()); }
}
export async function task0(hal: Hal, ch: NumberChannel, acc: Acc): Promise<void> {
await sleep(19);
mark(hal, 0, "slept", 0, now());
{ const [which, v] = await select(recv(ch), sleep(17)); mark(hal, 0, "select", which * 1000 + v, now()); }
for (let i0 = 0; i0 < 3; i0++) {
await sleep(1);
mark(hal, 0, "slept", 0, now());
{ const [late, v] = await timeout(12, guarded(hal, 0, 9)); mark(hal, 0, "timeout", late * 1000 + v, now()); }
{ const [late, v] = await timeout(18, guarded(hal, 0, 24)); mark(hal, 0, "timeout", late * 1000 + v, now()); }
}
for (let i0 = 0; i0 < 4; i0++) {
acc.st[1] = await acc.add(8);
mark(hal, 0, "sum", acc.st[1], now());
acc.st[1] = await acc.add(7);
mark(hal, 0, "sum", acc.st[1], now());
acc.st[1] = await acc.add(4);
mark(hal, 0, "sum", acc.st[1], now());
}
  mark(hal, 0, "done", 0, now());
}
export async function task1(hal: Hal, ch: NumberChannel, acc: Acc): Promise<void> {
{ const [which, v] = await select(recv(ch), sleep(20)); mark(hal, 1, "select", which * 1000 + v, now()); }
acc.st[0] = await recv(ch);
mark(hal, 1, "got", acc.st[0], now());
acc.st[1] = await acc.add(9);
mark(hal, 1, "sum", acc.st[1], now());
await yieldNow();
mark(hal, 1, "yielded", 0, now());
  mark(hal, 1, "done", 0, now());
}
export const program: Example = {
  name: 'random', description: 'a random program',
  config: { maxTasks: 2, sideStackWords: 64, sideStackRefs: 8, scratchWords: 0, scratchRefs: 0, poolSlots: 0, timerCapacity: 6 },
  setup: function (ex: Executor, hal: Hal) {
    const ch = numberChannel(ex, 1);
    spawnTask(ex, task0, [hal, ch, new Acc()], { name: 'task 0' });
    spawnTask(ex, task1, [hal, ch, new Acc()], { name: 'task 1' });
  },
  simulate: function () {},
  runMs: 400,
};
