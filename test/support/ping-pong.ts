// Hand-written state machines on the poll ABI: two tasks playing ping-pong through a channel, a
// signal and a sleep per round. Used by the allocation and soak tests.

import { defineFuture, PENDING, READY } from '../../executor/abi.ts';
import { recv, send, type Channel } from '../../primitives/channel.ts';
import type { Executor } from '../../executor/executor.ts';
import { waitSignal, type Signal } from '../../primitives/signal.ts';
import { sleep } from '../../primitives/sleep.ts';

// words [state, round, rounds, child, sum], refs [channel, signal]
export const Pinger = defineFuture({
  name: 'pinger',
  words: 5,
  refs: 2,
  init: function (ex, f, w, b, r, rb) {
    w[b + 2] = ex.an[0];
    r[rb] = ex.ar[0];
    r[rb + 1] = ex.ar[1];
  },
  poll: function (ex, f, w, b, r, rb) {
    for (;;) {
      switch (w[b]) {
        // @ts-expect-error TS7029: a hand-written poll falls from state to state
        case 0:
          if (w[b + 1] >= w[b + 2]) {
            ex.rn[0] = w[b + 4];
            return READY;
          }
          w[b + 3] = send(ex, r[rb] as Channel, w[b + 1]);
          w[b] = 1;
        // falls through
        // @ts-expect-error TS7029: a hand-written poll falls from state to state
        case 1:
          if (ex.awaitAt(w, b + 3) === PENDING) return PENDING;
          w[b + 3] = waitSignal(ex, r[rb + 1] as Signal);
          w[b] = 2;
        // falls through
        // @ts-expect-error TS7029: a hand-written poll falls from state to state
        case 2:
          if (ex.awaitAt(w, b + 3) === PENDING) return PENDING;
          w[b + 4] += ex.rn[0];
          w[b + 3] = sleep(ex, 1);
          w[b] = 3;
        // falls through
        default:
          if (ex.awaitAt(w, b + 3) === PENDING) return PENDING;
          w[b + 1]++;
          w[b] = 0;
      }
    }
  },
  drop: function (ex, f, w, b) {
    if (w[b + 3] !== 0) ex.drop(w[b + 3]);
  },
});

function pongBody(leaky: boolean) {
  // words [state, round, rounds, child], refs [channel, signal, leak]
  return defineFuture({
    name: leaky ? 'leaky-ponger' : 'ponger',
    words: 4,
    refs: 3,
    init: function (ex, f, w, b, r, rb) {
      w[b + 2] = ex.an[0];
      r[rb] = ex.ar[0];
      r[rb + 1] = ex.ar[1];
    },
    poll: function (ex, f, w, b, r, rb) {
      for (;;) {
        if (w[b] === 0) {
          if (w[b + 1] >= w[b + 2]) return READY;
          w[b + 3] = recv(ex, r[rb] as Channel);
          w[b] = 1;
        }
        if (ex.awaitAt(w, b + 3) === PENDING) return PENDING;
        // The deliberately allocating variant keeps a fresh object per round, as a careless
        // implementation would (a closure, a tuple, a boxed message).
        if (leaky) r[rb + 2] = { round: w[b + 1], value: ex.rn[0] };
        (r[rb + 1] as Signal).set(ex, ex.rn[0] + 1);
        w[b + 1]++;
        w[b] = 0;
      }
    },
    drop: function (ex, f, w, b) {
      if (w[b + 3] !== 0) ex.drop(w[b + 3]);
    },
  });
}

export const Ponger = pongBody(false);
export const LeakyPonger = pongBody(true);

export function spawnPingPong(ex: Executor, ch: Channel, sig: Signal, rounds: number, leaky: boolean): number[] {
  ex.an[0] = rounds;
  ex.ar[0] = ch;
  ex.ar[1] = sig;
  const a = ex.spawn(Pinger, { name: 'ping' });
  ex.an[0] = rounds;
  ex.ar[0] = ch;
  ex.ar[1] = sig;
  const b = ex.spawn(leaky ? LeakyPonger : Ponger, { name: 'pong' });
  return [a, b];
}
