// Two readers of ten values each through a dyn AsyncIterator whose one implementation (pool-reader.ts
// Ticks: odd values sleep first) is placed by Recycling: the call site runs its start form where the
// adapter would place the frame and takes that place only when it suspends.
// test/call-site-counters.test.ts reads the budget report it leaves.

import { Recycling } from '../../adapters/recycling.ts';
import { twoReaders } from './pool-reader.ts';

export const recycledReader = twoReaders('recycled-reader', 'two readers of ten values each through Recycling', { maxTasks: 2 }, (label) => new Recycling(label), false);
