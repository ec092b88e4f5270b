// Two readers of ten values each through a dyn AsyncIterator whose one implementation (pool-reader.ts
// Ticks: odd values sleep first) is placed by SideStack: the call site runs its start form where the
// adapter would place the frame and takes that place only when it suspends.
// test/call-site-counters.test.ts reads the budget report it leaves.

import { spawnTask } from '../../tasks/lowered.ts';
import { dyn } from '../../adapters/dyn.ts';
import { AsyncIterator, implement } from '../../adapters/interface.ts';
import { SideStack } from '../../adapters/side-stack.ts';
import type { Example } from '../../program/example.ts';
import { readTen, Ticks } from './pool-reader.ts';

export const stackReader: Example = {
  name: 'stack-reader',
  description: 'two readers of ten values each through SideStack',
  config: { maxTasks: 2 },
  setup: function (ex, hal) {
    for (const name of ['first', 'second']) spawnTask(ex, readTen, [hal, dyn(implement(AsyncIterator, name, new Ticks()), new SideStack(name))], { name });
  },
  simulate: function () {},
  runMs: 500,
};
