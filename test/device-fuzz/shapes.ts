// The shapes the device-form random programs come in (test/support/device-fuzz.ts): each is built
// once, and its random programs differ only in data. Together they reach every adapter and every
// pool policy, computed sizes and given ones, a pool held by many callers at once, and tasks of
// both entries (a task ending or faulting while queued, while its futures wait on channels,
// signals, pin edges and serial lines, comes from the operations).
//
// Found by these programs and fixed (issue 22; their programs are regressions in
// test/device-fuzz.test.ts), and generated since:
//  - a call that awaits twice (BigSteps) beside another call in one select or join: on the host its
//    first await's frame stays dead under the other call's while its second is pushed on top; the
//    computed side stack now counts every frame such a call pushes (compiler/task-sizes.ts);
//  - a select or join whose second call is refused when its frame is opened (the pool full under
//    policy 'error', a held frame busy) while the first holds memory: the device now drops the
//    first before the throw goes on (compiler/device-form.ts), as the host's faulted task frees it.

import type { Shape } from './program.ts';

export const SHAPES: readonly Shape[] = [
  {
    // One task: a suspend that woke the task itself goes on in its poll while the run loop's batch
    // has polls to spare (compiler/device-self-poll.ts), a call site in it polls its callee again
    // at once, and its own resume states find the scratch or the slot without a record.
    name: 'solo',
    entries: [0],
    channels: [1, 2],
    dyns: [
      { impl: 'steps', adapter: 'ScratchOrPool' },
      { impl: 'big', adapter: 'ScratchOrPool' },
      { impl: 'steps', adapter: 'SideStack' },
    ],
    config: {},
    runMs: 200,
  },
  {
    // As solo, with no scratch and one pool slot: the site's slot and its own resume state there.
    name: 'solo-pool',
    entries: [0],
    channels: [1, 2],
    dyns: [
      { impl: 'steps', adapter: 'ScratchOrPool' },
      { impl: 'big', adapter: 'ScratchOrPool', policy: 'error' },
    ],
    config: { scratchWords: 0, scratchRefs: 0, poolSlots: 1, poolFullPolicy: 'wait' },
    runMs: 200,
  },
  {
    // Computed sizes; a dyn object per non-allocating adapter, the executor's 'error' policy.
    name: 'placed',
    entries: [0, 1, 0],
    channels: [1, 2],
    dyns: [
      { impl: 'steps', adapter: 'ScratchOrPool' },
      { impl: 'steps', adapter: 'SideStack' },
      { impl: 'big', adapter: 'Inline' },
      { impl: 'big', adapter: 'MaxSpace' },
    ],
    config: {},
    runMs: 200,
  },
  {
    // The allocating adapters, and ScratchOrPool with its own 'box' policy.
    name: 'boxed',
    entries: [0, 0, 1, 0],
    channels: [2],
    dyns: [
      { impl: 'big', adapter: 'Recycling' },
      { impl: 'steps', adapter: 'CallerCachedBox' },
      { impl: 'big', adapter: 'Boxing' },
      { impl: 'big', adapter: 'ScratchOrPool', policy: 'box' },
    ],
    config: {},
    runMs: 200,
  },
  {
    // No scratch and one pool slot: callers wait for it (the executor's policy, and their own) or box.
    name: 'pooled',
    entries: [0, 1, 0, 0, 1],
    channels: [1, 3],
    dyns: [
      { impl: 'big', adapter: 'ScratchOrPool' },
      { impl: 'steps', adapter: 'ScratchOrPool' },
      { impl: 'big', adapter: 'ScratchOrPool', policy: 'box' },
      { impl: 'steps', adapter: 'ScratchOrPool', policy: 'wait' },
    ],
    config: { scratchWords: 0, scratchRefs: 0, poolSlots: 1, poolFullPolicy: 'wait' },
    runMs: 200,
  },
  {
    // As pooled, with one caller whose own policy is 'error'.
    name: 'pooled-error',
    entries: [0, 1, 0, 0, 1],
    channels: [1, 3],
    dyns: [
      { impl: 'big', adapter: 'ScratchOrPool' },
      { impl: 'steps', adapter: 'ScratchOrPool', policy: 'error' },
      { impl: 'big', adapter: 'ScratchOrPool', policy: 'box' },
      { impl: 'steps', adapter: 'ScratchOrPool', policy: 'wait' },
    ],
    config: { scratchWords: 0, scratchRefs: 0, poolSlots: 1, poolFullPolicy: 'wait' },
    runMs: 200,
  },
  {
    // One implementation placed by ScratchOrPool alone: each await opens the frame in the task's
    // scratch itself and polls it there (device-futures.ts openScratchInline), else the pool.
    name: 'scratch',
    entries: [0, 1, 0],
    channels: [1, 2],
    dyns: [
      { impl: 'big', adapter: 'ScratchOrPool' },
      { impl: 'big', adapter: 'ScratchOrPool' },
    ],
    config: {},
    runMs: 200,
  },
  {
    // As scratch, with Steps, which is ready at its first poll when it does not sleep: the call
    // site gives the scratch back at once.
    name: 'scratch-steps',
    entries: [0, 1, 0],
    channels: [1, 2],
    dyns: [
      { impl: 'steps', adapter: 'ScratchOrPool' },
      { impl: 'steps', adapter: 'ScratchOrPool' },
    ],
    config: {},
    runMs: 200,
  },
  {
    // As scratch-steps, with no scratch and one pool slot: the call site takes the slot itself when
    // it is free (and gives it back at once when the callee is ready), else the call parks for it
    // (the executor's policy) or fails (one caller's own).
    name: 'pool-site',
    entries: [0, 1, 0],
    channels: [1, 2],
    dyns: [
      { impl: 'steps', adapter: 'ScratchOrPool' },
      { impl: 'steps', adapter: 'ScratchOrPool', policy: 'error' },
    ],
    config: { scratchWords: 0, scratchRefs: 0, poolSlots: 1, poolFullPolicy: 'wait' },
    runMs: 200,
  },
  {
    // As scratch-steps, with one adapter for both dyn objects and a scratch of one frame (a join or
    // select of two calls sends the second to the pool slot): the call site counts its calls in
    // words of its own, per task for the scratch, which the report adds up (program-facts.ts SiteCount).
    name: 'shared-site',
    entries: [0, 1, 0],
    channels: [1, 2],
    dyns: [
      { impl: 'steps', adapter: 'ScratchOrPool' },
      { impl: 'steps', adapter: 'ScratchOrPool', shared: true },
    ],
    config: { scratchWords: 2, scratchRefs: 1, poolSlots: 1, poolFullPolicy: 'wait' },
    runMs: 200,
  },
  {
    // One implementation behind Inline and MaxSpace: the call site opens the frame in the one the
    // adapter holds when it is free, else dynOpen refuses the call (a task faults).
    name: 'held-site',
    entries: [0, 1, 0],
    channels: [1, 2],
    dyns: [
      { impl: 'steps', adapter: 'Inline' },
      { impl: 'steps', adapter: 'MaxSpace' },
    ],
    config: {},
    runMs: 200,
  },
  {
    // As scratch-steps and held-site, with an implementation whose first poll goes round a loop:
    // the call site polls it in the place it took, held during that poll (no start form).
    name: 'scratch-loop',
    entries: [0, 1, 0],
    channels: [1, 2],
    dyns: [
      { impl: 'loop', adapter: 'ScratchOrPool' },
      { impl: 'loop', adapter: 'ScratchOrPool', policy: 'error' },
    ],
    // Its loop awaits: the side stack a join or select of two calls needs is given, not computed.
    config: { scratchWords: 2, scratchRefs: 1, poolSlots: 1, sideStackWords: 64, sideStackRefs: 16 },
    runMs: 200,
  },
  {
    name: 'held-loop',
    entries: [0, 1, 0],
    channels: [1, 2],
    dyns: [
      { impl: 'loop', adapter: 'Inline' },
      { impl: 'loop', adapter: 'MaxSpace' },
    ],
    config: { sideStackWords: 64, sideStackRefs: 16 },
    runMs: 200,
  },
  {
    // One implementation behind SideStack alone: the call site runs its start form at the task's
    // stack top and pushes the frame only when it suspends, else dynOpen refuses the call (full).
    name: 'stack-site',
    entries: [0, 1, 0],
    channels: [1, 2],
    dyns: [
      { impl: 'steps', adapter: 'SideStack' },
      { impl: 'steps', adapter: 'SideStack' },
    ],
    config: {},
    runMs: 200,
  },
  {
    // One implementation behind Recycling, then behind CallerCachedBox: the call site runs its start
    // form in the cached box when it is free and large enough, and holds the box only when it suspends.
    name: 'recycled-site',
    entries: [0, 1, 0],
    channels: [1, 2],
    dyns: [
      { impl: 'steps', adapter: 'Recycling' },
      { impl: 'steps', adapter: 'Recycling' },
    ],
    config: {},
    runMs: 200,
  },
  {
    name: 'cached-site',
    entries: [0, 1, 0],
    channels: [1, 2],
    dyns: [
      { impl: 'steps', adapter: 'CallerCachedBox' },
      { impl: 'steps', adapter: 'CallerCachedBox' },
    ],
    config: {},
    runMs: 200,
  },
];

/** Shapes whose programs are known to differ: not in SHAPES until fixed (none now). */
export const KNOWN_DIFFERENT: readonly Shape[] = [];
