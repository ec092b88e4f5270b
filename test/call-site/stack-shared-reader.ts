// As stack-reader.ts, with one adapter for both dyn objects: the call site counts its calls in words of
// its own, which the budget report adds into the adapter's and the tasks' counters.
// test/call-site-counters.test.ts reads the budget report it leaves.

import { SideStack } from '../../adapters/side-stack.ts';
import { twoReaders } from './pool-reader.ts';

export const stackSharedReader = twoReaders('stack-shared-reader', 'two readers of ten values each through one SideStack', { maxTasks: 2 }, (label) => new SideStack(label), true);
