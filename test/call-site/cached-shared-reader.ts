// As cached-reader.ts, with one adapter for both dyn objects: the call site counts its calls in words of
// its own, which the budget report adds into the adapter's and the tasks' counters.
// test/call-site-counters.test.ts reads the budget report it leaves.

import { CallerCachedBox } from '../../adapters/caller-cached-box.ts';
import { twoReaders } from './pool-reader.ts';

export const cachedSharedReader = twoReaders('cached-shared-reader', 'two readers of ten values each through one CallerCachedBox', { maxTasks: 2 }, (label) => new CallerCachedBox(label), true);
