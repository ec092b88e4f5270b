// Known-dangerous edits to the core, each one a bug the suite must catch. `npm run mutate`
// (test/mutate/run.ts) applies them one at a time to a copy of the repository and runs the named
// test files; a mutation is caught only when that run fails. `find` must occur exactly once in
// `file`, so that an edit of the source which moves the target makes the list fail loudly instead
// of testing nothing.

import { DEVICE_MUTATIONS } from './device-mutations.ts';
import type { Mutation } from './mutation.ts';

export type { Mutation } from './mutation.ts';

// An allocation that escapes to a global, so V8 cannot optimize it away: the shape of a careless
// closure, tuple or message object made on a hot path.
const LEAK = '(globalThis as any).__mutantLeak = [0];';

const MODELS = 'property-primitives.test.ts';
const ALLOCATION = 'executor-allocation.test.ts';
const REUSE = 'executor-reuse.test.ts';

// The host's executor, primitives and adapters; device-mutations.ts has the board's side.
const HOST_MUTATIONS: Mutation[] = [
  {
    id: 'heap-no-sift-up',
    what: 'timer heap: removeAt moves the last entry into the hole but never sifts it up',
    file: 'executor/timer-heap.ts',
    find: '      this.down(i);\n      this.up(i);\n',
    replace: '      this.down(i);\n',
    tests: [MODELS],
  },
  {
    id: 'frame-gen-wraps-to-0',
    what: 'frame table: the generation wraps to 0, so frame 0 can get handle 0 ("no future")',
    file: 'executor/frame-handle.ts',
    find: 'gen === MAX_FRAME_GENERATION ? 1 :',
    replace: 'gen === MAX_FRAME_GENERATION ? 0 :',
    tests: [REUSE, 'executor-spawn.test.ts'],
  },
  {
    id: 'task-gen-wraps-to-0',
    what: 'task table: the generation wraps to 0, so task 0 can get handle 0',
    file: 'contract/task-handle.ts',
    find: 'gen === 255 ? 1 :',
    replace: 'gen === 255 ? 0 :',
    tests: [REUSE],
  },
  {
    id: 'backstop-skips-last-frame',
    what: "release backstop (cancel, exit, fault): the scan for a task's leftover frames stops before the last entry",
    file: 'executor/executor.ts',
    find: 'for (let f = 0; f < fr.capacity; f++) {',
    replace: 'for (let f = 0; f < fr.capacity - 1; f++) {',
    tests: ['fault-injection.test.ts', 'cancellation-faults.test.ts', REUSE],
  },
  {
    id: 'pool-handoff-lifo',
    what: 'pool: a freed slot goes to the newest waiting caller instead of the longest-waiting one',
    file: 'executor/executor.ts',
    find: '    const ws = this.pool.waiters;\n    const f = ws.st[WAIT_HEAD];',
    replace: '    const ws = this.pool.waiters;\n    const f = ws.st[WAIT_TAIL];',
    tests: [MODELS],
  },
  {
    id: 'range-exact-fit-refused',
    what: 'range allocator: a free range exactly as long as the request is passed over (> for >=)',
    file: 'executor/range-allocator.ts',
    find: 'if (this.len[i] >= n) {',
    replace: 'if (this.len[i] > n) {',
    tests: [MODELS],
  },
  {
    id: 'range-join-off-by-one',
    what: 'range allocator: release joins a range that ends one unit before the freed one',
    file: 'executor/range-allocator.ts',
    find: 'const joinPrev = i > 0 && this.start[i - 1] + this.len[i - 1] === s;',
    replace: 'const joinPrev = i > 0 && this.start[i - 1] + this.len[i - 1] >= s - 1;',
    tests: [MODELS],
  },
  {
    id: 'side-stack-bound-off-by-one',
    what: "side stack: the overflow check forgets the frame's header word",
    file: 'executor/task-stack.ts',
    find: 'ts.stackTop[t] + words + 1 <= ts.wordBase[t] + ts.stackWords[t]',
    replace: 'ts.stackTop[t] + words <= ts.wordBase[t] + ts.stackWords[t]',
    tests: ['executor-spawn.test.ts', 'fault-injection.test.ts', 'hostile-input.test.ts'],
  },
  {
    id: 'queued-flag-kept-on-shift',
    what: 'run queue: shift leaves the popped task marked queued, so its next wake is lost',
    file: 'executor/run-queue.ts',
    find: '    st[RQ_LENGTH]--;\n    this.queued[t] = 0;\n',
    replace: '    st[RQ_LENGTH]--;\n',
    tests: [MODELS],
  },
  {
    id: 'waiter-kept-on-drop',
    what: 'waiter set: freeing a frame (drop, cancel) leaves it linked in the set it waits in',
    file: 'executor/executor.ts',
    find: '    if (fr.waitSet[f] >= 0) this.waitSets[fr.waitSet[f]].remove(this, f);\n',
    replace: '',
    tests: [MODELS, 'cancellation-faults.test.ts'],
  },
  {
    id: 'waiter-flag-kept-on-wake',
    what: 'waiter set: wakeAll empties the list but leaves each frame marked as waiting, so it cannot park again',
    file: 'executor/waiter-set.ts',
    find: '      fr.waitSet[f] = -1;\n      ex.wake(fr.task[f]);',
    replace: '      ex.wake(fr.task[f]);',
    tests: [MODELS],
  },
  {
    id: 'timer-ties-lifo',
    what: "timer order (the heap and the device's table): equal deadlines fire newest first",
    file: 'contract/timer-order.ts',
    find: 'deadlineA === deadlineB && seqA < seqB',
    replace: 'deadlineA === deadlineB && seqA > seqB',
    tests: [MODELS],
  },
  {
    id: 'remove-task-no-rescan',
    what: 'timer heap: removeTask keeps scanning downwards after a removal and misses the entry moved into the hole',
    file: 'executor/timer-heap.ts',
    find: '        n++;\n        i = this.st[TIMERS_SIZE] - 1;\n',
    replace: '        n++;\n        i--;\n',
    tests: [MODELS],
  },
  {
    id: 'dead-frame-not-marked',
    what: 'side stack: a frame dropped below the top is not marked dead, so the stack never shrinks past it',
    file: 'executor/task-stack.ts',
    find: '    w[base + words] = -w[base + words];\n    return;',
    replace: '    return;',
    tests: ['executor-spawn.test.ts', 'fault-injection.test.ts', REUSE],
  },
  {
    id: 'recv-keeps-reference',
    what: 'channel: tryRecv on a reference channel leaves the item in its slot (kept alive)',
    file: 'primitives/channel.ts',
    find: '      ex.rr = this.refs[i];\n      this.refs[i] = undefined;',
    replace: '      ex.rr = this.refs[i];',
    tests: [MODELS],
  },
  {
    id: 'spawn-allocates',
    what: 'spawn allocates an escaping object',
    file: 'executor/executor.ts',
    find: '    this.stats[S_SPAWNED]++;',
    replace: '    this.stats[S_SPAWNED]++;\n    ' + LEAK,
    tests: [ALLOCATION],
  },
  {
    id: 'cancel-allocates',
    what: 'cancel allocates an escaping object',
    file: 'executor/executor.ts',
    find: '    this.stats[S_CANCELLED]++;',
    replace: '    this.stats[S_CANCELLED]++;\n    ' + LEAK,
    tests: [ALLOCATION],
  },
  {
    id: 'select-poll-allocates',
    what: 'Select.poll allocates an escaping object',
    file: 'primitives/select.ts',
    find: '  poll: function (ex, f, w, b) {\n    const n = w[b];',
    replace: '  poll: function (ex, f, w, b) {\n    ' + LEAK + '\n    const n = w[b];',
    tests: [ALLOCATION],
  },
  {
    id: 'pool-wait-poll-allocates',
    what: 'PoolWait.poll allocates an escaping object',
    file: 'adapters/pool-wait.ts',
    find: '  poll: function (ex, f, w, b, r, rb) {\n    if (w[b] === 0) {',
    replace: '  poll: function (ex, f, w, b, r, rb) {\n    ' + LEAK + '\n    if (w[b] === 0) {',
    tests: [ALLOCATION],
  },
];

export const MUTATIONS: Mutation[] = HOST_MUTATIONS.concat(DEVICE_MUTATIONS);
