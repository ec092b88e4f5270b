// The program language of the property tests: a world (executor config, channels, signals, dyn
// objects, task programs, outside events) as plain data, so that fast-check can generate, shrink
// and print it, and a failing case can be pasted into a regression test as a literal.
//
// Indices (channel, signal, dyn, program, task) are plain naturals taken modulo the list they
// point into when the world is run: shrinking a list never makes a program invalid.

import fc from 'fast-check';
import type { ExecutorConfig, PoolFullPolicy } from '../../executor/config.ts';

/** An executor config, with the frame table and run queue given relative to maxTasks. */
export type Cfg = Omit<ExecutorConfig, 'maxFrames' | 'runQueueCapacity'> & {
  /** maxFrames = maxTasks * framesPerTask */
  framesPerTask: number;
  /** runQueueCapacity = maxTasks + queueExtra */
  queueExtra: number;
};

/** A future a command opens and awaits (always wrapped in an observing future). */
export type Leaf =
  | { k: 'sleep'; ms: number }
  | { k: 'yield' }
  | { k: 'recv'; ch: number }
  | { k: 'send'; ch: number; v: number }
  | { k: 'wait'; sig: number }
  | { k: 'edge'; kind: number }
  | { k: 'line' }
  | { k: 'dyn'; d: number; escaping: boolean };

export type Cmd =
  | { k: 'await'; leaf: Leaf }
  | { k: 'select'; leaves: Leaf[] }
  | { k: 'join'; leaves: Leaf[] }
  | { k: 'timeout'; ms: number; leaf: Leaf }
  | { k: 'trySend'; ch: number; v: number }
  | { k: 'set'; sig: number; v: number }
  | { k: 'spawn'; prog: number }
  | { k: 'cancel'; task: number }
  | { k: 'throw' }
  | { k: 'dropEarly'; leaf: Leaf }
  | { k: 'orphan'; leaf: Leaf }
  | { k: 'stale'; leaf: Leaf }
  | { k: 'armDropThrow' }
  | { k: 'wakes'; task: number; n: number }
  /** Opens a sleep, polls it once (so its timer is pending) and forgets it: only the backstop frees it. */
  | { k: 'abandon'; ms: number };

/** Things that happen between polls, from outside any task (interrupt-style). */
export type Ev =
  | { k: 'cancel'; task: number }
  | { k: 'set'; sig: number; v: number }
  | { k: 'trySend'; ch: number; v: number }
  | { k: 'spawn'; prog: number }
  | { k: 'wakes'; task: number; n: number };

export type AdapterSpec =
  | { k: 'ScratchOrPool'; policy: PoolFullPolicy | null }
  | { k: 'SideStack' }
  | { k: 'Inline' }
  | { k: 'MaxSpace'; extraWords: number; extraRefs: number }
  | { k: 'Recycling' }
  | { k: 'CallerCachedBox' }
  | { k: 'Boxing' };

export interface ImplSpec { limit: number; words: number; delay: number }

export interface World {
  cfg: Cfg;
  channels: number[];
  impls: ImplSpec[];
  adapters: AdapterSpec[];
  dyns: { impl: number; adapter: number }[];
  programs: Cmd[][];
  /** Programs 0..initial-1 are spawned before the run; the others only by spawn commands/events. */
  initial: number;
  events: { at: number; ev: Ev }[];
  /** Times of level changes on BTN1 (alternating 1, 0, ...). */
  edges: number[];
  /** Serial lines arriving on port 0. */
  lines: { at: number; text: string }[];
  horizon: number;
}

export interface GenOptions {
  /** Generate dyn calls (and the adapters they go through). */
  dyn: boolean;
  /** Generate every primitive (channels, signals, pins, serial, orphans, faults). */
  primitives: boolean;
  /**
   * Big worlds: fast-check's largest size, up to 16 tasks with programs of up to 96 commands, up
   * to 64 timers and horizons up to 2 s: over the property seed's 300 worlds a median of 38 polls
   * and at most 543, where default-sized worlds have a median of 5 and at most 46.
   */
  big?: boolean;
}

const POLICIES: PoolFullPolicy[] = ['error', 'wait', 'box'];

// Mostly budgets a program fits in, sometimes tight ones, so that runs exercise both the work and
// every budget error.
function roomy<T>(usual: fc.Arbitrary<T>, tight: fc.Arbitrary<T>): fc.Arbitrary<T> {
  return fc.oneof({ weight: 4, arbitrary: usual }, { weight: 1, arbitrary: tight });
}

export const cfgArb: fc.Arbitrary<Cfg> = cfgOf(8, 16);

/** Budgets for up to `tasks` tasks and `timers` pending deadlines. */
function cfgOf(tasks: number, timers: number): fc.Arbitrary<Cfg> {
  return fc.record({
  maxTasks: fc.integer({ min: 1, max: tasks }),
  sideStackWords: roomy(fc.constantFrom(48, 64, 96), fc.constantFrom(12, 16, 24, 32)),
  sideStackRefs: roomy(fc.integer({ min: 8, max: 16 }), fc.integer({ min: 3, max: 7 })),
  scratchWords: fc.constantFrom(0, 2, 4, 8, 16),
  scratchRefs: fc.integer({ min: 0, max: 4 }),
  poolSlots: fc.integer({ min: 0, max: 4 }),
  poolSlotWords: fc.constantFrom(4, 8, 16),
  poolSlotRefs: fc.integer({ min: 1, max: 4 }),
  poolFullPolicy: fc.constantFrom(...POLICIES),
  framesPerTask: roomy(fc.integer({ min: 8, max: 16 }), fc.integer({ min: 1, max: 7 })),
  timerCapacity: roomy(fc.integer({ min: 6, max: timers }), fc.integer({ min: 1, max: 5 })),
  queueExtra: fc.integer({ min: 0, max: 3 }),
  });
}

const nat8 = fc.nat({ max: 7 });

function leafArb(o: GenOptions): fc.Arbitrary<Leaf> {
  const base: fc.WeightedArbitrary<Leaf>[] = [
    { weight: 4, arbitrary: fc.record({ k: fc.constant('sleep' as const), ms: fc.integer({ min: 0, max: 30 }) }) },
    { weight: 1, arbitrary: fc.constant({ k: 'yield' as const }) },
  ];
  if (o.primitives) {
    base.push(
      { weight: 3, arbitrary: fc.record({ k: fc.constant('recv' as const), ch: nat8 }) },
      { weight: 3, arbitrary: fc.record({ k: fc.constant('send' as const), ch: nat8, v: fc.integer({ min: 0, max: 99 }) }) },
      { weight: 3, arbitrary: fc.record({ k: fc.constant('wait' as const), sig: nat8 }) },
      { weight: 1, arbitrary: fc.record({ k: fc.constant('edge' as const), kind: fc.integer({ min: 0, max: 2 }) }) },
      { weight: 1, arbitrary: fc.constant({ k: 'line' as const }) },
    );
  }
  if (o.dyn) base.push({ weight: o.primitives ? 4 : 8, arbitrary: fc.record({ k: fc.constant('dyn' as const), d: nat8, escaping: fc.boolean() }) });
  return fc.oneof(...base);
}

function cmdArb(o: GenOptions): fc.Arbitrary<Cmd> {
  const leaf = leafArb(o);
  const leaves = fc.array(leaf, { minLength: 1, maxLength: 4 });
  const cmds: fc.WeightedArbitrary<Cmd>[] = [
    { weight: 8, arbitrary: fc.record({ k: fc.constant('await' as const), leaf }) },
    { weight: 3, arbitrary: fc.record({ k: fc.constant('select' as const), leaves }) },
    { weight: 3, arbitrary: fc.record({ k: fc.constant('join' as const), leaves }) },
    { weight: 2, arbitrary: fc.record({ k: fc.constant('timeout' as const), ms: fc.integer({ min: 0, max: 30 }), leaf }) },
    { weight: 1, arbitrary: fc.record({ k: fc.constant('spawn' as const), prog: nat8 }) },
    { weight: 1, arbitrary: fc.record({ k: fc.constant('cancel' as const), task: nat8 }) },
    { weight: 1, arbitrary: fc.record({ k: fc.constant('dropEarly' as const), leaf }) },
    { weight: 1, arbitrary: fc.record({ k: fc.constant('stale' as const), leaf }) },
    { weight: 1, arbitrary: fc.record({ k: fc.constant('wakes' as const), task: nat8, n: fc.integer({ min: 1, max: 100 }) }) },
  ];
  if (o.primitives) {
    cmds.push(
      { weight: 2, arbitrary: fc.record({ k: fc.constant('trySend' as const), ch: nat8, v: fc.integer({ min: 0, max: 99 }) }) },
      { weight: 2, arbitrary: fc.record({ k: fc.constant('set' as const), sig: nat8, v: fc.integer({ min: 0, max: 99 }) }) },
      { weight: 1, arbitrary: fc.constant({ k: 'throw' as const }) },
      { weight: 1, arbitrary: fc.record({ k: fc.constant('orphan' as const), leaf }) },
      { weight: 1, arbitrary: fc.constant({ k: 'armDropThrow' as const }) },
      { weight: 1, arbitrary: fc.record({ k: fc.constant('abandon' as const), ms: fc.integer({ min: 1, max: 400 }) }) },
    );
  }
  return fc.oneof(...cmds);
}

function evArb(o: GenOptions): fc.Arbitrary<Ev> {
  const evs: fc.Arbitrary<Ev>[] = [
    fc.record({ k: fc.constant('cancel' as const), task: nat8 }),
    fc.record({ k: fc.constant('spawn' as const), prog: nat8 }),
    fc.record({ k: fc.constant('wakes' as const), task: nat8, n: fc.integer({ min: 1, max: 100 }) }),
  ];
  if (o.primitives) {
    evs.push(
      fc.record({ k: fc.constant('set' as const), sig: nat8, v: fc.integer({ min: 0, max: 99 }) }),
      fc.record({ k: fc.constant('trySend' as const), ch: nat8, v: fc.integer({ min: 0, max: 99 }) }),
    );
  }
  return fc.oneof(...evs);
}

const adapterArb: fc.Arbitrary<AdapterSpec> = fc.oneof(
  fc.record({ k: fc.constant('ScratchOrPool' as const), policy: fc.constantFrom<PoolFullPolicy | null>(null, 'error', 'wait', 'box') }),
  fc.constant({ k: 'SideStack' as const }),
  fc.constant({ k: 'Inline' as const }),
  fc.record({ k: fc.constant('MaxSpace' as const), extraWords: fc.integer({ min: 0, max: 4 }), extraRefs: fc.integer({ min: 0, max: 2 }) }),
  fc.constant({ k: 'Recycling' as const }),
  fc.constant({ k: 'CallerCachedBox' as const }),
  fc.constant({ k: 'Boxing' as const }),
);

export const implArb: fc.Arbitrary<ImplSpec> = fc.record({
  limit: fc.integer({ min: 0, max: 6 }),
  words: fc.constantFrom(2, 4, 6, 10, 16),
  delay: fc.integer({ min: 0, max: 5 }),
});

export function worldArb(o: GenOptions): fc.Arbitrary<World> {
  // fast-check's default size keeps arrays near a tenth of their maximum; 'max' lets them reach it.
  const size = o.big ? 'max' : undefined;
  const k = o.big ? 12 : 1;
  return fc.record({
    cfg: o.big ? cfgOf(16, 64) : cfgArb,
    channels: fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 1, maxLength: 3 }),
    impls: fc.array(implArb, { minLength: 1, maxLength: 3 }),
    adapters: fc.array(adapterArb, { minLength: 1, maxLength: 4 }),
    dyns: fc.array(fc.record({ impl: nat8, adapter: nat8 }), { minLength: 1, maxLength: 4 }),
    programs: fc.array(fc.array(cmdArb(o), { maxLength: 8 * k, size }), { minLength: 1, maxLength: o.big ? 8 : 6, size }),
    initial: fc.integer({ min: 1, max: o.big ? 16 : 6 }),
    events: fc.array(fc.record({ at: fc.integer({ min: 0, max: 200 * k }), ev: evArb(o) }), { maxLength: 8 * k, size }),
    edges: o.primitives ? fc.array(fc.integer({ min: 0, max: 200 * k }), { maxLength: 4 * k, size }) : fc.constant([]),
    lines: o.primitives ? fc.array(fc.record({ at: fc.integer({ min: 0, max: 200 * k }), text: fc.constantFrom('a\n', 'bc\n', 'x') }), { maxLength: 2 * k, size }) : fc.constant([]),
    horizon: o.big ? fc.integer({ min: 500, max: 2000 }) : fc.integer({ min: 50, max: 300 }),
  });
}
