// Hand-written state machines on the poll ABI: two tasks playing ping-pong, the one implementation
// the allocation test and the ping-pong benchmark (bench/workloads/ping-pong.ts) share. Each round
// the pinger sends the round number on a channel and awaits the reply; the ponger receives it and
// replies with value + 1. The reply goes back on a second channel (the benchmark) or through a
// signal (the allocation test, whose pinger also sleeps a millisecond a round, so that one round
// exercises sleep, signal and channel).

import { defineFuture, PENDING, READY, type FrameFn, type Vtable } from '../../executor/abi.ts';
import { recv, send, type Channel } from '../../primitives/channel.ts';
import type { Executor } from '../../executor/executor.ts';
import { waitSignal, type Signal } from '../../primitives/signal.ts';
import { sleep } from '../../primitives/sleep.ts';

/** How the ponger's reply travels: on a second channel (awaited by both sides) or through a signal. */
export type Reply = 'channel' | 'signal';

// Both players keep the round count in word 2 and their child future in word 3; the channel and
// the reply (a channel or a signal) are their references.
const initRounds: FrameFn = function (ex, f, w, b, r, rb) {
  w[b + 2] = ex.an[0];
  r[rb] = ex.ar[0];
  r[rb + 1] = ex.ar[1];
};

const dropChild: FrameFn = function (ex, f, w, b) {
  if (w[b + 3] !== 0) ex.drop(w[b + 3]);
};

/** The pinger: `rounds` rounds, then READY with the sum of the replies; sleeps sleepMs after each round when > 0. */
export function pinger(name: string, reply: Reply, sleepMs: number): Vtable {
  // words [state, round, rounds, child, sum], refs [channel, reply]
  return defineFuture({
    name: name,
    words: 5,
    refs: 2,
    init: initRounds,
    poll: function (ex, f, w, b, r, rb) {
      for (;;) {
        if (w[b] === 0) {
          if (w[b + 1] >= w[b + 2]) {
            ex.rn[0] = w[b + 4];
            return READY;
          }
          w[b + 3] = send(ex, r[rb] as Channel, w[b + 1]);
          w[b] = 1;
        }
        if (ex.awaitAt(w, b + 3) === PENDING) return PENDING;
        if (w[b] === 1) {
          w[b + 3] = reply === 'signal' ? waitSignal(ex, r[rb + 1] as Signal) : recv(ex, r[rb + 1] as Channel);
          w[b] = 2;
        } else if (w[b] === 2 && sleepMs > 0) {
          w[b + 4] += ex.rn[0];
          w[b + 3] = sleep(ex, sleepMs);
          w[b] = 3;
        } else {
          if (w[b] === 2) w[b + 4] += ex.rn[0];
          w[b + 1]++;
          w[b] = 0;
        }
      }
    },
    drop: dropChild,
  });
}

/**
 * The ponger: `rounds` replies of value + 1. The leaky one keeps a fresh object per round, as a
 * careless implementation would (a closure, a tuple, a boxed message): the allocation meter must see it.
 */
export function ponger(name: string, reply: Reply, leaky: boolean): Vtable {
  // words [state, round, rounds, child], refs [channel, reply, leak (the leaky one only)]
  return defineFuture({
    name: name,
    words: 4,
    refs: leaky ? 3 : 2,
    init: initRounds,
    poll: function (ex, f, w, b, r, rb) {
      for (;;) {
        if (w[b] === 0) {
          if (w[b + 1] >= w[b + 2]) return READY;
          w[b + 3] = recv(ex, r[rb] as Channel);
          w[b] = 1;
        }
        if (ex.awaitAt(w, b + 3) === PENDING) return PENDING;
        if (w[b] === 1) {
          if (leaky) r[rb + 2] = { round: w[b + 1], value: ex.rn[0] };
          if (reply === 'channel') {
            w[b + 3] = send(ex, r[rb + 1] as Channel, ex.rn[0] + 1);
            w[b] = 2;
            continue;
          }
          (r[rb + 1] as Signal).set(ex, ex.rn[0] + 1);
        }
        w[b + 1]++;
        w[b] = 0;
      }
    },
    drop: dropChild,
  });
}

const Pinger = pinger('pinger', 'signal', 1);
const Ponger = ponger('ponger', 'signal', false);
const LeakyPonger = ponger('leaky-ponger', 'signal', true);

/** Spawns the allocation test's pair (reply by signal, a 1 ms sleep a round); returns their handles. */
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
