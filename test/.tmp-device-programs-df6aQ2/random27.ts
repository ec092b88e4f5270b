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
{ const [which, v] = await select(recv(ch), sleep(20)); mark(hal, 0, "select", which * 1000 + v, now()); }
acc.st[0] = await recv(ch);
mark(hal, 0, "got", acc.st[0], now());
acc.st[1] = await acc.add(9);
mark(hal, 0, "sum", acc.st[1], now());
await yieldNow();
mark(hal, 0, "yielded", 0, now());
  mark(hal, 0, "done", 0, now());
}
export const program: Example = {
  name: 'random', description: 'a random program',
  config: { maxTasks: 1, sideStackWords: 64, sideStackRefs: 8, scratchWords: 0, scratchRefs: 0, poolSlots: 0, timerCapacity: 4 },
  setup: function (ex: Executor, hal: Hal) {
    const ch = numberChannel(ex, 1);
    spawnTask(ex, task0, [hal, ch, new Acc()], { name: 'task 0' });
  },
  simulate: function () {},
  runMs: 400,
};
