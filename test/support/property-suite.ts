// The named properties, shared by the uvu suite (a fixed seed and a few hundred runs each) and by
// `npm run fuzz` (many more runs, any seed). Each property throws with every violated invariant.

import fc from 'fast-check';
import type { PoolFullPolicy } from '../../executor/config.ts';
import { A_ALLOCS } from '../../contract/adapter-counters.ts';
import { implArb, worldArb, type Cmd, type GenOptions, type World } from './property-lang.ts';
import { MODEL_PROPERTIES } from './property-models.ts';
import { runWorld } from './property-run.ts';

export interface NamedProperty {
  name: string;
  what: string;
  property: () => fc.IProperty<any>;
}

function check(world: World): ReturnType<typeof runWorld> {
  const r = runWorld(world);
  if (r.violations.length > 0) throw new Error(r.violations.join('\n'));
  return r;
}

function worldProperty(gen: GenOptions) {
  return () => fc.property(worldArb(gen), (world: World) => { check(world); });
}

const dynLeaf = fc.record({ k: fc.constant('dyn' as const), d: fc.nat({ max: 3 }), escaping: fc.boolean() });
const poolCmd: fc.Arbitrary<Cmd> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ k: fc.constant('await' as const), leaf: dynLeaf }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('join' as const), leaves: fc.array(dynLeaf, { minLength: 1, maxLength: 3 }) }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('select' as const), leaves: fc.array(dynLeaf, { minLength: 1, maxLength: 3 }) }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('await' as const), leaf: fc.record({ k: fc.constant('sleep' as const), ms: fc.integer({ min: 0, max: 5 }) }) }) },
);

// Tasks that only make dyn calls through ScratchOrPool with no scratch and one to three pool slots,
// so that calls overlap and the pool runs out all the time; some tasks are cancelled mid-call.
function poolWorldArb(policy: PoolFullPolicy): fc.Arbitrary<World> {
  return fc.record({
    cfg: fc.record({
      maxTasks: fc.integer({ min: 1, max: 8 }), sideStackWords: fc.constant(96), sideStackRefs: fc.constant(16),
      scratchWords: fc.constant(0), scratchRefs: fc.constant(0), poolSlots: fc.integer({ min: 1, max: 3 }),
      poolSlotWords: fc.constant(16), poolSlotRefs: fc.integer({ min: 1, max: 2 }), poolFullPolicy: fc.constant(policy),
      framesPerTask: fc.constant(16), timerCapacity: fc.constant(64), queueExtra: fc.constant(0),
    }),
    channels: fc.constant([1]),
    impls: fc.array(implArb.map((i) => ({ ...i, delay: 1 + i.delay })), { minLength: 1, maxLength: 3 }),
    adapters: fc.constant([{ k: 'ScratchOrPool' as const, policy: null }]),
    dyns: fc.array(fc.record({ impl: fc.nat({ max: 7 }), adapter: fc.constant(0) }), { minLength: 1, maxLength: 4 }),
    programs: fc.array(fc.array(poolCmd, { minLength: 1, maxLength: 8 }), { minLength: 1, maxLength: 8 }),
    initial: fc.integer({ min: 1, max: 8 }),
    events: fc.array(fc.record({ at: fc.integer({ min: 0, max: 60 }), ev: fc.record({ k: fc.constant('cancel' as const), task: fc.nat({ max: 7 }) }) }), { maxLength: 3 }),
    edges: fc.constant([]),
    lines: fc.constant([]),
    horizon: fc.constant(5000),
  });
}

function poolProperty(policy: PoolFullPolicy) {
  return () => fc.property(poolWorldArb(policy), (world: World) => {
    const r = check(world);
    const ex = r.ex!;
    const allocs = r.adapters[0].stats[A_ALLOCS];
    if (policy === 'error') {
      for (const m of r.faultMessages) if (!/and the pool is exhausted \(all \d+ slots of 16 words in use\); raise poolSlots/.test(m)) throw new Error('unexpected fault: ' + m);
      return;
    }
    // 'wait' parks and 'box' allocates: nobody fails and every task that was not cancelled finishes.
    if (r.faults !== 0) throw new Error(policy + ': ' + r.faults + ' fault(s): ' + r.faultMessages.join(' | '));
    if (r.liveAtHorizon !== 0) throw new Error(policy + ': ' + r.liveAtHorizon + ' task(s) still waiting at the horizon');
    if (policy === 'box' && ex.boxedFrames !== allocs) throw new Error('box: ' + ex.boxedFrames + ' boxed frames, adapter counted ' + allocs);
    if (policy === 'wait' && (allocs !== 0 || ex.boxedFrames !== 0)) throw new Error('wait: allocated');
  });
}

export const WORLD_PROPERTIES: NamedProperty[] = [
  {
    name: 'programs',
    what: 'random task programs over sleep, yield, channels, signals, pin edges, serial lines, select, join, timeout, spawn, cancel, injected throws, orphans and stale handles',
    property: worldProperty({ dyn: false, primitives: true }),
  },
  {
    name: 'dyn calls',
    what: 'random dyn calls through every adapter (ScratchOrPool with each policy, SideStack, Inline, MaxSpace, Recycling, CallerCachedBox, Boxing) inside select/join/timeout, with cancellation and pool exhaustion',
    property: worldProperty({ dyn: true, primitives: false }),
  },
  {
    name: 'everything',
    what: 'programs mixing every primitive and every adapter',
    property: worldProperty({ dyn: true, primitives: true }),
  },
  {
    name: 'programs, big worlds',
    what: 'the same programs at fast-check size max: more and longer programs, more events, deeper timer heaps, longer runs',
    property: worldProperty({ dyn: false, primitives: true, big: true }),
  },
  {
    name: 'everything, big worlds',
    what: 'every primitive and every adapter at fast-check size max',
    property: worldProperty({ dyn: true, primitives: true, big: true }),
  },
  {
    name: "pool exhausted, policy 'error'",
    what: 'overlapping dyn calls on a one-to-three-slot pool: the only faults are clear pool-exhausted errors',
    property: poolProperty('error'),
  },
  {
    name: "pool exhausted, policy 'wait'",
    what: 'the same with parking: no fault, no allocation, every task not cancelled finishes',
    property: poolProperty('wait'),
  },
  {
    name: "pool exhausted, policy 'box'",
    what: 'the same with boxing: no fault, every task finishes, boxed frames = adapter allocations',
    property: poolProperty('box'),
  },
];

export const ALL_PROPERTIES: NamedProperty[] = WORLD_PROPERTIES.concat(MODEL_PROPERTIES);
