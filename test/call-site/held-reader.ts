// One reader of ten values through a dyn AsyncIterator whose one implementation (pool-reader.ts
// Ticks: odd values sleep first) is placed by Inline: the call site runs its start form in the
// frame the adapter holds and counts its calls in words of its own (one task: a held frame
// serves one call at a time). test/call-site-counters.test.ts reads the budget report it leaves.

import { Inline } from '../../adapters/inline.ts';
import { twoReaders } from './pool-reader.ts';

export const heldReader = twoReaders('held-reader', 'one reader of ten values through Inline', { maxTasks: 1 }, (label) => new Inline(label), true, ['only']);
