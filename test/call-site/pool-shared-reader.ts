// As pool-reader.ts, with one adapter for both dyn objects: the call site counts its calls in words of
// its own, which the budget report adds into the adapter's and the tasks' counters.
// test/call-site-counters.test.ts reads the budget report it leaves.

import { ScratchOrPool } from '../../adapters/scratch-or-pool.ts';
import { POOL_ONLY, twoReaders } from './pool-reader.ts';

export const poolSharedReader = twoReaders('pool-shared-reader', 'two readers of ten values each through one ScratchOrPool and its one pool slot', POOL_ONLY,
  (label) => new ScratchOrPool({ label }), true);
