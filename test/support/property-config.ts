// Run counts and seed of the property suite under `npm test`. Fixed, so that a red run replays as
// is; `npm run fuzz` (test/fuzz/run.ts) runs the same properties with 20,000 runs and any seed.

import fc from 'fast-check';
import { test } from 'uvu';
import type { NamedProperty } from './property-suite.ts';

export const TEST_RUNS = 300;
/** The plain-array models cost tens of microseconds a run: they get the fuzz run count every time. */
export const MODEL_RUNS = 20000;
export const TEST_SEED = 20240607;

/** One uvu test per property; fast-check's failure message carries the seed, path and shrunk case. */
export function propertyTests(props: NamedProperty[], runs = TEST_RUNS): void {
  for (const p of props) {
    test(p.name + ': ' + p.what, () => {
      fc.assert(p.property(), { numRuns: runs, seed: TEST_SEED });
    });
  }
}
