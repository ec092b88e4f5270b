// As recycled-reader.ts, with one adapter for both dyn objects: the call site counts its calls in words of
// its own, which the budget report adds into the adapter's and the tasks' counters.
// test/call-site-counters.test.ts reads the budget report it leaves.

import { Recycling } from '../../adapters/recycling.ts';
import { twoReaders } from './pool-reader.ts';

export const recycledSharedReader = twoReaders('recycled-shared-reader', 'two readers of ten values each through one Recycling', { maxTasks: 2 }, (label) => new Recycling(label), true);
