// Channels (numbers and references), signals, select/timeout, join, yield and stored futures.

import {
  join, recv, recvRef, select, send, sendRef, setSignal, sleep, timeout, trySend, waitSignal, yieldNow,
  type NumberChannel, type RefChannel, type Signal,
} from '../../tasks/task-api.ts';
import { trace, useEnv, type Env } from './env.ts';

async function producer(ch: NumberChannel, n: number): Promise<void> {
  for (let i = 1; i <= n; i++) {
    await send(ch, i * i);
    trace('sent ' + i);
    await sleep(3);
  }
  await send(ch, -1);
}

async function consumer(ch: NumberChannel): Promise<number> {
  let sum = 0;
  for (;;) {
    const v = await recv(ch);
    if (v < 0) break;
    sum += v;
    trace('got ' + v);
    if (v > 10) await sleep(7);
  }
  trace('sum ' + sum);
  return sum;
}

async function double(x: number): Promise<number> {
  await sleep(2);
  return x * 2;
}

async function watcher(sig: Signal, out: Signal): Promise<void> {
  for (let i = 0; i < 4; i++) {
    const [which, value] = await select(waitSignal(sig), sleep(40));
    trace(which === 0 ? 'signal ' + value : 'tick');
    if (which === 0) setSignal(out, value * 100);
  }
  const [timedOut] = await timeout(5, sleep(50));
  trace('timed out ' + timedOut);
  const [early, v] = await timeout(50, double(4));
  trace('in time ' + early + ' ' + v);
}

async function listener(sig: Signal): Promise<void> {
  const v = await waitSignal(sig);
  trace('listener ' + v);
}

async function joiner(ch: NumberChannel): Promise<void> {
  await sleep(100);
  const [a, b] = await join(recv(ch), double(21));
  trace('joined ' + a + ' ' + b);
  // Stored futures. A stored lowered call starts at its first poll (natively, when called), so it
  // is awaited before any time passes; a stored primitive keeps its deadline from when it was made.
  const later = sleep(10);
  const pair = join(double(1), double(2));
  await yieldNow();
  trace('yielded');
  const [x, y] = await pair;
  const doubled = double(5);
  await yieldNow();
  const d = await doubled;
  trace('stored pair ' + x + ' ' + y + ' ' + d);
  await later;
  trace('stored sleep done');
}

async function feeder(ch: NumberChannel): Promise<void> {
  await sleep(105);
  trace('trySend ' + trySend(ch, 5));
}

async function refs(ch: RefChannel<string>): Promise<void> {
  await sendRef(ch, 'hello');
  await sendRef(ch, 'world');
  const a = await recvRef(ch);
  const b = await recvRef(ch);
  trace(a + ' ' + b);
}

export function setup(env: Env): void {
  useEnv(env);
  const ch = env.numberChannel(2);
  env.spawn('producer', producer, [ch, 5]);
  env.spawn('consumer', consumer, [ch]);
  const sig = env.signal();
  const out = env.signal();
  env.spawn('watcher', watcher, [sig, out]);
  env.spawn('listener', listener, [out]);
  env.setSignalAt(25, sig, 7);
  env.setSignalAt(95, sig, 9);
  const ch2 = env.numberChannel(1);
  env.spawn('joiner', joiner, [ch2]);
  env.spawn('feeder', feeder, [ch2]);
  env.spawn('refs', refs, [env.refChannel<string>(2)]);
}
