// Workload 2: messages between two tasks through bounded channels of capacity 1. The pinger sends
// i on channel A and awaits the reply on channel B; the ponger answers each i with i + 1. One op is
// one message delivered (a round is two). Checksum: the pinger's sum of replies.

import { numberChannel } from '../../primitives/channel.ts';
import { Executor } from '../../executor/executor.ts';
import { pinger, ponger } from '../../test/support/ping-pong.ts';
import { taskIndex } from '../../contract/task-handle.ts';
import type { Form } from '../harness.ts';

export const WORKLOAD = 'ping-pong';
const OPS = 100000;

// ---- native: async/await over a Promise-based bounded queue ----------------------------------

class AsyncChannel {
  private readonly buf: number[];
  private head = 0;
  private len = 0;
  private readonly recvWaiters: (() => void)[] = [];
  private readonly sendWaiters: (() => void)[] = [];

  constructor(private readonly capacity: number) {
    this.buf = new Array<number>(capacity).fill(0);
  }

  async send(v: number): Promise<void> {
    while (this.len === this.capacity) await new Promise<void>((r) => this.sendWaiters.push(r));
    this.buf[(this.head + this.len) % this.capacity] = v;
    this.len++;
    const w = this.recvWaiters.shift();
    if (w !== undefined) w();
  }

  async recv(): Promise<number> {
    while (this.len === 0) await new Promise<void>((r) => this.recvWaiters.push(r));
    const v = this.buf[this.head];
    this.head = (this.head + 1) % this.capacity;
    this.len--;
    const w = this.sendWaiters.shift();
    if (w !== undefined) w();
    return v;
  }
}

async function nativePinger(a: AsyncChannel, b: AsyncChannel, rounds: number): Promise<number> {
  let sum = 0;
  for (let i = 0; i < rounds; i++) {
    await a.send(i);
    sum += await b.recv();
  }
  return sum;
}

async function nativePonger(a: AsyncChannel, b: AsyncChannel, rounds: number): Promise<void> {
  for (let i = 0; i < rounds; i++) await b.send((await a.recv()) + 1);
}

async function nativePingPong(rounds: number): Promise<number> {
  const a = new AsyncChannel(1);
  const b = new AsyncChannel(1);
  const [sum] = await Promise.all([nativePinger(a, b, rounds), nativePonger(a, b, rounds)]);
  return sum;
}

// ---- frugal: two hand-written state machines and two Channels ---------------------------------

// The allocation test's pair (test/support/ping-pong.ts), replying on a second channel, no sleep.
const Pinger = pinger('bench.pinger', 'channel', 0);
const Ponger = ponger('bench.ponger', 'channel', false);

const PING = { name: 'ping' };
const PONG = { name: 'pong' };

function frugalForm(): Form {
  // Pinger: 5 words + header, plus a send frame (1 word + header, 2 refs) on top.
  const ex = new Executor({ maxTasks: 2, sideStackWords: 12, sideStackRefs: 4, scratchWords: 0, scratchRefs: 0, poolSlots: 0 });
  const a = numberChannel(ex, 1);
  const b = numberChannel(ex, 1);
  return {
    workload: WORKLOAD, form: 'frugal Channel', kind: 'frugal', opsPerRun: OPS, allocWindow: OPS, minAllocWindow: 1000,
    run: (n) => {
      const rounds = n >> 1;
      ex.an[0] = rounds;
      ex.ar[0] = a;
      ex.ar[1] = b;
      const t = taskIndex(ex.spawn(Pinger, PING));
      ex.an[0] = rounds;
      ex.ar[0] = a;
      ex.ar[1] = b;
      ex.spawn(Ponger, PONG);
      ex.runUntilIdle(1e9);
      if (ex.faults.length > 0) throw new Error('ping-pong: ' + ex.faults[0].message);
      return ex.tasks.result[t];
    },
  };
}

// ---- floor: the same messages through two ring buffers, in one synchronous loop ----------------

function syncPingPong(rounds: number): number {
  const a = new Float64Array(1);
  const b = new Float64Array(1);
  let alen = 0;
  let blen = 0;
  let sum = 0;
  for (let i = 0; i < rounds; i++) {
    a[0] = i; alen++;
    const v = a[0]; alen--;
    b[0] = v + 1; blen++;
    sum += b[0]; blen--;
  }
  return alen + blen === 0 ? sum : -1;
}

export function forms(): Form[] {
  return [
    {
      workload: WORKLOAD, form: 'sync ring buffers (floor)', kind: 'floor', opsPerRun: OPS, allocWindow: OPS, minAllocWindow: 1000,
      run: (n) => syncPingPong(n >> 1),
    },
    {
      workload: WORKLOAD, form: 'native async/await + Promise queue', kind: 'native', baseline: true, opsPerRun: OPS,
      allocWindow: 20000, minAllocWindow: 1000,
      run: (n) => nativePingPong(n >> 1),
    },
    frugalForm(),
  ];
}
