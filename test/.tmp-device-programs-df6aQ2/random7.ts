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
{ const [late, v] = await timeout(11, guarded(hal, 0, 6)); mark(hal, 0, "timeout", late * 1000 + v, now()); }
{ const [late, v] = await timeout(30, guarded(hal, 0, 30)); mark(hal, 0, "timeout", late * 1000 + v, now()); }
await send(ch, 24);
mark(hal, 0, "sent", 24, now());
acc.st[0] = await recv(ch);
mark(hal, 0, "got", acc.st[0], now());
await send(ch, 67);
mark(hal, 0, "sent", 67, now());
await sleep(27);
mark(hal, 0, "slept", 0, now());
await sleep(15);
mark(hal, 0, "slept", 0, now());
for (let i0 = 0; i0 < 4; i0++) {
{ const [which, v] = await select(recv(ch), sleep(14)); mark(hal, 0, "select", which * 1000 + v, now()); }
{ const [which, v] = await select(recv(ch), sleep(25)); mark(hal, 0, "select", which * 1000 + v, now()); }
{ const [late, v] = await timeout(19, guarded(hal, 0, 28)); mark(hal, 0, "timeout", late * 1000 + v, now()); }
await sleep(19);
mark(hal, 0, "slept", 0, now());
}
  mark(hal, 0, "done", 0, now());
}
export async function task1(hal: Hal, ch: NumberChannel, acc: Acc): Promise<void> {
await yieldNow();
mark(hal, 1, "yielded", 0, now());
{ const [late, v] = await timeout(4, guarded(hal, 1, 16)); mark(hal, 1, "timeout", late * 1000 + v, now()); }
{ const [which, v] = await select(recv(ch), sleep(5)); mark(hal, 1, "select", which * 1000 + v, now()); }
acc.st[0] = await recv(ch);
mark(hal, 1, "got", acc.st[0], now());
acc.st[0] = await recv(ch);
mark(hal, 1, "got", acc.st[0], now());
{ const [which, v] = await select(recv(ch), sleep(12)); mark(hal, 1, "select", which * 1000 + v, now()); }
{ const [which, v] = await select(recv(ch), sleep(7)); mark(hal, 1, "select", which * 1000 + v, now()); }
  mark(hal, 1, "done", 0, now());
}
export async function task2(hal: Hal, ch: NumberChannel, acc: Acc): Promise<void> {
acc.st[0] = await recv(ch);
mark(hal, 2, "got", acc.st[0], now());
acc.st[1] = await acc.add(8);
mark(hal, 2, "sum", acc.st[1], now());
acc.st[1] = await acc.add(6);
mark(hal, 2, "sum", acc.st[1], now());
await yieldNow();
mark(hal, 2, "yielded", 0, now());
acc.st[0] = await recv(ch);
mark(hal, 2, "got", acc.st[0], now());
{ const [which, v] = await select(recv(ch), sleep(2)); mark(hal, 2, "select", which * 1000 + v, now()); }
{ const [late, v] = await timeout(30, guarded(hal, 2, 20)); mark(hal, 2, "timeout", late * 1000 + v, now()); }
  mark(hal, 2, "done", 0, now());
}
export const program: Example = {
  name: 'random', description: 'a random program',
  config: { maxTasks: 3, sideStackWords: 64, sideStackRefs: 8, scratchWords: 0, scratchRefs: 0, poolSlots: 0, timerCapacity: 8 },
  setup: function (ex: Executor, hal: Hal) {
    const ch = numberChannel(ex, 1);
    spawnTask(ex, task0, [hal, ch, new Acc()], { name: 'task 0' });
    spawnTask(ex, task1, [hal, ch, new Acc()], { name: 'task 1' });
    spawnTask(ex, task2, [hal, ch, new Acc()], { name: 'task 2' });
  },
  simulate: function () {},
  runMs: 400,
};
