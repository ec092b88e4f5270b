// Two readers of ten values each through a dyn AsyncIterator whose one implementation (pool-reader.ts
// Ticks: odd values sleep first) is placed by SideStack: the call site runs its start form where the
// adapter would place the frame and takes that place only when it suspends.
// test/call-site-counters.test.ts reads the budget report it leaves.

import { SideStack } from '../../adapters/side-stack.ts';
import { twoReaders } from './pool-reader.ts';

export const stackReader = twoReaders('stack-reader', 'two readers of ten values each through SideStack', { maxTasks: 2 }, (label) => new SideStack(label), false);
