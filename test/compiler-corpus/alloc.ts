// Task code for the allocation test: every kind of await in a loop (channel send/recv, signal,
// a dyn call, an embedded lowered callee with try/finally, a sleep), and no allocating source
// construct, so anything measured comes from the lowering or the runtime.

import {
  next, recv, send, setSignal, sleep, waitSignal, type AsyncIteratorSource, type Dyn, type NumberChannel, type Signal,
} from '../../tasks/task-api.ts';

export class Ticker implements AsyncIteratorSource {
  n: number;
  constructor() {
    this.n = 0;
  }

  async next(): Promise<[value: number, done: number]> {
    this.n++;
    return [this.n & 7, 0];
  }
}

async function step(x: number): Promise<number> {
  let y = x & 15;
  try {
    await sleep(1);
    y = y * 2;
  } finally {
    y++;
  }
  return y;
}

export async function pinger(ch: NumberChannel, sig: Signal, it: Dyn<AsyncIteratorSource>, rounds: number): Promise<number> {
  let sum = 0;
  for (let i = 0; i < rounds; i++) {
    await send(ch, i & 255);
    const v = await waitSignal(sig);
    const [t, done] = await next(it);
    if (done) break;
    sum = (sum + v + t + (await step(i))) & 0xffff;
  }
  return sum;
}

export async function ponger(ch: NumberChannel, sig: Signal, rounds: number): Promise<void> {
  for (let i = 0; i < rounds; i++) {
    const v = await recv(ch);
    setSignal(sig, v + 1);
  }
}
