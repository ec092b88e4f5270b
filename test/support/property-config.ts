// Run counts and seed of the property suite under `npm test`. Fixed, so that a red run replays as
// is; `npm run fuzz` (test/fuzz/run.ts) runs the same properties with 20,000 runs and any seed.

import fc from 'fast-check';
import { test } from 'uvu';
import type { NamedProperty } from './property-suite.ts';

export const TEST_RUNS = 300;
export const TEST_SEED = 20240607;

/** One uvu test per property; fast-check's failure message carries the seed, path and shrunk case. */
export function propertyTests(props: NamedProperty[]): void {
  for (const p of props) {
    test(p.name + ': ' + p.what, () => {
      fc.assert(p.property(), { numRuns: TEST_RUNS, seed: TEST_SEED });
    });
  }
}
