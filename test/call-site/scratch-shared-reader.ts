// Two readers of ten values each through one ScratchOrPool (pool-reader.ts Ticks: odd values sleep
// first), each call in its task's scratch: the call site counts it in a word per task of its own,
// which the budget report adds into the adapter's counters and each task's scratch hits and
// high-water mark. test/call-site-counters.test.ts reads the budget report it leaves.

import { ScratchOrPool } from '../../adapters/scratch-or-pool.ts';
import { twoReaders } from './pool-reader.ts';

export const scratchSharedReader = twoReaders('scratch-shared-reader', 'two readers of ten values each through one ScratchOrPool, in their scratch', { maxTasks: 2 },
  (label) => new ScratchOrPool({ label }), true);
